// The AArch64 machine: a64.c's interpreter (WebAssembly, required: every target browser and
// Node >= 16 has it) behind the API of /work/emulator-contract.md. One WebAssembly instance per
// machine, so dispose() (or dropping the machine) gives its memory back; the module is compiled
// once. Registers and the stop record live in a64.c's `st` array, read here through a
// BigUint64Array view that is re-made whenever memory.grow() replaces the buffer.
import { A64_WASM } from './a64.wasm';
import { describeWord } from './disasm';

export interface RamRegion { base: bigint; size: bigint }
export interface MachineOptions {
  /** Identity-mapped physical RAM, e.g. [{ base: 0x4000_0000n, size: 0x4000_0000n }] (QEMU virt, 1 GiB). */
  ram: RamRegion[];
  /** A non-RAM range: pc entering it stops the run with kind 'trap'. */
  trap: { base: bigint; size: bigint };
  /** CurrentEL at entry (default 1). */
  el?: 1 | 2;
  /** Bytes of RAM that may be touched (mapped on first write), default: all of it (capped by WebAssembly's 4 GiB). */
  memoryLimit?: bigint;
}
export type StopReason =
  | { kind: 'trap'; pc: bigint }
  | { kind: 'breakpoint'; pc: bigint }
  | { kind: 'undefined'; pc: bigint; word: number; text: string }
  /**
   * An access outside RAM; `misaligned`: an alignment fault instead, of the PC (a branch to a pc
   * not a multiple of 4; address = pc, size 4) or of SP used as a base while not 16-byte aligned
   * with SCTLR_ELx.SA set (address = sp, size 0).
   */
  | { kind: 'fault'; pc: bigint; address: bigint; size: number; write: boolean; misaligned?: boolean }
  /** The host's memory for the guest's RAM ran out (memoryLimit, or WebAssembly could not grow) at a write to `address`. */
  | { kind: 'memory'; pc: bigint; address: bigint }
  | { kind: 'budget' };

export interface MachineStats {
  /** Cache maintenance, barrier and TLB instructions executed, by mnemonic ('dc cvau', 'ic ialluis', 'dsb', 'isb'…). */
  cacheOps: Record<string, number>;
  /** MRS / MSR executions by register name. */
  sysregReads: Record<string, number>;
  sysregWrites: Record<string, number>;
}

export interface Aarch64Machine {
  getX(n: number): bigint;
  setX(n: number, v: bigint): void;
  getSp(): bigint;
  setSp(v: bigint): void;
  getPc(): bigint;
  setPc(v: bigint): void;
  /** NZCV in bits 31..28, as the NZCV register. */
  getNzcv(): number;
  setNzcv(v: number): void;
  readonly el: 1 | 2;
  /** A system register's current value by its Arm name ('SCTLR_EL1', 'CTR_EL0', 'CurrentEL'…), undefined when not modelled. */
  sysreg(name: string): bigint | undefined;
  read(addr: bigint, len: number): Uint8Array | undefined;
  write(addr: bigint, bytes: Uint8Array): boolean;
  read64(addr: bigint): bigint | undefined;
  write64(addr: bigint, v: bigint): boolean;
  read32(addr: bigint): number | undefined;
  write32(addr: bigint, v: number): boolean;
  /** memmove semantics. */
  copy(dst: bigint, src: bigint, len: bigint): boolean;
  fill(dst: bigint, len: bigint, value: number): boolean;
  setBreakpoints(pcs: bigint[]): void;
  /** Executes at most maxInstructions; the stopping instruction (trap, fault, undefined) is not executed. */
  run(maxInstructions: number): StopReason;
  readonly instructions: number;
  readonly stats: MachineStats;
  /** Bytes of host memory holding touched guest RAM. */
  readonly ramInUse: number;
  dispose(): void;
}

interface Exports {
  memory: WebAssembly.Memory;
  state_ptr(): number;
  ops_ptr(): number;
  sysreg_reads_ptr(): number;
  sysreg_writes_ptr(): number;
  sysreg_value(i: number): bigint;
  add_region(base: bigint, size: bigint): number;
  set_chunk_limit(n: number): void;
  chunks_in_use(): number;
  host_span(a: bigint, n: number, write: number): number;
  host_span_len(): number;
  is_ram(a: bigint, n: bigint): number;
  guest_copy(dst: bigint, src: bigint, n: bigint): number;
  guest_fill(dst: bigint, n: bigint, value: number): number;
  run(budget: number, resume: number): number;
}

