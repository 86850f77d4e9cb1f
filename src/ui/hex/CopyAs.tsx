// "Copy as" for the selected field or byte range: hex string, C array, little-endian integer.
import { useState } from 'react';
import { hex } from '../../core/bytes/hex';

const MAX_COPY = 64 * 1024;

export function copyFormats(b: Uint8Array): Record<string, string> {
  const hexs = Array.from(b, (x) => x.toString(16).padStart(2, '0'));
  let le = 0n;
  for (let i = b.length - 1; i >= 0; i--) le = (le << 8n) | BigInt(b[i] as number);
  const out: Record<string, string> = {
    hex: hexs.join(''),
    'C array': `{ ${hexs.map((h) => `0x${h}`).join(', ')} }`,
  };
  if (b.length <= 8) out['LE integer'] = `${hex(le)} (${le})`;
  return out;
}

export function CopyAs({ bytes, range }: { bytes: Uint8Array; range: [number, number] }) {
  const [said, setSaid] = useState('');
  const [lo, hi] = range;
  const len = Math.min(hi - lo, MAX_COPY);
  const copy = async (kind: string) => {
    const text = copyFormats(bytes.subarray(lo, lo + len))[kind] as string;
    try {
      await navigator.clipboard.writeText(text);
      setSaid(`copied ${kind}${hi - lo > MAX_COPY ? ` (first ${MAX_COPY} bytes)` : ''}`);
    } catch {
      setSaid(text.slice(0, 200));
    }
  };
  return (
    <span className="copyas" role="group" aria-label="Copy selected bytes as">
      Copy as{' '}
      {['hex', 'C array', ...(len <= 8 ? ['LE integer'] : [])].map((k) => (
        <button key={k} type="button" onClick={() => void copy(k)}>
          {k}
        </button>
      ))}
      <span className="muted" aria-live="polite">{said}</span>
    </span>
  );
}
