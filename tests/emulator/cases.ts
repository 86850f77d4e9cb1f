// Differential test cases: one A64 word with random fields per case, random registers and flags,
// base registers aimed at a data buffer. The same cases run under qemu-aarch64 (harness.c) and
// in the machine; results are compared as text lines (formatResult).
//
// A case is rebuilt from its line in vectors.txt: the registers come from regsFromSeed(seed) with
// the listed overrides. Changing regsFromSeed or pattern() invalidates vectors.txt (regenerate
// it: npx tsx tests/emulator/make-vectors.ts).

/** harness.c's layout: a 64 KiB code pad of UDF #0 with the word at SLOT, and a data buffer. */
export const PAD = 0x1000_0000n;
export const PAD_SIZE = 0x1_0000n;
export const SLOT = PAD + 0x8000n;
export const DATA = 0x2000_0000n;
export const DATA_SIZE = 0x2000;

/** The data buffer's initial bytes (harness.c pattern()). */
export const pattern = (i: number) => Number((BigInt(i) * 2654435761n >> 13n) & 0xffn);

export interface Case {
  cls: string;
  word: number;
  nzcv: number;
  seed: number;
  sp: bigint;
  overrides: Map<number, bigint>;
}

/** xorshift32: the generator's and regsFromSeed's source of randomness. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

const INTERESTING = [0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x1_0000_0000n, 0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn, 0xfffffffffffffffen, 0x8000000080000000n, 63n, 64n, 31n, 32n];

/** x0..x30 for a seed: a mix of edge values, small numbers and random 64-bit words. */
export function regsFromSeed(seed: number): bigint[] {
  const r = rng(seed);
  const out: bigint[] = [];
  for (let i = 0; i < 31; i++) {
    const k = r() % 8;
    const rand64 = (BigInt(r()) << 32n) | BigInt(r());
    if (k < 2) out.push(INTERESTING[r() % INTERESTING.length]!);
    else if (k === 2) out.push(BigInt(r() % 256));
    else if (k === 3) out.push(BigInt.asUintN(64, -BigInt(r() % 256)));
    else if (k === 4) out.push(BigInt(r()));
    else out.push(rand64);
  }
  return out;
}

export function caseRegs(c: Case): bigint[] {
  const x = regsFromSeed(c.seed);
  for (const [n, v] of c.overrides) x[n] = v;
  return x;
}

type Gen = (r: () => number, o: Map<number, bigint>, set: (n: number, v: bigint) => bigint) => number;
const f = (v: number, at: number) => (v >>> 0) << at >>> 0;
const pick = <T,>(r: () => number, xs: readonly T[]) => xs[r() % xs.length]!;

/** A data address with room around it, aligned to `align` most of the time. */
function dataPtr(r: () => number, align: number): bigint {
  let off = 0x800 + (r() % 0x800);
  if (r() % 8) off &= ~(align - 1);
  return DATA + BigInt(off);
}
/** A branch offset in words: within the pad, never 0 (a branch to itself would loop in qemu). */
function branchWords(r: () => number, max: number): number {
  const v = (r() % (2 * max)) - max;
  return v === 0 ? 1 : v;
}
const sfOf = (r: () => number) => r() & 1;

