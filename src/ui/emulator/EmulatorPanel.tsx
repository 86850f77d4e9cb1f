// "Run the stub": the image's own EFI stub executed in a worker under the emulated UEFI, up to
// the jump into the kernel — progress and Cancel, the firmware calls as they happen, the
// allocations on a map of the guest's RAM, the console, the measured memory next to the
// proposal's static reservation, and the devicetree the stub passes in x0.
import { memo, useDeferredValue, useMemo, useState } from 'react';
import { hex, humanSize } from '../../core/bytes/hex';
import { chosenProperties } from '../../core/emulator/chosen';
import { QEMU_VIRT_1G } from '../../core/emulator/qemuVirt';
import type { EmulationReport } from '../../core/emulator/run';
import { type ServiceCall, formatCall } from '../../core/emulator/uefi/trace';
import { EMULATOR_HEAP, EMULATOR_PARAM_SIZE } from '../../core/kexec/proposal';
import { useStore } from '../../state/store';
import { AllocationMap } from './AllocationMap';
import { SERVICE_NOTES } from './serviceNotes';
import './emulator.css';

const BULK = new Set(['CopyMem', 'SetMem']);

export default function EmulatorPanel() {
  const ins = useStore((s) => s.inspection);
  const fileSize = useStore((s) => s.bytes?.length ?? 0);
  const st = useStore((s) => s.emuSettings);
  const set = useStore((s) => s.setEmuSettings);
  const run = useStore((s) => s.emuRun);
  // Deferred: the trace re-renders as a transition React can slice, so a busy page never
  // turns its growth into main-thread long tasks.
  const calls = useDeferredValue(useStore((s) => s.emuCalls));
  const allocations = useDeferredValue(useStore((s) => s.emuAllocations));
  const runStub = useStore((s) => s.runStub);
  const cancel = useStore((s) => s.cancelStub);
  const teaching = useStore((s) => s.teaching);
  const [showBulk, setShowBulk] = useState(false);
  const bulk = useMemo(() => calls.reduce((n, c) => n + (BULK.has(c.name) ? 1 : 0), 0), [calls]);
  if (!ins || ins.format !== 'zboot') return null;
  if (ins.arch !== 'arm64') {
    return (
      <section className="emulator" aria-label="Run the stub">
        <h2>Run the stub</h2>
        <p>The emulator runs arm64 stubs only; this zboot image is {ins.arch ?? 'of an unknown architecture'}.</p>
      </section>
    );
  }
  const report = run.status === 'done' ? run.report : undefined;
  const running = run.status === 'running';

  return (
    <section className="emulator" aria-label="Run the stub">
      <h2>Run the stub</h2>
      <p className="hint">
        Executes this image&apos;s own EFI stub instruction by instruction (AArch64, in a worker) under a minimal UEFI on a QEMU <code>virt</code> machine
        (1 GiB at 0x40000000, EL1, no RNG/TPM/GOP unless chosen), until it jumps into the decompressed kernel.
      </p>
      <fieldset className="emu-settings" disabled={running}>
        <label>
          Devicetree{' '}
          <select aria-label="Devicetree" value={st.dtb} onChange={(e) => set({ dtb: e.target.value as 'qemu-virt' | 'none' })}>
            <option value="qemu-virt">QEMU virt (EDK2&apos;s DEVICE_TREE table)</option>
            <option value="none">none (the stub generates one)</option>
          </select>
        </label>{' '}
        <label>
          Initrd{' '}
          <select aria-label="Initrd" value={st.initrdSize} onChange={(e) => set({ initrdSize: Number(e.target.value) })}>
            {[0, 4, 16, 64].map((m) => (
              <option key={m} value={m << 20}>
                {m ? `${m} MiB via LoadFile2` : 'none'}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Command line <input aria-label="Command line" value={st.cmdline} onChange={(e) => set({ cmdline: e.target.value })} placeholder="console=ttyAMA0" />
        </label>{' '}
        <label>
          <input type="checkbox" checked={st.rng} onChange={(e) => set({ rng: e.target.checked })} /> EFI_RNG_PROTOCOL, seed
        </label>{' '}
        <input aria-label="RNG seed" size={8} value={st.rngSeed} disabled={!st.rng} onChange={(e) => set({ rngSeed: e.target.value })} />
      </fieldset>
      <p>
        <button type="button" onClick={() => void runStub()} disabled={running}>
          Run the stub
        </button>{' '}
        {running && (
          <>
            <progress aria-label="Emulation progress" />{' '}
            <span data-testid="emu-progress">
              {(run.instructions / 1e6).toFixed(1)} M instructions, {run.mips.toFixed(1)} MIPS, {run.seconds.toFixed(1)} s
            </span>{' '}
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </>
        )}
        {run.status === 'cancelled' && <span data-testid="emu-status">Cancelled after {(run.instructions / 1e6).toFixed(1)} M instructions; the worker was terminated.</span>}
        {run.status === 'failed' && <span className="error" data-testid="emu-status">{run.message}</span>}
      </p>
      {report && (
        <div className={report.exit === 'kernel-entry' ? 'callout' : 'callout error'} data-testid="emu-result" role="status">
          <strong>{report.exit === 'kernel-entry' ? 'Reached the kernel entry' : report.exit === 'budget' ? 'Stopped: budget' : 'Stopped: error'}</strong> — {report.reason}.{' '}
          {report.instructions.toLocaleString()} instructions in {report.seconds.toFixed(2)} s ({(report.instructions / Math.max(report.seconds, 1e-3) / 1e6).toFixed(1)} MIPS).
          {report.image && (
            <>
              {' '}
              Kernel at {hex(report.image.addr)} ({humanSize(report.image.size)} Image, sha256 <code>{report.image.sha256.slice(0, 16)}…</code>), pc {hex(report.registers.pc)}, x0 = {hex(report.registers.x0)} (devicetree), x1–x3 ={' '}
              {[report.registers.x1, report.registers.x2, report.registers.x3].map((v) => hex(v)).join(', ')}, EL{report.el}, MMU {report.mmu ? 'on' : 'off'}, D-cache {report.dcache ? 'on' : 'off'}.
            </>
          )}
        </div>
      )}
      {(calls.length > 0 || report) && (
        <div className="emu-grid">
          <div>
            <h3>
              Firmware calls ({calls.length - bulk}
              {bulk ? ` + ${bulk} CopyMem/SetMem` : ''})
            </h3>
            <label>
              <input type="checkbox" checked={showBulk} onChange={(e) => setShowBulk(e.target.checked)} /> show CopyMem/SetMem
            </label>
            <CallList calls={calls} showBulk={showBulk} teaching={teaching} />
          </div>
          <div>
            <h3>Guest RAM</h3>
            <AllocationMap events={allocations} ram={QEMU_VIRT_1G[0] as { base: bigint; size: bigint }} />
            <h3>Console</h3>
            <pre className="emu-console" data-testid="emu-console">{(report?.messages ?? []).join('\n') || '(nothing printed yet)'}</pre>
            {report && <MeasuredMemory report={report} fileSize={fileSize} />}
            {report?.fdt && <ChosenTable fdt={report.fdt.bytes} addr={report.fdt.addr} />}
          </div>
        </div>
      )}
    </section>
  );
}

const CallList = memo(function CallList({ calls, showBulk, teaching }: { calls: ServiceCall[]; showBulk: boolean; teaching: boolean }) {
  const firstOf = new Set<string>();
  return (
    <ol className="emu-calls" data-testid="emu-calls">
      {calls.map((c) => {
        if (!showBulk && BULK.has(c.name)) return null;
        const note = teaching && !firstOf.has(c.name) ? SERVICE_NOTES[c.name] : undefined;
        firstOf.add(c.name);
        return <CallRow key={c.seq} call={c} note={note} />;
      })}
    </ol>
  );
});

/** One row per call, rendered once: a growing trace re-renders only its new rows. */
const CallRow = memo(function CallRow({ call, note }: { call: ServiceCall; note?: string }) {
  return (
    <li className={call.status === 'EFI_SUCCESS' || call.status === 'void' ? '' : 'emu-fail'}>
      <code>{formatCall(call)}</code>
      {note && <p className="note">{note}</p>}
    </li>
  );
});

function MeasuredMemory({ report, fileSize }: { report: EmulationReport; fileSize: number }) {
  const m = report.memory;
  const measured = m.loadedImage + m.stubPages + m.poolPeak + m.stackPeak + m.firmware;
  const estimate = EMULATOR_PARAM_SIZE + BigInt(fileSize) + EMULATOR_HEAP;
  const rows: [string, bigint, string][] = [
    ['loaded zboot image', m.loadedImage, 'the PE as the firmware loaded it (SizeOfImage, BSS included)'],
    ['pages the stub holds', m.stubPages, 'AllocatePages minus FreePages: the kernel buffer, initrd, 2 MiB devicetree, …'],
    ['pool peak', m.poolPeak, 'the most AllocatePool memory live at once'],
    ['stack peak', m.stackPeak, 'deepest use of the 128 KiB stack'],
    ['firmware tables', m.firmware, 'system table, boot/runtime services, protocols, handles, the given devicetree'],
  ];
  return (
    <>
      <h3>Memory the proposal needs, measured</h3>
      <table className="emu-memory" data-testid="emu-memory">
        <tbody>
          {rows.map(([k, v, why]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{humanSize(v)}</td>
              <td>{why}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">measured total</th>
            <td>{humanSize(measured)}</td>
            <td>at the jump into the kernel</td>
          </tr>
          <tr>
            <th scope="row">static estimate</th>
            <td>{humanSize(estimate)}</td>
            <td>what the layout view reserves for the RFCv2 proposal: 1 MiB param + the file + 256 MiB heap</td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

function ChosenTable({ fdt, addr }: { fdt: Uint8Array; addr: bigint }) {
  const { props, error } = chosenProperties(fdt);
  return (
    <>
      <h3>
        Devicetree in x0: {hex(addr)}, {humanSize(fdt.length)}
      </h3>
      {error && <p className="error">{error}</p>}
      <table className="emu-chosen" data-testid="emu-chosen">
        <tbody>
          {props.map((p) => (
            <tr key={p.name}>
              <th scope="row">
                <code>/chosen/{p.name}</code>
              </th>
              <td>
                <code>{p.text}</code>
              </td>
              <td>{p.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
