// Step through the kexec handoff: the step list (←/→, Play at a chosen speed) in its own pane;
// the memory map recoloured by what is live, being written or dead, above the explanation and
// the CPU state of the current phase. In presentation mode the list goes: map and CPU first.
import { useEffect, useMemo, useRef, useState } from 'react';
import { type Liveness, BOOKKEEPING, phases } from '../../core/handoff/phases';
import { useLayoutView } from '../layout/useLayoutView';
import { useStore } from '../../state/store';
import { Command } from '../common/Command';
import { GlossaryText } from '../common/GlossaryText';
import { MemoryMap } from '../layout/MemoryMap';
import { DtbRegister } from '../devicetree/DtbRegister';
import { HandoffStrip } from './HandoffStrip';
import { Splitter, usePaneSize } from '../common/Splitter';
import { useViewportWidth } from '../workbench/useViewportWidth';
import { SERVICE_NOTES } from '../emulator/serviceNotes';

export default function StepperView() {
  const settings = useStore((s) => s.layoutSettings);
  const index = useStore((s) => s.phaseIndex);
  const setPhase = useStore((s) => s.setPhase);
  const view = useLayoutView();
  const path = settings.mode === 'zboot-proposal' ? 'zboot-proposal' : 'upstream';
  // a finished run of this file's own stub replaces the modelled stub phases by the observed ones
  const emu = useStore((s) => s.emuRun);
  const observed = emu.status === 'done' ? emu.report : undefined;
  const teaching = useStore((s) => s.teaching);
  const list = useMemo(
    () => phases({ path, crash: settings.crash, ...(view.result ? { layout: view.result } : {}), ...(observed ? { observed } : {}) }),
    [path, settings.crash, view.result, observed],
  );
  const i = Math.min(index, list.length - 1);
  const p = list[i]!;
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(2500);
  const presenting = useStore((s) => s.presenting);
  const vw = useViewportWidth();
  const side = usePaneSize('step.list', 280, 220, Math.max(260, vw * 0.4));
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => {
      const s = useStore.getState();
      if (s.phaseIndex >= list.length - 1) setPlaying(false);
      else s.setPhase(s.phaseIndex + 1);
    }, speed);
    return () => clearInterval(t);
  }, [playing, list.length, speed]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
      const cur = Math.min(useStore.getState().phaseIndex, list.length - 1);
      if (e.key === 'ArrowRight') setPhase(Math.min(list.length - 1, cur + 1));
      else if (e.key === 'ArrowLeft') setPhase(Math.max(0, cur - 1));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list.length, setPhase]);

  const liveness: Record<string, Liveness> = {};
  for (const [k, v] of Object.entries(p.memory)) liveness[k] = v;

  const cpuTable = (
    <table className="cpu" aria-label="CPU state">
      <tbody>
        <tr><th scope="row">exception level</th><td>{p.cpu.el}</td></tr>
        <tr><th scope="row">MMU</th><td data-testid="cpu-mmu">{p.cpu.mmu}</td></tr>
        <tr><th scope="row">D-cache / I-cache</th><td>{p.cpu.dcache} / {p.cpu.icache}</td></tr>
        <tr><th scope="row">interrupts</th><td>{p.cpu.interrupts}</td></tr>
        <tr><th scope="row">CPUs</th><td>{p.cpu.cpus}</td></tr>
        {Object.entries(p.cpu.registers).map(([r, v]) => (
          <tr key={r}>
            <th scope="row" className="mono">{r}</th>
            <td className="mono" data-reg={r}>{r === 'x0' ? <DtbRegister value={v} /> : v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <section className="wb wb-step" aria-label="Handoff steps" ref={root} style={presenting ? undefined : { gridTemplateColumns: `${side}px auto minmax(0, 1fr)` }}>
      {!presenting && (
        <>
          <nav className="pane steps" id="pane-step-list" aria-label="Steps">
            <div className="stepbar">
              <button type="button" onClick={() => setPhase(Math.max(0, i - 1))} disabled={i === 0} aria-label="Previous step">
                ← Prev
              </button>
              <button type="button" onClick={() => setPlaying(!playing)} aria-pressed={playing}>
                {playing ? 'Pause' : 'Play'}
              </button>
              <button type="button" onClick={() => setPhase(Math.min(list.length - 1, i + 1))} disabled={i === list.length - 1} aria-label="Next step">
                Next →
              </button>
              <label className="small">
                speed{' '}
                <select aria-label="Play speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
                  <option value={5000}>slow</option>
                  <option value={2500}>normal</option>
                  <option value={1000}>fast</option>
                </select>
              </label>
            </div>
            <p className="muted small" data-testid="step-path">
              {path === 'zboot-proposal'
                ? `Path: emulated-EFI proposal (not merged)${
                    list.some((ph) => ph.observed)
                      ? '; the stub\'s steps as observed in this image\'s run'
                      : observed
                        ? `; the stub's steps modelled: this image's run (${observed.exit === 'kernel-entry' ? 'no decompression or devicetree found in its trace' : `ended: ${observed.exit}`}) cannot be cut into them`
                        : '; the stub\'s steps modelled — Run the stub (Inspect) to see this image\'s own'
                  }`
                : `Path: upstream arm64${settings.crash ? ', crash (kdump)' : ''}`}
            </p>
            <ol className="steplist">
              {list.map((ph, k) => (
                <li key={ph.id} aria-current={k === i ? 'step' : undefined} className={ph.proposal ? 'proposal' : ''}>
                  <button type="button" onClick={() => setPhase(k)}>
                    <span className="stepno">{k + 1}.</span>
                    <span className="steptitle">
                      {ph.title}
                      {ph.proposal ? ' ◆' : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
            <Command label="by hand" cmd={settings.crash ? 'echo c > /proc/sysrq-trigger   # panic: the crash kernel starts' : 'kexec -e   # or: systemctl kexec'} />
          </nav>
          <Splitter id="step.list" label="Resize the step list" controls="pane-step-list" value={side} min={220} max={Math.max(260, vw * 0.4)} />
        </>
      )}
      <div className="pane stepmain">
        <p className="sr-live" aria-live="polite" role="status" data-testid="step-announce">
          Step {i + 1} of {list.length}: {p.title}
        </p>
        {view.memory && (
          <MemoryMap
            memory={view.memory}
            {...(view.result ? { layout: view.result } : {})}
            onSelect={() => undefined}
            liveness={liveness}
            title={`Memory at step ${i + 1}: ${p.title}`}
            exportCaption={`step ${i + 1} of ${list.length}`}
          />
        )}
        <HandoffStrip bookkeeping={BOOKKEEPING} segments={Object.keys(p.memory).filter((k) => !(BOOKKEEPING as readonly string[]).includes(k))} memory={p.memory} />
        <div className="stepdetail">
          <div className="steptext">
            <h2>
              {i + 1}. {p.title} {p.proposal && <span className="badge">proposal, not merged</span>}
            </h2>
            <p>
              <GlossaryText text={p.explanation} />
            </p>
            {p.unverified && <p className="warning">Unsure: {p.unverified}</p>}
            {p.observed && (
              <div className="observed" data-testid="step-observed">
                <p className="small">
                  <span className="badge">observed</span> {(p.observed.instructions / 1e6).toFixed(1)} M instructions, {p.observed.count} firmware call{p.observed.count === 1 ? '' : 's'} in this step
                </p>
                {p.observed.calls.length > 0 && (
                  <ol className="mono small calls" aria-label="Firmware calls in this step">
                    {p.observed.calls.map((c, k) => {
                      const note = SERVICE_NOTES[c.name];
                      return (
                        <li key={k}>
                          {c.text}
                          {teaching && note && <div className="note">{note}</div>}
                        </li>
                      );
                    })}
                  </ol>
                )}
              </div>
            )}
            <p className="mono small sources">
              {p.functions.join(' · ')}
              <br />
              {p.sources.join(' · ')}
            </p>
          </div>
          {cpuTable}
        </div>
      </div>
    </section>
  );
}