/** Word generators per encoding class (Arm ARM C4.1), each with random fields. */
export const GENERATORS: Record<string, Gen> = {
  adr: (r) => f(r() & 1, 31) | f(r() & 3, 29) | 0x10000000 | f(r() & 0x7ffff, 5) | (r() & 31),
  addsubImm: (r) => f(sfOf(r), 31) | f(r() & 3, 29) | 0x11000000 | f(r() & 1, 22) | f(r() & 0xfff, 10) | f(r() & 31, 5) | (r() & 31),
  logicalImm: (r) => {
    const sf = sfOf(r);
    return f(sf, 31) | f(r() & 3, 29) | 0x12000000 | f(sf ? r() & 1 : (r() % 16 ? 0 : 1), 22) | f(r() & 63, 16) | f(r() & 63, 10) | f(r() & 31, 5) | (r() & 31);
  },
  moveWide: (r) => {
    const sf = sfOf(r);
    return f(sf, 31) | f(r() % 8 ? pick(r, [0, 2, 3]) : 1, 29) | 0x12800000 | f(sf ? r() & 3 : r() & 1, 21) | f(r() & 0xffff, 5) | (r() & 31);
  },
  bitfield: (r) => {
    const sf = sfOf(r), m = sf ? 63 : 31;
    return f(sf, 31) | f(r() % 16 ? r() % 3 : 3, 29) | 0x13000000 | f(sf, 22) | f(r() & m, 16) | f(r() & m, 10) | f(r() & 31, 5) | (r() & 31);
  },
  extr: (r) => {
    const sf = sfOf(r);
    return f(sf, 31) | 0x13800000 | f(sf, 22) | f(r() & 31, 16) | f(r() & (sf ? 63 : 31), 10) | f(r() & 31, 5) | (r() & 31);
  },
  b: (r) => f(r() & 1, 31) | 0x14000000 | (branchWords(r, 0x1ff0) & 0x3ffffff),
  bcond: (r) => 0x54000000 | f(branchWords(r, 0x1ff0) & 0x7ffff, 5) | (r() & 15),
  cbz: (r, _o, set) => {
    const rt = r() & 31;
    if (r() & 1) set(rt, r() & 1 ? 0n : 0xffffffff00000000n);
    return f(sfOf(r), 31) | 0x34000000 | f(r() & 1, 24) | f(branchWords(r, 0x1ff0) & 0x7ffff, 5) | rt;
  },
  tbz: (r) => f(r() & 1, 31) | 0x36000000 | f(r() & 1, 24) | f(r() & 31, 19) | f(branchWords(r, 0x1ff0) & 0x3fff, 5) | (r() & 31),
  branchReg: (r, _o, set) => {
    const rn = r() & 31, opc = pick(r, [0, 1, 2]);
    // into the pad, or anywhere below 2^48: qemu-user runs with TBI (Linux sets TCR_EL1.TBI0), so
    // a tagged target's top byte would be dropped there, not under UEFI (EDK2 leaves TBI0 clear)
    set(rn, r() % 4 ? SLOT + BigInt(branchWords(r, 0x1ff0) * 4 + (r() % 16 ? 0 : 2)) : (BigInt(r() & 0xffff) << 32n) | BigInt(r()));
    return 0xd61f0000 | f(opc, 21) | f(rn, 5);
  },
  hint: (r) => {
    let imm = r() & 127;
    if (imm === 2 || imm === 3) imm = 0; // WFE, WFI: qemu-user may wait in them
    return 0xd503201f | f(imm, 5);
  },
  barrier: (r) => 0xd503301f | f(r() & 15, 8) | f(pick(r, [2, 4, 5, 6]), 5),
  sysregUser: (r) => {
    // the EL0-readable ones: NZCV (read and write), CTR_EL0, DCZID_EL0, TPIDR_EL0 (read and write)
    const [key, write] = pick(r, [[0x5a10, 0], [0x5a10, 1], [0x5801, 0], [0x5807, 0], [0x5e82, 0], [0x5e82, 1]] as const);
    return 0xd5100000 | f(write ? 0 : 1, 21) | f(key, 5) | (r() & 31);
  },
  cacheUser: (r, _o, set) => {
    // dc zva, dc cvau, dc cvac, dc civac, ic ivau: the forms EL0 may use (SCTLR_EL1.UCI/DZE, which Linux sets)
    const rt = r() % 31;
    set(rt, dataPtr(r, 1));
    return pick(r, [0xd50b7420, 0xd50b7b20, 0xd50b7a20, 0xd50b7e20, 0xd50b7520]) | rt;
  },
  logicalReg: (r) => {
    const sf = sfOf(r);
    return f(sf, 31) | f(r() & 3, 29) | 0x0a000000 | f(r() & 3, 22) | f(r() & 1, 21) | f(r() & 31, 16) | f(r() & (sf ? 63 : 31), 10) | f(r() & 31, 5) | (r() & 31);
  },
  addsubShift: (r) => {
    const sf = sfOf(r);
    return f(sf, 31) | f(r() & 3, 29) | 0x0b000000 | f(r() % 16 ? r() % 3 : 3, 22) | f(r() & 31, 16) | f(r() & (sf ? 63 : 31), 10) | f(r() & 31, 5) | (r() & 31);
  },
  addsubExt: (r) => f(sfOf(r), 31) | f(r() & 3, 29) | 0x0b200000 | f(r() & 31, 16) | f(r() & 7, 13) | f(r() % 16 ? r() % 5 : 5 + (r() % 3), 10) | f(r() & 31, 5) | (r() & 31),
  adcSbc: (r) => f(sfOf(r), 31) | f(r() & 3, 29) | 0x1a000000 | f(r() & 31, 16) | f(r() & 31, 5) | (r() & 31),
  condCompare: (r) => f(sfOf(r), 31) | f(r() & 1, 30) | 0x3a400000 | f(r() & 31, 16) | f(r() & 15, 12) | f(r() & 1, 11) | f(r() & 31, 5) | (r() & 15),
  condSelect: (r) => f(sfOf(r), 31) | f(r() & 1, 30) | 0x1a800000 | f(r() & 31, 16) | f(r() & 15, 12) | f(r() & 1, 10) | f(r() & 31, 5) | (r() & 31),
  twoSource: (r) => {
    const op = pick(r, [2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23]);
    const sf = (op & 0x13) === 0x13 ? 1 : op >= 16 ? 0 : sfOf(r);
    return f(sf, 31) | 0x1ac00000 | f(r() & 31, 16) | f(op, 10) | f(r() & 31, 5) | (r() & 31);
  },
  oneSource: (r) => f(sfOf(r), 31) | 0x5ac00000 | f(r() % 6, 10) | f(r() & 31, 5) | (r() & 31),
  threeSource: (r) => {
    const [sf, op31, o0] = pick(r, [[0, 0, 0], [0, 0, 1], [1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1], [1, 5, 0], [1, 5, 1], [1, 2, 0], [1, 6, 0]] as const);
    return f(sf, 31) | 0x1b000000 | f(op31, 21) | f(r() & 31, 16) | f(o0, 15) | f(op31 === 2 || op31 === 6 ? 31 : r() & 31, 10) | f(r() & 31, 5) | (r() & 31);
  },
  ldstUimm: (r, _o, set) => {
    const size = r() & 3, opc = r() & 3, rn = r() & 31;
    let rt = r() & 31;
    const scale = 1 << size;
    const base = dataPtr(r, scale);
    const imm = r() % 16 ? r() % Math.floor(0x400 / scale) : r() & 0xfff;
    if (rn === 31) set(-1, base & ~15n); else set(rn, base);
    if (rt === rn && rn !== 31 && (opc & 1)) rt = (rt + 1) & 31;
    return f(size, 30) | 0x39000000 | f(opc, 22) | f(imm, 10) | f(rn, 5) | rt;
  },
  ldstImm9: (r, _o, set) => {
    const size = r() & 3, opc = r() & 3, mode = r() & 3, rn = r() & 31;
    let rt = r() & 31;
    const base = dataPtr(r, 1 << size);
    if (rn === 31) set(-1, base & ~15n); else set(rn, base);
    if (rt === rn && rn !== 31 && (mode & 1)) rt = (rt + 1) & 31;
    return f(size, 30) | 0x38000000 | f(opc, 22) | f(r() & 0x1ff, 12) | f(mode, 10) | f(rn, 5) | rt;
  },
  ldstReg: (r, _o, set) => {
    const size = r() & 3, opc = r() & 3, rn = r() & 31, option = r() % 16 ? pick(r, [2, 3, 6, 7]) : r() & 7;
    let rm = r() & 31, rt = r() & 31;
    if (rm === rn) rm = (rm + 1) & 31;
    if (rm === 31) rm = 0;
    const base = dataPtr(r, 1 << size);
    if (rn === 31) set(-1, base & ~15n); else set(rn, base);
    const idx = BigInt((r() % 64) - 32);
    set(rm, BigInt.asUintN(64, (option === 2 || option === 6) && r() & 1 ? (BigInt(r()) << 32n) | BigInt.asUintN(32, idx) : idx));
    if (rt === rn && rn !== 31) rt = (rt + 2) & 31;
    return f(size, 30) | 0x38200800 | f(opc, 22) | f(rm, 16) | f(option, 13) | f(r() & 1, 12) | f(rn, 5) | rt;
  },
  ldstPair: (r, _o, set) => {
    const opc = r() % 16 ? pick(r, [0, 1, 2]) : 3, mode = r() & 3, l = r() & 1, rn = r() & 31;
    let rt = r() & 31, rt2 = r() & 31;
    if (l && rt === rt2) rt2 = (rt2 + 1) & 31;
    if (mode & 1) {
      while (rt === rn && rn !== 31) rt = (rt + 3) & 31;
      while ((rt2 === rn && rn !== 31) || (l && rt2 === rt)) rt2 = (rt2 + 5) & 31;
    }
    const base = dataPtr(r, opc === 2 ? 8 : 4);
    if (rn === 31) set(-1, base & ~15n); else set(rn, base);
    return f(opc, 30) | 0x28000000 | f(mode, 23) | f(l, 22) | f(r() & 0x7f, 15) | f(rt2, 10) | f(rn, 5) | rt;
  },
  ldrLiteral: (r) => f(r() & 3, 30) | 0x18000000 | f((r() % 16 === 0 ? 0 : branchWords(r, 0x1ff0)) & 0x7ffff, 5) | (r() & 31),
  // what the machine must refuse (qemu runs some of them): add v0.4s; fadd s0; ldaddal; ldxr; svc #0
  // (x8 = an unused syscall number); brk #0; ldar; cas; eret; retaa
  unsupported: (r, _o, set) => {
    set(8, 0x7fffn);
    return pick(r, [0x4ea08400, 0x1e202820, 0xf8e00020, 0xc85f7c20, 0xd4000001, 0xd4200000, 0xc8dffc20, 0x88a07c41, 0xd69f03e0, 0xd65f0bff]);
  },
};

