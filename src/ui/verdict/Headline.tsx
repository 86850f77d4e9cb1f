// The verdict as one sentence: which route loads this image on the target, and how loading the
// file as is fails — "kexec -s will load this; kexec_file_load as is fails with EINVAL — why".
import type { Verdict } from '../../core/verdict/rules';

type Said = { route: string; verdict: Verdict['verdict']; errno?: string | undefined };

export function Headline({ verdicts, onWhy }: { verdicts: readonly Said[]; onWhy?: (route: string) => void }) {
  if (!verdicts.length) return null;
  const best = verdicts.find((v) => v.verdict === 'works') ?? verdicts.find((v) => v.verdict === 'works with caveats');
  const failing = verdicts.filter((v) => v.verdict === 'fails');
  const first = failing[0];
  const why = (route: string) =>
    onWhy && (
    <>
      {' — '}
      <button type="button" className="link" onClick={() => onWhy(route)} aria-label={`why: ${route}`}>
        why
      </button>
    </>
  );
  const fails = (v: Said) => (
    <>
      <code>{v.route}</code>
      {v.route === 'kexec_file_load' ? ' as is' : ''} fails{v.errno ? ` with ${v.errno}` : ''}
    </>
  );
  if (!best)
    return (
      <>
        <strong className="error">No route loads this on the target.</strong> {first && fails(first)}
        {failing.length > 1 ? `, and ${failing.length - 1} more` : ''}
        {first && why(first.route)}
      </>
    );
  return (
    <>
      <strong>
        <code>{best.route}</code> will load this{best.verdict === 'works with caveats' ? ' (with caveats)' : ''}
      </strong>
      {first ? (
        <>
          ; {fails(first)}
          {why(first.route)}
        </>
      ) : (
        '; every route does.'
      )}
    </>
  );
}
