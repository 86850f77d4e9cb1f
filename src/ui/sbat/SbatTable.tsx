// The .sbat section's CSV as a table (formats/sbat.ts parses it); a row selects its field, and
// with it its bytes in the hex view.
import { SBAT_COLUMNS } from '../../core/formats/sbat';
import { useStore } from '../../state/store';

export function SbatTable() {
  const sbat = useStore((s) => s.inspection?.sbat);
  const selected = useStore((s) => s.selectedFieldId);
  const selectField = useStore((s) => s.selectField);
  if (!sbat) return null;
  const width = Math.max(SBAT_COLUMNS.length, ...sbat.records.map((r) => r.fields.length));
  return (
    <section className="sbat" aria-label="SBAT">
      <h3>
        .sbat <span className="small">at 0x{sbat.offset.toString(16)}, {sbat.text.length} bytes of CSV in a {sbat.size}-byte section</span>
      </h3>
      <table className="segtable" aria-label="SBAT records">
        <thead>
          <tr>
            {Array.from({ length: width }, (_, i) => (
              <th key={i} scope="col">{SBAT_COLUMNS[i] ?? `field ${i + 1}`}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sbat.records.map((r, i) => (
            <tr key={i} className={selected === `sbat/${i}` ? 'selected' : undefined} onClick={() => selectField(`sbat/${i}`)}>
              {Array.from({ length: width }, (_, j) => (
                <td key={j}>{r.fields[j] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