// a64.c's `st` slots.
const S = { SP: 31, PC: 32, NZCV: 33, INSNS: 34, STOP: 35, STOP_PC: 36, STOP_ADDR: 37, STOP_SIZE: 38, STOP_WRITE: 39, STOP_WORD: 40, TRAP_BASE: 41, TRAP_END: 42, EL: 43, SCTLR1: 44, SCTLR2: 45, NBP: 46, DAIF: 47, BP: 48 } as const;
const MAX_BP = 64;
const SLICE = 1 << 20;
const enum Stop { None, Trap, Breakpoint, Undefined, Fault, Budget, Memory, PcAlign, SpAlign }
const CHUNK = 65536n;
const U64 = (1n << 64n) - 1n;

/** a64.c's effect counters, in its OP_* order. */
const CACHE_OPS = ['dc cvau', 'dc cvac', 'dc civac', 'dc ivac', 'dc cvap', 'dc zva', 'dc set/way', 'ic ialluis', 'ic iallu', 'ic ivau', 'dsb', 'dmb', 'isb', 'clrex', 'tlbi'];
/** a64.c's system registers, in its sysreg_key order. */
const SYSREGS = ['CTR_EL0', 'CLIDR_EL1', 'CurrentEL', 'SCTLR_EL1', 'SCTLR_EL2', 'ID_AA64MMFR0_EL1', 'MIDR_EL1', 'ID_AA64PFR0_EL1', 'ID_AA64ISAR0_EL1', 'DCZID_EL0', 'MPIDR_EL1', 'REVIDR_EL1', 'ID_AA64PFR1_EL1', 'ID_AA64ISAR1_EL1', 'ID_AA64MMFR1_EL1', 'ID_AA64DFR0_EL1', 'CCSIDR_EL1', 'CSSELR_EL1', 'DAIF', 'ID_AA64MMFR2_EL1', 'AIDR_EL1', 'NZCV', 'ID_AA64ISAR2_EL1', 'TPIDR_EL0'];

/**
 * SCTLR at entry: QEMU cortex-a57's reset value 0x00c50838 (target/arm/cpu64.c aarch64_a57_initfn,
 * reset_sctlr) with M, C and I set, as UEFI runs with the MMU and caches on (UEFI 2.10 §2.3.6.1).
 * SCTLR_EL2: its v8.0 RES1 bits (Arm ARM D23.2.118) plus SA, M, C and I. EDK2's exact values are
 * not verified (efi-emulation.md §9).
 */
export const SCTLR_EL1_AT_ENTRY = 0x00c5183dn;
export const SCTLR_EL2_AT_ENTRY = 0x30c5183dn;

let compiled: Promise<WebAssembly.Module> | undefined;
function a64Module(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    if (typeof WebAssembly !== 'object') throw new Error('the AArch64 emulator needs WebAssembly, which this environment lacks');
    const text = atob(A64_WASM);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return WebAssembly.compile(bytes);
  })();
  return compiled;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

function checkOptions(opts: MachineOptions): void {
  const ranges = opts.ram.map((r, i) => ({ ...r, what: `RAM region ${i}` }));
  if (!ranges.length) throw new RangeError('the machine needs at least one RAM region');
  if (ranges.length > 16) throw new RangeError(`${ranges.length} RAM regions: at most 16`);
  for (const r of [...ranges, { ...opts.trap, what: 'the trap range' }]) {
    if (r.size <= 0n || r.base < 0n || r.base + r.size - 1n > U64) throw new RangeError(`${r.what} ${hex(r.base)}+${hex(r.size)} is empty or outside the 64-bit address space`);
  }
  const all = [...ranges, { ...opts.trap, what: 'the trap range' }].sort((a, b) => (a.base < b.base ? -1 : 1));
  for (let i = 1; i < all.length; i++) {
    const a = all[i - 1]!, b = all[i]!;
    if (b.base < a.base + a.size) throw new RangeError(`${a.what} ${hex(a.base)}+${hex(a.size)} overlaps ${b.what} at ${hex(b.base)}`);
  }
}

export async function createMachine(opts: MachineOptions): Promise<Aarch64Machine> {
  checkOptions(opts);
  const instance = await WebAssembly.instantiate(await a64Module());
  return new WasmMachine(instance.exports as unknown as Exports, opts);
}

class WasmMachine implements Aarch64Machine {
  readonly el: 1 | 2;
  private x: Exports | undefined;
  private view: BigUint64Array | undefined;

