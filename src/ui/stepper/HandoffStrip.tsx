// The memory the handoff moves through, at this step: the old kernel and kimage's own pages
// (source pages, the IND_* indirection list, the control page, the trans_pgd copy — allocated
// by the running kernel at load time, so they have no place on the address map: they are drawn
// here, one box each) and the segments, each in its state. While the relocation copies, an
// arrow runs from the source pages to the segments being written (still when the user asks for
// reduced motion).
import type { Liveness } from '../../core/handoff/phases';

const LABEL: Record<Liveness, string> = { live: 'live', writing: 'being written', dead: 'dead', idle: 'not yet used' };

export function HandoffStrip({ bookkeeping, segments, memory }: { bookkeeping: readonly string[]; segments: readonly string[]; memory: Record<string, Liveness> }) {
  const state = (k: string): Liveness => memory[k] ?? 'idle';
  const copying = state('kimage source pages') === 'live' && segments.some((s) => state(s) === 'writing');
  const box = (k: string) => (
    <li key={k} className={`hbox lv-${state(k)}`} data-region={k}>
      <span className="hname">{k}</span>
      <span className="hstate">{LABEL[state(k)]}</span>
    </li>
  );
  return (
    <figure className="handoff" aria-label="Memory at this step">
      <ul className="hgroup" aria-label="The old kernel and kimage's pages">
        {bookkeeping.map(box)}
      </ul>
      <span className={`harrow${copying ? ' copying' : ''}`} aria-hidden="true">
        {copying ? 'copy →' : ''}
      </span>
      <ul className="hgroup" aria-label="Segments">
        {segments.map(box)}
      </ul>
      {copying && <figcaption className="small muted">relocation: each source page is copied to its destination, following the IND_* list</figcaption>}
    </figure>
  );
}
