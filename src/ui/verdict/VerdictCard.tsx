// Will this image kexec here? One row per loading route with the verdict, what the user will
// see, why, what to do instead, and the source that makes it so. The target system is a preset,
// typed in, or taken from the image's own embedded .config.
import { useMemo, useState } from 'react';
import { imageFacts } from '../../core/verdict/facts';
import { evaluate } from '../../core/verdict/rules';
import { TARGET_PRESETS, type Lockdown, type SystemdKexec, targetFromConfig } from '../../core/verdict/target';
import { useStore } from '../../state/store';
import { GlossaryText } from '../common/GlossaryText';

export function VerdictCard() {
  const ins = useStore((s) => s.inspection);
  const unpack = useStore((s) => s.unpack);
  const target = useStore((s) => s.target);
  const preset = useStore((s) => s.targetPreset);
  const setTarget = useStore((s) => s.setTarget);
  const [open, setOpen] = useState<string | undefined>();
  const verdicts = useMemo(() => {
    if (!ins) return [];
    const u = unpack.status === 'done' ? unpack : undefined;
    return evaluate(imageFacts(ins, u ? { inner: u.result.inner, length: u.data.length, kexecToolsLength: u.result.kexecToolsLength } : undefined), target);
  }, [ins, unpack, target]);
  if (!ins) return null;
  const cfg = unpack.status === 'done' ? unpack.result.config : undefined;
  const options = cfg && 'options' in cfg ? cfg.options : undefined;
  const version = unpack.status === 'done' ? /Linux version (\d+\.\d+)/.exec(unpack.result.banner?.text ?? '')?.[1] : undefined;

  return (
    <section className="verdict" aria-label="Will it kexec">
      <div className="verdict-head">
        <strong>Will it kexec?</strong>
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
      <table className="verdicts" aria-label="kexec verdicts">
        <tbody>
          {verdicts.map((v) => (
            <tr key={v.route} data-route={v.route} className={`v-${v.verdict.replace(/ /g, '-')}`} onClick={() => setOpen(open === v.route ? undefined : v.route)}>
              <th scope="row" className="mono">{v.route}</th>
              <td className="vbadge">{v.verdict}{v.errno ? ` · ${v.errno}` : ''}</td>
              <td>
                <span className="mono small">{v.message}</span>
                {open === v.route && (
                  <div className="vwhy">
                    <p>
                      <GlossaryText text={v.why} />
                    </p>
                    {v.fix && <p><strong>Instead:</strong> {v.fix}</p>}
                    <p className="muted small">Verifies: {v.verifies} · Source: {v.source}</p>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
