import { useMemo } from 'react';
import { hex } from '../../core/bytes/hex';
import { summarize } from '../../core/summary';
import { useStore } from '../../state/store';

export function SummaryCard() {
  const ins = useStore((s) => s.inspection);
  const fileName = useStore((s) => s.fileName);
  const selectField = useStore((s) => s.selectField);
  const selectByte = useStore((s) => s.selectByte);
  const snapshot = useStore((s) => s.snapshot);
  const summary = useMemo(() => (ins ? summarize(ins) : undefined), [ins]);
  if (snapshot?.image && !ins) {
    const im = snapshot.image;
    return (
      <section className="summary" aria-label="Summary">
        <h2>
          <span className="filename">{im.name}</span> <span className={`badge ${im.format}`}>{im.format}</span> <span className="badge">snapshot</span>
        </h2>
        <dl>
          <div><dt>File size</dt><dd>{im.size} bytes</dd></div>
          <div className="wide"><dt>file sha256</dt><dd className="mono">{im.sha256}</dd></div>
          {im.arch && <div><dt>Architecture</dt><dd>{im.arch}</dd></div>}
          {im.compression && <div><dt>Compression</dt><dd>{im.compression}</dd></div>}
          {(im.innerImageSize ?? im.imageSize) && <div><dt>image_size</dt><dd>{im.innerImageSize ?? im.imageSize}</dd></div>}
        </dl>
      </section>
    );
  }
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
        <div>
          <dt>file sha256</dt>
          <dd className="mono" data-testid="file-sha">{ins.sha256}</dd>
        </div>
      </dl>
      {(ins.errors.length > 0 || ins.warnings.length > 0) && (
        <ul className="problems" aria-label="Problems">
          {[...ins.errors.map((p) => ['error', p] as const), ...ins.warnings.map((p) => ['warning', p] as const)].map(([kind, p], i) => (
            <li key={i} className={kind}>
              <button type="button" className="link" onClick={() => selectByte(p.offset)}>
                {hex(p.offset)}
              </button>{' '}
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
