// A machine with memory and registers but no CPU: enough to call the UEFI host's service
// handlers directly, as the guest would (registers set, a trap served), without running code.
import type { Aarch64Machine, RamRegion, StopReason } from '../../src/core/emulator/cpu/machine';

export class FakeMachine implements Aarch64Machine {
  private x = new Array<bigint>(31).fill(0n);
  private sp = 0n;
  private pc = 0n;
  private pages = new Map<bigint, Uint8Array>();
  readonly el = 1 as const;
  readonly instructions = 0;
  readonly ramInUse = 0;
  readonly stats = { cacheOps: {}, sysregReads: {}, sysregWrites: {} };
  breakpoints: bigint[] = [];
  constructor(private readonly ram: RamRegion[]) {}
  getX(n: number) { return this.x[n] as bigint; }
  setX(n: number, v: bigint) { this.x[n] = BigInt.asUintN(64, v); }
  getSp() { return this.sp; }
  setSp(v: bigint) { this.sp = v; }
  getPc() { return this.pc; }
  setPc(v: bigint) { this.pc = v; }
  getNzcv() { return 0; }
  setNzcv() {}
  sysreg() { return undefined; }
  private inRam(a: bigint, n: number) { return this.ram.some((r) => a >= r.base && a + BigInt(n) <= r.base + r.size); }
  private byte(a: bigint, v?: number): number {
    const p = a >> 12n;
    let pg = this.pages.get(p);
    if (!pg) this.pages.set(p, (pg = new Uint8Array(4096)));
    if (v !== undefined) pg[Number(a & 0xfffn)] = v;
    return pg[Number(a & 0xfffn)] as number;
  }
  read(a: bigint, n: number) {
    if (!this.inRam(a, n)) return undefined;
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.byte(a + BigInt(i));
    return b;
  }
  write(a: bigint, b: Uint8Array) {
    if (!this.inRam(a, b.length)) return false;
    b.forEach((v, i) => this.byte(a + BigInt(i), v));
    return true;
  }
  read64(a: bigint) { const b = this.read(a, 8); return b && new DataView(b.buffer).getBigUint64(0, true); }
  write64(a: bigint, v: bigint) { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true); return this.write(a, b); }
  read32(a: bigint) { const b = this.read(a, 4); return b && new DataView(b.buffer).getUint32(0, true); }
  write32(a: bigint, v: number) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); return this.write(a, b); }
  copy(d: bigint, s: bigint, n: bigint) { const b = this.read(s, Number(n)); return !!b && this.write(d, b); }
  fill(d: bigint, n: bigint, v: number) { return this.write(d, new Uint8Array(Number(n)).fill(v)); }
  setBreakpoints(pcs: bigint[]) { this.breakpoints = pcs; }
  run(): StopReason { return { kind: 'undefined', pc: this.pc, word: 0, text: 'no CPU in the fake machine' }; }
  dispose() {}
}
