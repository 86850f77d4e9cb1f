import { useMemo } from 'react';
import { hex } from '../../core/bytes/hex';
import { summarize } from '../../core/summary';
import { useStore } from '../../state/store';
import { SAMPLES, sampleUrl } from '../samples';

export function SummaryCard() {
  const ins = useStore((s) => s.inspection);
  const fileName = useStore((s) => s.fileName);
  const selectField = useStore((s) => s.selectField);
  const selectByte = useStore((s) => s.selectByte);
  const snapshot = useStore((s) => s.snapshot);
  const openUrl = useStore((s) => s.openUrl);
  const summary = useMemo(() => (ins ? summarize(ins) : undefined), [ins]);
  if (snapshot?.image && !ins) {
    const im = snapshot.image;
    return (
      <section className="summary" aria-label="Summary">
        <h2>
          <span className="filename">{im.name}</span> <span className={`badge ${im.format}`}>{im.format}</span> <span className="badge">snapshot</span>
        </h2>
        <p className="callout" data-testid="snapshot-notice">
          This is a snapshot from a link: the image's bytes are not included. Drop <strong>{im.name}</strong> to inspect it; its sha256 will be compared with the snapshot's.
          {SAMPLES.some((x) => x.file === im.name) && (
            <>
              {' '}
              <button type="button" className="link" onClick={() => void openUrl(im.name, sampleUrl(SAMPLES.find((x) => x.file === im.name)!))}>
                It is a built-in sample: open it
              </button>
            </>
          )}
        </p>
        <dl>
          <div><dt>File size</dt><dd>{im.size} bytes</dd></div>
          <div className="wide"><dt>sha256</dt><dd className="mono">{im.sha256}</dd></div>
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
      {snapshot?.match && (
        <p className={`callout${snapshot.match === 'different' ? ' error' : ''}`} data-testid="snapshot-match">
          {snapshot.match === 'same'
            ? 'This file is the one the snapshot was made from (sha256 matches).'
            : `This file differs from the snapshot's (sha256 ${snapshot.image?.sha256.slice(0, 16)}… expected, ${ins.sha256.slice(0, 16)}… found).`}
        </p>
      )}
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