  constructor(x: Exports, opts: MachineOptions) {
    this.x = x;
    this.el = opts.el ?? 1;
    let chunks = 0n;
    for (const r of opts.ram) {
      if (!x.add_region(r.base, r.size)) throw new RangeError(`RAM region ${hex(r.base)}+${hex(r.size)}: more than 4 GiB of RAM in all`);
      chunks += (r.size + CHUNK - 1n) / CHUNK + 1n;
    }
    const limit = opts.memoryLimit === undefined ? chunks : (opts.memoryLimit + CHUNK - 1n) / CHUNK;
    x.set_chunk_limit(Number(limit < 65536n ? limit : 65536n));
    const s = this.st();
    s[S.TRAP_BASE] = opts.trap.base;
    s[S.TRAP_END] = opts.trap.base + opts.trap.size;
    s[S.EL] = BigInt(this.el);
    s[S.SCTLR1] = SCTLR_EL1_AT_ENTRY;
    s[S.SCTLR2] = SCTLR_EL2_AT_ENTRY;
    s[S.DAIF] = 0x3c0n; // interrupts masked, as UEFI boot services run them (UEFI 2.10 §2.3.6.1)
  }

  private ex(): Exports {
    if (!this.x) throw new Error('the machine was disposed');
    return this.x;
  }
  private st(): BigUint64Array {
    const x = this.ex();
    if (!this.view || this.view.buffer !== x.memory.buffer) this.view = new BigUint64Array(x.memory.buffer, x.state_ptr(), S.BP + MAX_BP);
    return this.view;
  }
  private u32s(ptr: number, n: number): Uint32Array {
    return new Uint32Array(this.ex().memory.buffer, ptr, n);
  }

  getX(n: number): bigint {
    return this.st()[reg(n)]!;
  }
  setX(n: number, v: bigint): void {
    this.st()[reg(n)] = BigInt.asUintN(64, v);
  }
  getSp(): bigint {
    return this.st()[S.SP]!;
  }
  setSp(v: bigint): void {
    this.st()[S.SP] = BigInt.asUintN(64, v);
  }
  getPc(): bigint {
    return this.st()[S.PC]!;
  }
  setPc(v: bigint): void {
    this.st()[S.PC] = BigInt.asUintN(64, v);
  }
  getNzcv(): number {
    return Number(this.st()[S.NZCV]! & 0xf0000000n);
  }
  setNzcv(v: number): void {
    this.st()[S.NZCV] = BigInt(v >>> 0) & 0xf0000000n;
  }

  sysreg(name: string): bigint | undefined {
    const s = this.st();
    if (name === 'SCTLR_EL1') return s[S.SCTLR1];
    if (name === 'SCTLR_EL2') return s[S.SCTLR2];
    if (name === 'CurrentEL') return BigInt(this.el) << 2n;
    if (name === 'DAIF') return s[S.DAIF];
    if (name === 'NZCV') return s[S.NZCV];
    if (name === 'ID_AA64PFR0_EL1') return this.el === 2 ? 0x222n : 0x22n;
    const i = SYSREGS.indexOf(name);
    return i < 0 ? undefined : this.ex().sysreg_value(i);
  }

  /** Calls f(wasm address, offset, n) for each host-contiguous piece of guest [addr, addr+len); false if any byte is not RAM (nothing is done then). */
  private pieces(addr: bigint, len: number, write: boolean, f: (at: number, off: number, n: number) => void): boolean {
    const x = this.ex();
    if (len === 0) return addr >= 0n && addr <= U64;
    if (addr < 0n || addr + BigInt(len) - 1n > U64 || !x.is_ram(addr, BigInt(len))) return false;
    let off = 0;
    while (off < len) {
      const at = x.host_span(addr + BigInt(off), len - off, write ? 1 : 0);
      if (!at) return false; // the memory cap (writes only)
      const n = x.host_span_len();
      f(at, off, n);
      off += n;
    }
    return true;
  }

