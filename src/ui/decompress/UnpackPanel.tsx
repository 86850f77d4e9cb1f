// Decompression of a zboot payload or a compressed plain Image (Image.gz …): progress with MB/s and a Cancel that terminates the worker;
// then what came out (codec, decoder, banner, key config options) and a switch to inspect it.
import { useState } from 'react';
import { hex, humanSize } from '../../core/bytes/hex';
import { KEY_OPTIONS } from '../../core/formats/ikconfig';
import { useStore } from '../../state/store';
import { Command } from '../common/Command';

export function UnpackPanel() {
  const ins = useStore((s) => s.inspection);
  const unpack = useStore((s) => s.unpack);
  const layer = useStore((s) => s.layer);
  const setLayer = useStore((s) => s.setLayer);
  const start = useStore((s) => s.startUnpack);
  const cancel = useStore((s) => s.cancelUnpack);
  const fileName = useStore((s) => s.fileName);
  const maxOutput = useStore((s) => s.maxOutput);
  const maxRatio = useStore((s) => s.maxRatio);
  const setLimits = useStore((s) => s.setLimits);
  const [query, setQuery] = useState('');

  if (!ins || (ins.format !== 'zboot' && ins.format !== 'compressed')) return null;
  const tool = (codec: string) => ({ gzip: 'gzip', zstd: 'zstd', lz4: 'lz4', lzma: 'lzma', lzo: 'lzop', xz: 'xz' } as Record<string, string>)[codec] ?? codec;
  const cfg = unpack.status === 'done' ? unpack.result.config : undefined;
  const options = cfg && 'options' in cfg ? cfg.options : undefined;
  const key = options ? Object.entries(options).filter(([k]) => KEY_OPTIONS.test(k)) : [];
  const matches = options && query.trim() ? Object.entries(options).filter(([k, v]) => `${k}=${v}`.toLowerCase().includes(query.toLowerCase())).slice(0, 200) : [];

  return (
    <section className="unpack" aria-label="Decompression">
      <details className="limits">
        <summary>Limits</summary>
        <label>
          Output limit{' '}
          <select aria-label="Output limit" value={maxOutput} onChange={(e) => setLimits(Number(e.target.value), maxRatio)}>
            {[16, 64, 256, 512, 1024, 2048].map((m) => (
              <option key={m} value={m * 1024 * 1024}>
                {m >= 1024 ? `${m / 1024} GiB` : `${m} MiB`}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Expansion ratio limit{' '}
          <select aria-label="Expansion ratio limit" value={maxRatio} onChange={(e) => setLimits(maxOutput, Number(e.target.value))}>
            {[100, 1000, 100000].map((r) => (
              <option key={r} value={r}>
                {r}×
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={start}>Decompress again</button>
      </details>
      {unpack.status === 'running' && (
        <div className="progress-row">
          <span>Decompressing {ins.zboot?.compression ?? ins.compressed?.codec} {ins.zboot ? 'payload' : 'file'}…</span>
          <progress
            aria-label="Decompression progress"
            max={unpack.expected ?? 1}
            value={unpack.expected ? Math.min(unpack.outBytes, unpack.expected) : undefined}
          />
          <span className="mono">
            {humanSize(unpack.outBytes)}
            {unpack.expected ? ` of ${humanSize(unpack.expected)}` : ''} ·{' '}
            {((unpack.outBytes / 1e6) / Math.max(0.001, (unpack.updatedAt - unpack.startedAt) / 1000)).toFixed(0)} MB/s
          </span>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {unpack.status === 'cancelled' && (
        <div className="progress-row">
          Decompression cancelled. <button type="button" onClick={start}>Decompress again</button>
        </div>
      )}
      {unpack.status === 'failed' && (
        <div className="progress-row error" role="alert">
          Decompression failed{unpack.offset !== undefined ? ` at ${hex(unpack.offset)}` : ''}: {unpack.message}{' '}
          <button type="button" onClick={start}>Retry</button>
        </div>
      )}
      {unpack.status === 'done' && (
        <>
          <div className="progress-row">
            <progress aria-label="Decompression progress" max={1} value={1} />
            <span data-testid="unpack-done">
              {unpack.result.codec} → {humanSize(unpack.data.length)} ({hex(unpack.data.length)}) in {unpack.result.ms.toFixed(0)} ms with {unpack.result.decoder}
            </span>
            <span className="small">
              Image sha256{' '}
              <span className="mono" data-testid="inner-sha">
                {unpack.result.inner.sha256}
              </span>
            </span>
            <div role="tablist" aria-label="Which bytes to inspect" className="layers">
              <button type="button" role="tab" aria-selected={layer === 'file'} onClick={() => setLayer('file')}>
                {ins.zboot ? 'zboot file' : `${ins.compressed?.codec} file`}
              </button>
              <span aria-hidden="true"> ⊃ </span>
              <button type="button" role="tab" aria-selected={layer === 'inner'} onClick={() => setLayer('inner')}>
                decompressed Image
              </button>
            </div>
            <button
              type="button"
              onClick={() => {
                // the Blob (a copy of the Image) is made on demand, not while the view is drawn
                const data = unpack.data;
                const url = URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>]));
                const a = document.createElement('a');
                a.href = url;
                a.download = `${(fileName ?? 'vmlinuz.efi').replace(/\.efi$/, '')}.Image`;
                a.click();
                setTimeout(() => URL.revokeObjectURL(url), 10_000);
              }}
            >
              Download Image
            </button>
          </div>
          {ins.zboot?.payloadOffset !== undefined && ins.zboot.payloadSize !== undefined && (
            <Command
              label="by hand"
              cmd={`tail -c +${ins.zboot.payloadOffset + 1} ${fileName} | head -c ${ins.zboot.payloadSize} | ${tool(unpack.result.codec)} -dc > Image`}
            />
          )}
          {ins.compressed && <Command label="by hand" cmd={`${tool(unpack.result.codec)} -dc < ${fileName} > Image`} />}
          {unpack.result.banner && (
            <p className="banner mono" data-testid="banner">
              {unpack.result.banner.text}
            </p>
          )}
          {unpack.result.warnings.map((w) => (
            <p key={w} className="warning">{w}</p>
          ))}
          {options ? (
            <details className="config">
              <summary>
                Embedded .config: {Object.keys(options).length} options — {key.map(([k, v]) => `${k.replace('CONFIG_', '')}=${v}`).join(' ')}
              </summary>
              <input type="search" aria-label="Search the embedded config" placeholder="search CONFIG_…" value={query} onChange={(e) => setQuery(e.target.value)} />
              <ul className="mono">
                {matches.map(([k, v]) => (
                  <li key={k}>{v === 'n' ? `# ${k} is not set` : `${k}=${v}`}</li>
                ))}
              </ul>
            </details>
          ) : cfg && 'error' in cfg ? (
            <p className="warning">{cfg.error}</p>
          ) : (
            <p className="muted">No embedded .config (CONFIG_IKCONFIG off).</p>
          )}
        </>
      )}
    </section>
  );
}