/** Cases of every class from one seed: `perClass` each. */
export function generate(seed: number, perClass: number): Case[] {
  const r = rng(seed);
  const out: Case[] = [];
  for (const [cls, gen] of Object.entries(GENERATORS)) {
    for (let i = 0; i < perClass; i++) {
      const overrides = new Map<number, bigint>();
      let sp = DATA + 0x1000n;
      const set = (n: number, v: bigint) => {
        if (n < 0) sp = v;
        else if (n < 31) overrides.set(n, v);
        return v;
      };
      const word = gen(r, overrides, set) >>> 0;
      out.push({ cls, word, nzcv: (r() & 15) << 28 >>> 0, seed: r(), sp, overrides });
    }
  }
  return out;
}

const h = (v: bigint | number) => v.toString(16);

/** A case as the input half of a vectors.txt line. */
export function formatCase(c: Case): string {
  const ov = [...c.overrides].sort((a, b) => a[0] - b[0]).map(([n, v]) => ` x${n}=${h(v)}`).join('');
  return `${c.cls} ${h(c.word).padStart(8, '0')} ${h(c.nzcv >>> 28)} ${h(c.seed)} sp=${h(c.sp)}${ov}`;
}
export function parseCase(s: string): Case {
  const [cls, word, nzcv, seed, ...rest] = s.trim().split(/\s+/);
  const overrides = new Map<number, bigint>();
  let sp = 0n;
  for (const kv of rest) {
    const [k, v] = kv.split('=') as [string, string];
    if (k === 'sp') sp = BigInt(`0x${v}`);
    else overrides.set(Number(k.slice(1)), BigInt(`0x${v}`));
  }
  return { cls: cls!, word: parseInt(word!, 16) >>> 0, nzcv: (parseInt(nzcv!, 16) << 28) >>> 0, seed: parseInt(seed!, 16) >>> 0, sp, overrides };
}

/** What happened, on either side. */
export interface Outcome {
  kind: 'ok' | 'undef' | 'fault';
  pc: bigint;
  x: bigint[];
  sp: bigint;
  nzcv: number;
  /** Data bytes that differ from pattern(), by offset (ok outcomes only). */
  data: Map<number, number>;
}

/** The result half of a line: what changed against the case's input. */
export function formatResult(c: Case, o: Outcome): string {
  const x0 = caseRegs(c);
  const parts: string[] = [o.kind, `pc=${h(o.pc - SLOT)}`];
  if (o.kind === 'ok') parts.push(`f=${h(o.nzcv >>> 28)}`);
  o.x.forEach((v, i) => { if (v !== x0[i]) parts.push(`x${i}=${h(v)}`); });
  if (o.sp !== c.sp) parts.push(`sp=${h(o.sp)}`);
  if (o.kind === 'ok') for (const [off, v] of [...o.data].sort((a, b) => a[0] - b[0])) parts.push(`m${h(off)}=${h(v)}`);
  return parts.join(' ');
}

/** vectors.txt's generator seed and size. */
export const VECTOR_SEED = 1;
export const VECTORS_PER_CLASS = 120;
