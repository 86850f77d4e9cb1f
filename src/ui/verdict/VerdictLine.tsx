// One route's line: the route, its verdict (and errno), what the user will see. Shared by the
// live card and a link's read-only verdicts.
import { Prose } from './Prose';

export function VerdictLine({ v, twisty = '' }: { v: { route: string; verdict: string; errno?: string | undefined; message: string }; twisty?: string }) {
  return (
    <>
      <span className="twisty" aria-hidden="true">{twisty}</span>
      <span className="route mono">{v.route}</span>
      <span className="vbadge">{v.verdict}{v.errno ? ` · ${v.errno}` : ''}</span>
      <span className="vmsg mono small">
        <Prose text={v.message} />
      </span>
    </>
  );
}
