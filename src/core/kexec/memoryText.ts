// Parsers for the memory listings a user pastes: the debugfs memblock files
// (/sys/kernel/debug/memblock/{memory,reserved}, printed by mm/memblock.c memblock_debug_show)
// and /proc/iomem (kernel/resource.c r_show). Malformed lines are reported with their line number.
import { hex } from '../bytes/hex';

export interface MemRegion {
  start: bigint;
  /** Inclusive, as both listings print it. */
  end: bigint;
  /** memblock flag name (NONE, NOMAP, HOTPLUG, MIRROR, DRIVER_MANAGED, …) or iomem name. */
  flags?: string;
  name?: string;
}

export interface LineError {
  line: number;
  message: string;
}

export interface IomemNode extends MemRegion {
  name: string;
  depth: number;
  children: IomemNode[];
}

/** A listing is accepted up to this many lines; more is refused, not parsed (hostile input). */
export const MAX_LINES = 100_000;

// "   0: 0x0000000040000000..0x000000007fffffff    0 NONE" (6.x; nid and flags since ~6.3),
// or the older "   0: 0x0000000040000000..0x000000007fffffff".
const MEMBLOCK_LINE = /^\s*(\d+):\s+(0x[0-9a-fA-F]{1,16})\.\.(0x[0-9a-fA-F]{1,16})(?:\s+(\d+|x))?(?:\s+([A-Z_]+))?\s*$/;

/**
 * The line walk both listings share: refuse oversized text, skip blank lines, report a line that
 * does not match `re` (or whose range runs backwards) with its number, hand the others on.
 * `onLine` may return an error message for a line it rejects.
 */
function eachLine(text: string, re: RegExp, format: string, start: (m: RegExpExecArray) => [bigint, bigint], onLine: (m: RegExpExecArray) => string | void): LineError[] {
  const errors: LineError[] = [];
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_LINES) return [{ line: MAX_LINES + 1, message: `more than ${MAX_LINES} lines: refused` }];
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    const m = re.exec(raw);
    if (!m) return void errors.push({ line: i + 1, message: `not ${format}: ${JSON.stringify(raw.slice(0, 80))}` });
    const [s, e] = start(m);
    if (e < s) return void errors.push({ line: i + 1, message: `end ${hex(e)} is below start ${hex(s)}` });
    const problem = onLine(m);
    if (problem) errors.push({ line: i + 1, message: problem });
  });
  return errors;
}

export function looksLikeMemblock(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim());
  return !!first && MEMBLOCK_LINE.test(first);
}

export function parseMemblock(text: string): { regions: MemRegion[]; errors: LineError[] } {
  const regions: MemRegion[] = [];
  const range = (m: RegExpExecArray): [bigint, bigint] => [BigInt(m[2] as string), BigInt(m[3] as string)];
  const errors = eachLine(text, MEMBLOCK_LINE, 'a memblock line ("N: 0xSTART..0xEND [nid] [FLAGS]")', range, (m) => {
    const [start, end] = range(m);
    const r: MemRegion = { start, end };
    if (m[5]) r.flags = m[5];
    regions.push(r);
  });
  return { regions, errors };
}

// "  40200000-404cffff : Kernel code" — two spaces of indent per nesting level.
const IOMEM_LINE = /^( *)([0-9a-fA-F]{1,16})-([0-9a-fA-F]{1,16}) : (.*)$/;

export function looksLikeIomem(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim());
  return !!first && IOMEM_LINE.test(first);
}

export function parseIomem(text: string): { roots: IomemNode[]; errors: LineError[] } {
  const roots: IomemNode[] = [];
  const stack: IomemNode[] = [];
  const range = (m: RegExpExecArray): [bigint, bigint] => [BigInt('0x' + m[2]), BigInt('0x' + m[3])];
  const errors = eachLine(text, IOMEM_LINE, 'an iomem line ("START-END : name")', range, (m) => {
    const depth = Math.floor((m[1] as string).length / 2);
    const [start, end] = range(m);
    const node: IomemNode = { start, end, name: (m[4] as string).trim(), depth, children: [] };
    while (stack.length && (stack[stack.length - 1] as IomemNode).depth >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (depth > 0 && !parent) return 'indented line has no parent range above it';
    (parent ? parent.children : roots).push(node);
    stack.push(node);
  });
  return { roots, errors };
}

/** The "Crash kernel" range from /proc/iomem, if any. */
export function crashRegionFromIomem(roots: IomemNode[]): MemRegion | undefined {
  const walk = (ns: IomemNode[]): IomemNode | undefined => {
    for (const n of ns) {
      if (n.name === 'Crash kernel') return n;
      const c = walk(n.children);
      if (c) return c;
    }
    return undefined;
  };
  const c = walk(roots);
  return c ? { start: c.start, end: c.end } : undefined;
}
