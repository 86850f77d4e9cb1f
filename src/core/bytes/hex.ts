// Number formatting shared by the tree, the summary, the CLI and the layout table.

export function hex(v: number | bigint, pad = 0): string {
  const s = (typeof v === 'bigint' ? (v < 0n ? -v : v) : Math.abs(v)).toString(16);
  return (v < 0 ? '-0x' : '0x') + s.padStart(pad, '0');
}

export function hexBytes(bytes: Uint8Array, max = Infinity): string {
  const n = Math.min(bytes.length, max);
  let s = '';
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + (bytes[i] as number).toString(16).padStart(2, '0');
  return n < bytes.length ? s + ' …' : s;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

export function humanSize(v: number | bigint): string {
  let n = Number(v);
  let u = 0;
  while (n >= 1024 && u < UNITS.length - 1) {
    n /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)} ${UNITS[u]}`;
}

/** "0x450000 (4.31 MiB)" */
export function hexSize(v: number | bigint): string {
  return `${hex(v)} (${humanSize(v)})`;
}

/** Parse "0x…", "123", "4K", "16M", "2G" into a bigint; undefined when malformed. */
export function parseSize(text: string): bigint | undefined {
  const m = /^\s*(0x[0-9a-f]+|\d+)\s*([kmgt])?i?b?\s*$/i.exec(text);
  if (!m) return undefined;
  const base = BigInt(m[1] as string);
  const mult = { k: 10n, m: 20n, g: 30n, t: 40n }[(m[2] ?? '').toLowerCase() as 'k'] ?? 0n;
  return base << mult;
}

/** Parse an inclusive "START-END" address range ("0x76e00000-0x7edfffff"); undefined when malformed. */
export function parseRange(text: string): { start: bigint; end: bigint } | undefined {
  const m = /^\s*(0x[0-9a-f]+|\d+)\s*-\s*(0x[0-9a-f]+|\d+)\s*$/i.exec(text);
  return m ? { start: BigInt(m[1] as string), end: BigInt(m[2] as string) } : undefined;
}
