// The hex view's data inspector and search, pure: the integers the bytes at an offset spell in
// each width, signedness and byte order; a byte-pattern search; the go-to box's grammar.
import { hex, parseSize } from './hex';

export interface InspectedValue {
  type: string;
  le?: string;
  be?: string;
}

function readUnsigned(b: Uint8Array, off: number, n: number, little: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[off + (little ? n - 1 - i : i)] as number);
  return v;
}

const signed = (v: bigint, bits: number) => (v >= 1n << BigInt(bits - 1) ? v - (1n << BigInt(bits)) : v);

/** u8…u64 and i8…i64 in both byte orders, and the 64-bit value as an address; widths that run
 * past the end of the bytes are left out. */
export function inspectAt(b: Uint8Array, off: number): InspectedValue[] {
  const out: InspectedValue[] = [];
  if (off < 0 || off >= b.length) return out;
  const u8 = b[off] as number;
  out.push({ type: 'u8', le: `${u8} (${hex(u8, 2)})` }, { type: 'i8', le: String(u8 >= 0x80 ? u8 - 0x100 : u8) });
  for (const bits of [16, 32, 64]) {
    const n = bits / 8;
    if (off + n > b.length) break;
    const le = readUnsigned(b, off, n, true);
    const be = readUnsigned(b, off, n, false);
    out.push({ type: `u${bits}`, le: `${le} (${hex(le)})`, be: `${be} (${hex(be)})` });
    out.push({ type: `i${bits}`, le: String(signed(le, bits)), be: String(signed(be, bits)) });
    if (bits === 64) out.push({ type: 'as address', le: hex(le, 16), be: hex(be, 16) });
  }
  return out;
}

/** A find query: hex bytes ("4d 5a", "4d5a", "0x4d 0x5a") or text (anything else, or "quoted"). */
export function parseFindQuery(q: string): { bytes?: Uint8Array; error?: string; kind?: 'hex' | 'text' } {
  const t = q.trim();
  if (!t) return { error: 'type hex bytes (4d 5a) or text ("MZ")' };
  const quoted = /^"(.*)"$/.exec(t);
  const compact = t.replace(/0x/gi, '').replace(/[\s,]+/g, '');
  if (!quoted && /^[0-9a-f]+$/i.test(compact) && /^(?:(?:0x)?[0-9a-f]{2}[\s,]*)+$/i.test(t)) {
    const bytes = new Uint8Array(compact.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(compact.slice(2 * i, 2 * i + 2), 16);
    return { bytes, kind: 'hex' };
  }
  const text = quoted ? (quoted[1] as string) : t;
  if (!text) return { error: 'an empty "" finds nothing' };
  return { bytes: new TextEncoder().encode(text), kind: 'text' };
}

/** First index ≥ from and < to where needle starts (needle wholly inside [from, to + needle)), or -1. */
export function findBytes(hay: Uint8Array, needle: Uint8Array, from: number, to = hay.length): number {
  if (!needle.length) return -1;
  const first = needle[0] as number;
  const last = Math.min(to, hay.length - needle.length + 1);
  for (let i = hay.indexOf(first, from); i !== -1 && i < last; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/** The go-to box: an absolute offset ("0x3c", "60", "4K") or one relative to the cursor ("+0x40", "-16"). */
export function parseGoto(text: string, cursor: number): number | undefined {
  const t = text.trim();
  const rel = /^([+-])\s*(.+)$/.exec(t);
  const v = parseSize(rel ? (rel[2] as string) : t);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) return undefined;
  return rel ? (rel[1] === '+' ? cursor + n : cursor - n) : n;
}
