import { useMemo } from 'react';
import { hex } from '../../core/bytes/hex';
import { summarize } from '../../core/summary';
import { useStore } from '../../state/store';

export function SummaryCard() {
  const ins = useStore((s) => s.inspection);
  const fileName = useStore((s) => s.fileName);
  const selectField = useStore((s) => s.selectField);
  const selectByte = useStore((s) => s.selectByte);
  const summary = useMemo(() => (ins ? summarize(ins) : undefined), [ins]);
  if (!ins || !summary) return null;
  return (
    <section className="summary" aria-label="Summary">
      <h2>
        <span className="filename">{fileName}</span> <span className={`badge ${ins.format}`}>{ins.format}</span>
      </h2>
      <dl>
        {summary.items.map((it) => (
          <div key={it.label}>
            <dt>{it.label}</dt>
            <dd>
              {it.fieldId ? (
                <button type="button" className="link" onClick={() => selectField(it.fieldId)}>
                  {it.value}
                </button>
              ) : (
                it.value
              )}
            </dd>
          </div>
        ))}
      </dl>
      {(ins.errors.length > 0 || ins.warnings.length > 0) && (
        <ul className="problems" aria-label="Problems">
          {ins.errors.map((e, i) => (
            <li key={`e${i}`} className="error">
              <button type="button" className="link" onClick={() => selectByte(e.offset)}>
                {hex(e.offset)}
              </button>{' '}
              {e.message}
            </li>
          ))}
          {ins.warnings.map((w, i) => (
            <li key={`w${i}`} className="warning">
              <button type="button" className="link" onClick={() => selectByte(w.offset)}>
                {hex(w.offset)}
              </button>{' '}
              {w.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
