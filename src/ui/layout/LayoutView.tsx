// Lay out: where arm64 kexec_file_load puts every buffer. Controls on the left, the map and the
// segments table (the canonical data) on the right; every change re-lays out at once.
import { hex } from '../../core/bytes/hex';
import type { LayoutMode } from '../../core/kexec/layout';
import { PRESETS } from '../../core/kexec/presets';
import type { LayoutSettings } from '../../state/layoutSlice';
import { useLayoutView } from './useLayoutView';
import { useStore } from '../../state/store';
import { MemoryMap } from './MemoryMap';
import { SegmentsTable } from './SegmentsTable';
import { Command } from '../common/Command';
import { DevicetreeInput } from '../devicetree/DevicetreeInput';
import { DevicetreeView } from '../devicetree/DevicetreeView';
import { Splitter, usePaneSize } from '../common/Splitter';
import { useViewportWidth } from '../workbench/useViewportWidth';

const MODES: Array<[LayoutMode, string]> = [
  ['upstream', 'kexec_file_load, file as given'],
  ['kexec-tools', 'kexec-tools (decompresses zboot first)'],
  ['zboot-proposal', 'emulated-EFI proposal (not merged)'],
];

export default function LayoutView() {
  const settings = useStore((s) => s.layoutSettings);
  const inspection = useStore((s) => s.inspection);
  const unpack = useStore((s) => s.unpack);
  const snapshot = useStore((s) => s.snapshot);
  const setLayout = useStore((s) => s.setLayout);
  const selected = useStore((s) => s.selectedSegment);
  const selectSegment = useStore((s) => s.selectSegment);
  const dtLoaded = useStore((s) => !!s.devicetree);
  const view = useLayoutView();
  const vw = useViewportWidth();
  const side = usePaneSize('layout.controls', 280, 200, Math.max(240, vw * 0.4));
  const r = view.result;
  const sel = r?.segments.find((s) => s.role === selected);

  const field = (label: string, key: keyof LayoutSettings, hint?: string) => (
    <label>
      {label}
      <input value={settings[key] as string} onChange={(e) => setLayout({ [key]: e.target.value } as Partial<LayoutSettings>)} spellCheck={false} />
      {hint && <small>{hint}</small>}
    </label>
  );

  return (
    <section className="wb wb-layout" aria-label="Layout" style={{ gridTemplateColumns: `${side}px auto minmax(0, 1fr)` }}>
      <form id="pane-layout-controls" className="pane controls" onSubmit={(e) => e.preventDefault()} aria-label="Layout inputs">
        <label>
          Memory
          <select
            aria-label="Memory preset"
            value={settings.memory.kind === 'preset' ? settings.memory.id : 'text'}
            onChange={(e) =>
              setLayout({ memory: e.target.value === 'text' ? { kind: 'text', memory: '', reserved: '', iomem: '' } : { kind: 'preset', id: e.target.value } })
            }
          >
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="text">Paste memblock / iomem listings…</option>
          </select>
        </label>
        {settings.memory.kind === 'text' && (
          <>
            <small>Paste each listing, or drop the files anywhere on the page: they are recognised by content.</small>
            {(['memory', 'reserved', 'iomem'] as const).map((k) => (
              <label key={k}>
                {k === 'memory' ? '/sys/kernel/debug/memblock/memory (or /proc/iomem)' : k === 'reserved' ? '/sys/kernel/debug/memblock/reserved' : '/proc/iomem (for the Crash kernel line)'}
                <textarea
                  rows={4}
                  spellCheck={false}
                  value={settings.memory.kind === 'text' ? settings.memory[k] : ''}
                  onChange={(e) => settings.memory.kind === 'text' && setLayout({ memory: { ...settings.memory, [k]: e.target.value } })}
                />
              </label>
            ))}
          </>
        )}
        <label>
          Load path
          <select aria-label="Load path" value={settings.mode} onChange={(e) => setLayout({ mode: e.target.value as LayoutMode })}>
            {MODES.map(([m, l]) => (
              <option key={m} value={m}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {!inspection && !snapshot?.image && (
          <>
            {field('image_size', 'manualImageSize', 'no image loaded: type the Image header values')}
            {field('text_offset', 'manualTextOffset')}
          </>
        )}
        {field('initrd size', 'initrdSize', 'empty = no initrd')}
        {!dtLoaded && field('dtb size (packed)', 'dtbSize', 'fdt_totalsize after fdt_pack; or give the devicetree below')}
        {field('command line', 'cmdline')}
        <label className="check">
          <input type="checkbox" checked={settings.crash} onChange={(e) => setLayout({ crash: e.target.checked })} /> crash (kdump) load
        </label>
        {settings.crash && field('crashkernel region', 'crashRegion', 'START-END, from the "Crash kernel" line of /proc/iomem')}
        <label>
          Page size
          <select aria-label="Page size" value={settings.pageSize} onChange={(e) => setLayout({ pageSize: e.target.value })}>
            <option value="4096">4 KiB</option>
            <option value="16384">16 KiB</option>
            <option value="65536">64 KiB</option>
          </select>
        </label>
        <label>
          Kernel version
          <select aria-label="Kernel version" value={settings.kernelVersion} onChange={(e) => setLayout({ kernelVersion: e.target.value })}>
            {['5.4', '5.10', '5.15', '6.1', '6.6', '6.12', '6.16', '6.17', '6.18'].map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        {field('CPUs', 'cpus', 'num_possible_cpus, sizes the ELF core header')}
        {Number(settings.kernelVersion.split('.')[1]) >= 17 && settings.kernelVersion.startsWith('6.') && (
          <>
            {field('CMA area', 'cma', 'START-END of the default CMA area; 6.17+ tries it first [unverified]')}
            <label className="check">
              <input type="checkbox" checked={settings.noCma} onChange={(e) => setLayout({ noCma: e.target.checked })} /> KEXEC_FILE_NO_CMA
            </label>
          </>
        )}
        <DevicetreeInput />
      </form>
      <Splitter id="layout.controls" label="Resize the layout inputs" controls="pane-layout-controls" value={side} min={200} max={Math.max(240, vw * 0.4)} />

      <div className="pane layout-main">
        {[...view.memoryErrors, ...view.inputErrors].length > 0 && (
          <ul className="problems" role="alert">
            {[...view.memoryErrors, ...view.inputErrors].map((e) => (
              <li key={e} className="error">{e}</li>
            ))}
          </ul>
        )}
        {inspection?.format === 'zboot' && settings.mode === 'kexec-tools' && unpack.status !== 'done' && (
          <p className="callout">Waiting for the payload to be decompressed: kexec-tools loads the inner Image.</p>
        )}
        {view.upstream?.error && (
          <p className="callout" data-testid="upstream-verdict">
            <strong>Upstream kexec_file_load with this file as given:</strong> {view.upstream.error}
          </p>
        )}
        {settings.mode === 'zboot-proposal' && <p className="callout proposal">Proposal, not merged: the emulated-EFI layout of the 2023 design thread (RFCv2 "UEFI emulator for kexec", 2024).</p>}
        {r?.error && (
          <p className="callout error" role="alert" data-testid="layout-error">
            {r.error}
          </p>
        )}
        {view.memory && (
          <MemoryMap
            memory={view.memory}
            {...(r ? { layout: r } : {})}
            {...(selected ? { selected } : {})}
            onSelect={selectSegment}
            exportCaption={`${MODES.find(([m]) => m === settings.mode)?.[1] ?? settings.mode}, kernel ${settings.kernelVersion}`}
          />
        )}
        {r && r.segments.length > 0 && <SegmentsTable layout={r} {...(selected ? { selected } : {})} onSelect={selectSegment} />}
        <Command
          label="by hand"
          cmd={`kexec -s -d ${settings.crash ? '-p' : '-l'} Image${settings.initrdSize.trim() ? ' --initrd=initrd.img' : ''} --append='${settings.cmdline.replace(/'/g, "'\\''")}'`}
        />
        {r?.entry !== undefined && (
          <p className="entry">
            entry (image-&gt;start): <code>{hex(r.entry)}</code>
          </p>
        )}
        {sel && (
          <div className="why-panel" aria-label={`Why ${sel.role} is here`}>
            <h3>Why {sel.role} is at {hex(sel.mem)}</h3>
            <ol>
              {sel.why.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ol>
          </div>
        )}
        {r?.dtb && <DevicetreeView built={r.dtb} />}
        {r && (
          <details className="trace">
            <summary>Load trace and notes</summary>
            <ul>
              {r.trace.map((t, i) => (
                <li key={`t${i}`}>{t}</li>
              ))}
              {r.notes.map((n, i) => (
                <li key={`n${i}`} className="note">{n}</li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </section>
  );
}
