// A parsed devicetree as devicetree source, exactly as `dtc -I dtb -O dts` (1.6) prints it: a
// string list as one string with \0 between; 32-bit cells as <0x…>; other bytes as [..]; an
// empty property bare.
import type { FdtNode, FdtProperty, ParsedFdt } from './reader';

const ESCAPES: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x22: '"', 0x5c: '\\' };
const isString = (c: number) => (c >= 0x20 && c < 0x7f) || c === 0 || (c >= 7 && c <= 13);

/** dtc's guess_value_type() (treesource.c): NUL-terminated, only printable/escapable bytes, no more NULs than others. */
function looksLikeString(v: Uint8Array): boolean {
  let nul = 0;
  for (const c of v) {
    if (!isString(c)) return false;
    if (c === 0) nul++;
  }
  return v[v.length - 1] === 0 && nul <= v.length - nul;
}

function value(p: FdtProperty): string {
  const v = p.value;
  if (!v.length) return '';
  if (looksLikeString(v)) {
    let s = '';
    for (const c of v.subarray(0, v.length - 1)) s += c === 0 ? '\\0' : ESCAPES[c] !== undefined ? `\\${ESCAPES[c]}` : String.fromCharCode(c);
    return ` = "${s}"`;
  }
  if (v.length % 4 === 0) {
    const dv = new DataView(v.buffer, v.byteOffset, v.length);
    const w: string[] = [];
    for (let o = 0; o < v.length; o += 4) w.push(`0x${dv.getUint32(o).toString(16).padStart(2, '0')}`);
    return ` = <${w.join(' ')}>`;
  }
  return ` = [${Array.from(v, (b) => b.toString(16).padStart(2, '0')).join(' ')}]`;
}

function node(n: FdtNode, depth: number, out: string[]): void {
  const ind = '\t'.repeat(depth);
  out.push(`${ind}${depth ? n.name : '/'} {`);
  for (const p of n.props) out.push(`${ind}\t${p.name}${value(p)};`);
  for (const c of n.children) {
    out.push('');
    node(c, depth + 1, out);
  }
  out.push(`${ind}};`);
}

export function toDts(t: ParsedFdt): string {
  const out = ['/dts-v1/;', ''];
  for (const r of t.reservations) out.push(`/memreserve/\t0x${r.address.toString(16).padStart(16, '0')} 0x${r.size.toString(16).padStart(16, '0')};`);
  node(t.root, 0, out);
  return out.join('\n') + '\n';
}
