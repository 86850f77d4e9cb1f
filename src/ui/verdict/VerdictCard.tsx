// Will this image kexec here? A one-line answer first, then one disclosure button per loading
// route (any number open at once) with the verdict, what the user will see, why, what to do
// instead, and the source that makes it so. The target system is a preset,
// typed in, or taken from the image's own embedded .config.
import { useMemo, useState } from 'react';
import { TARGET_PRESETS, type Lockdown, type SystemdKexec, targetFromConfig } from '../../core/verdict/target';
import { useStore } from '../../state/store';
import { currentVerdicts } from '../../state/verdicts';
import { Headline } from './Headline';
import { SnapshotVerdicts } from './SnapshotVerdicts';
import { VerdictLine } from './VerdictLine';
import { Prose } from './Prose';
import { forPage } from './verdictText';

export function VerdictCard() {
  const ins = useStore((s) => s.inspection);
  const unpack = useStore((s) => s.unpack);
  const target = useStore((s) => s.target);
  const preset = useStore((s) => s.targetPreset);
  const setTarget = useStore((s) => s.setTarget);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (route: string) => {
    const n = new Set(open);
    if (n.has(route)) n.delete(route);
    else n.add(route);
    setOpen(n);
  };
  const verdicts = useMemo(() => currentVerdicts({ inspection: ins, unpack, target }), [ins, unpack, target]);
  if (!ins) return <SnapshotVerdicts />;
  const cfg = unpack.status === 'done' ? unpack.result.config : undefined;
  const options = cfg && 'options' in cfg ? cfg.options : undefined;
  const version = unpack.status === 'done' ? /Linux version (\d+\.\d+)/.exec(unpack.result.banner?.text ?? '')?.[1] : undefined;

  return (
    <section className="verdict" aria-label="Will it kexec">
      <h2 className="verdict-title">Will it kexec?</h2>
      <p className="headline" data-testid="verdict-headline">
        <Headline verdicts={verdicts} onWhy={(r) => setOpen(new Set([...open, r]))} />
      </p>
      <div className="verdict-head">
        <label>
          Target{' '}
          <select
            aria-label="Target system"
            value={preset}
            onChange={(e) => {
              const p = TARGET_PRESETS.find((x) => x.id === e.target.value);
              if (p) setTarget(p.target, p.id);
            }}
          >
            {TARGET_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            {preset === 'custom' && <option value="custom">custom</option>}
            {preset === 'config' && <option value="config">from the embedded .config</option>}
          </select>
        </label>
        {options && (
          <button type="button" onClick={() => setTarget(targetFromConfig(options, version), 'config')}>
            Use this kernel&apos;s .config
          </button>
        )}
        <details className="target-edit">
          <summary>edit</summary>
          <label>kexec-tools <input value={target.kexecTools} onChange={(e) => setTarget({ kexecTools: e.target.value })} size={8} /></label>
          <label>kernel <input value={target.kernelVersion} onChange={(e) => setTarget({ kernelVersion: e.target.value })} size={6} /></label>
          <label><input type="checkbox" checked={target.kexecSig} onChange={(e) => setTarget({ kexecSig: e.target.checked })} /> KEXEC_SIG</label>
          <label><input type="checkbox" checked={target.kexecSigForce} onChange={(e) => setTarget({ kexecSigForce: e.target.checked })} /> KEXEC_SIG_FORCE</label>
          <label><input type="checkbox" checked={target.signerTrusted} onChange={(e) => setTarget({ signerTrusted: e.target.checked })} /> signer's key trusted</label>
          <label>
            lockdown{' '}
            <select aria-label="Lockdown" value={target.lockdown} onChange={(e) => setTarget({ lockdown: e.target.value as Lockdown })}>
              <option>none</option>
              <option>integrity</option>
              <option>confidentiality</option>
            </select>
          </label>
          <label>
            systemctl kexec{' '}
            <select aria-label="systemctl kexec" value={target.systemd} onChange={(e) => setTarget({ systemd: e.target.value as SystemdKexec })}>
              <option value="kexec-tools">runs kexec-tools</option>
              <option value="direct">kexec_file_load (PR #41390)</option>
              <option value="direct-einval-fallback">+ EINVAL fallback (PR #42234)</option>
            </select>
          </label>
          <small className="muted">{TARGET_PRESETS.find((p) => p.id === preset)?.assumes}</small>
        </details>
      </div>
      <ul className="verdicts" aria-label="kexec verdicts">
        {verdicts.map((v) => {
          const isOpen = open.has(v.route);
          const panel = `vwhy-${v.route.replace(/\W+/g, '-')}`;
          return (
            <li key={v.route} data-route={v.route} className={`v-${v.verdict.replace(/ /g, '-')}`}>
              <button type="button" className="vrow" aria-expanded={isOpen} aria-controls={panel} onClick={() => toggle(v.route)}>
                <VerdictLine v={v} twisty={isOpen ? '▾' : '▸'} />
              </button>
              <div className="vwhy" id={panel} hidden={!isOpen}>
                <p>
                  <Prose text={forPage(v.why)} glossary />
                </p>
                {v.fix && (
                  <p>
                    <strong>Instead:</strong> <Prose text={forPage(v.fix)} />
                  </p>
                )}
                <p className="muted small">Verifies: {v.verifies} · Source: {v.source}</p>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