  read(addr: bigint, len: number): Uint8Array | undefined {
    if (!Number.isSafeInteger(len) || len < 0) return undefined;
    const out = new Uint8Array(len);
    const ok = this.pieces(addr, len, false, (at, off, n) => out.set(new Uint8Array(this.ex().memory.buffer, at, n), off));
    return ok ? out : undefined;
  }
  write(addr: bigint, bytes: Uint8Array): boolean {
    // all chunks are mapped first (memory.grow may replace the buffer), then copied
    if (!this.pieces(addr, bytes.length, true, () => {})) return false;
    return this.pieces(addr, bytes.length, true, (at, off, n) => new Uint8Array(this.ex().memory.buffer, at, n).set(bytes.subarray(off, off + n)));
  }
  read64(addr: bigint): bigint | undefined {
    const b = this.read(addr, 8);
    return b && new DataView(b.buffer).getBigUint64(0, true);
  }
  write64(addr: bigint, v: bigint): boolean {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    return this.write(addr, b);
  }
  read32(addr: bigint): number | undefined {
    const b = this.read(addr, 4);
    return b && new DataView(b.buffer).getUint32(0, true);
  }
  write32(addr: bigint, v: number): boolean {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.write(addr, b);
  }
  copy(dst: bigint, src: bigint, len: bigint): boolean {
    if (len === 0n) return true;
    if (dst < 0n || src < 0n || len < 0n || dst + len - 1n > U64 || src + len - 1n > U64) return false;
    return this.ex().guest_copy(dst, src, len) === 1;
  }
  fill(dst: bigint, len: bigint, value: number): boolean {
    if (len === 0n) return true;
    if (dst < 0n || len < 0n || dst + len - 1n > U64) return false;
    return this.ex().guest_fill(dst, len, value & 0xff) === 1;
  }

  setBreakpoints(pcs: bigint[]): void {
    if (pcs.length > MAX_BP) throw new RangeError(`${pcs.length} breakpoints: at most ${MAX_BP}`);
    const s = this.st();
    pcs.forEach((pc, i) => (s[S.BP + i] = BigInt.asUintN(64, pc)));
    s[S.NBP] = BigInt(pcs.length);
  }

  run(maxInstructions: number): StopReason {
    const x = this.ex();
    // In slices: V8 runs a WebAssembly function's optimised code only from its next call on (no
    // on-stack replacement), so one long call would stay in the baseline tier (half the speed).
    let left = maxInstructions >= 0 ? Math.floor(maxInstructions) : 0; // NaN and negatives: nothing
    let stop: number;
    let resume = 1; // a breakpoint at the pc a run() starts from does not stop it; between slices it does
    do {
      const n = Math.min(left, SLICE);
      stop = x.run(n, resume);
      resume = 0;
      left -= n;
    } while (stop === Stop.Budget && left > 0);
    const s = this.st();
    const pc = s[S.STOP_PC]!;
    switch (stop as Stop) {
      case Stop.Trap: return { kind: 'trap', pc };
      case Stop.Breakpoint: return { kind: 'breakpoint', pc };
      case Stop.Undefined: {
        const word = Number(s[S.STOP_WORD]!);
        return { kind: 'undefined', pc, word, text: describeWord(word, pc) };
      }
      case Stop.Fault: return { kind: 'fault', pc, address: s[S.STOP_ADDR]!, size: Number(s[S.STOP_SIZE]!), write: s[S.STOP_WRITE] === 1n };
      case Stop.PcAlign: return { kind: 'fault', pc, address: pc, size: 4, write: false, misaligned: true };
      case Stop.SpAlign: return { kind: 'fault', pc, address: s[S.STOP_ADDR]!, size: 0, write: false, misaligned: true };
      case Stop.Memory: return { kind: 'memory', pc, address: s[S.STOP_ADDR]! };
      case Stop.Budget: return { kind: 'budget' };
      default: throw new Error(`a64.c stopped with an unknown reason ${stop}`);
    }
  }

  get instructions(): number {
    return Number(this.st()[S.INSNS]!);
  }

  get stats(): MachineStats {
    const x = this.ex();
    const counts = (names: string[], ptr: number) => {
      const v = this.u32s(ptr, names.length);
      const out: Record<string, number> = {};
      names.forEach((n, i) => { if (v[i]) out[n] = v[i]!; });
      return out;
    };
    return { cacheOps: counts(CACHE_OPS, x.ops_ptr()), sysregReads: counts(SYSREGS, x.sysreg_reads_ptr()), sysregWrites: counts(SYSREGS, x.sysreg_writes_ptr()) };
  }

  get ramInUse(): number {
    return this.ex().chunks_in_use() * 65536;
  }

  dispose(): void {
    this.x = undefined;
    this.view = undefined;
  }
}

function reg(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 30) throw new RangeError(`x${n}: general registers are x0..x30`);
  return n;
}
