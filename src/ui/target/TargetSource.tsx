// Where the target's facts come from: the configuration file (its package, version and sha256)
// and what had to be assumed; and the lockdown level those facts add up to.
import { effectiveLockdown } from '../../core/verdict/target';
import { useStore } from '../../state/store';

export function TargetSource() {
  const source = useStore((s) => s.targetSource);
  const preset = useStore((s) => s.targetPreset);
  const target = useStore((s) => s.target);
  return (
    <div className="target-source small" aria-label="Target source">
      <p>
        <strong>Source:</strong> <span className="mono">{source.file ?? '—'}</span>
        {source.package ? ` — ${source.package}` : ''}
        {source.sha256 ? <span className="muted mono"> sha256 {source.sha256.slice(0, 16)}…</span> : null}
        {preset === 'custom' ? <em> (edited)</em> : null}
      </p>
      <p className="muted">Assumes: {source.assumes.join('; ')}.</p>
      <p>
        Kernel decides: lockdown <strong>{effectiveLockdown(target)}</strong>, kexec_file_load {target.kexecFile ? 'built' : <strong>not built (ENOSYS)</strong>}, kexec_load {target.kexec ? 'built' : <strong>not built (ENOSYS)</strong>}.
      </p>
    </div>
  );
}
