// The verdicts a v2 link carries, as its sender saw them: without the file they cannot be
// recomputed here, so they are shown read-only with the target they were made for.
import { TARGET_PRESETS } from '../../core/verdict/presets';
import { useStore } from '../../state/store';
import { Headline } from './Headline';
import { VerdictLine } from './VerdictLine';

export function SnapshotVerdicts() {
  const verdicts = useStore((s) => s.snapshot?.verdicts);
  const preset = useStore((s) => s.targetPreset);
  const target = useStore((s) => s.target);
  if (!verdicts?.length) return null;
  const label = TARGET_PRESETS.find((p) => p.id === preset)?.label ?? `a custom target (kernel ${target.kernelVersion}, kexec-tools ${target.kexecTools})`;
  return (
    <section className="verdict" aria-label="Will it kexec">
      <h2 className="verdict-title">Will it kexec?</h2>
      <p className="headline" data-testid="verdict-headline">
        <Headline verdicts={verdicts} />
      </p>
      <p className="muted small" data-testid="snapshot-verdicts">
        As the link&apos;s sender saw it, for {label}. Drop the file to check again.
      </p>
      <ul className="verdicts" aria-label="kexec verdicts">
        {verdicts.map((v) => (
          <li key={v.route} data-route={v.route} className={`v-${v.verdict.replace(/ /g, '-')}`}>
            <div className="vrow">
              <VerdictLine v={v} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
