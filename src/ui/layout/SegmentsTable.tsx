import type { Layout } from '../../core/kexec/layout';
import { useNum } from '../format';
import { segmentColor } from './colors';

export function SegmentsTable({ layout, selected, onSelect }: { layout: Layout; selected?: string; onSelect: (r: string) => void }) {
  const hex = useNum();
  return (
    <table className="segtable" aria-label="kexec segments">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">role</th>
          <th scope="col">start</th>
          <th scope="col">end</th>
          <th scope="col">memsz</th>
          <th scope="col">bufsz</th>
          <th scope="col">align</th>
        </tr>
      </thead>
      <tbody>
        {layout.segments.map((s, i) => (
          <tr
            key={s.role}
            className={selected === s.role ? 'selected' : ''}
            onClick={() => onSelect(s.role)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(s.role)}
            tabIndex={0}
            aria-selected={selected === s.role}
            data-role={s.role}
          >
            <td>{i}</td>
            <td>
              <span className="sw" style={{ background: segmentColor(s.role) }} /> {s.role}
              {s.cma ? ' (CMA)' : ''}
            </td>
            <td>{hex(s.mem)}</td>
            <td>{hex(s.mem + s.memsz - 1n)}</td>
            <td>{hex(s.memsz)}</td>
            <td>{hex(s.bufsz)}</td>
            <td>{hex(s.align)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
