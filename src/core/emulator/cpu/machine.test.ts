// The machine's own behaviour: stops, lazy bounds-checked RAM, the host's memory API. Instruction
// semantics are tested against qemu-aarch64 in tests/emulator/.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Aarch64Machine, createMachine } from './machine';
import { A64_C_SHA256 } from './a64.wasm';

const RAM = 0x4000_0000n;
const TRAP = 0x1000_0000n;
const machine = (size = 0x4000_0000n, extra: Partial<Parameters<typeof createMachine>[0]> = {}) =>
  createMachine({ ram: [{ base: RAM, size }], trap: { base: TRAP, size: 0x1000n }, ...extra });

function load(m: Aarch64Machine, at: bigint, hex: string): void {
  expect(m.write(at, Uint8Array.from(Buffer.from(hex, 'hex')))).toBe(true);
  m.setPc(at);
}

describe('a64.wasm', () => {
  it('was built from the current a64.c (scripts/build-wasm.sh)', () => {
    expect(A64_C_SHA256).toBe(createHash('sha256').update(readFileSync(new URL('./a64.c', import.meta.url))).digest('hex'));
  });
});

describe('a small program', () => {
  // `aarch64-linux-gnu-as` + `objcopy -O binary -j .text` of (as are the other words below, with
  // -march=armv8.1-a for the LSE one):
  //     mov x0, #0; mov x1, #100
  //  1: add x0, x0, x1; subs x1, x1, #1; b.ne 1b
  //     adr x2, data; ldp x3, x4, [x2], #16; stp x3, x4, [x2, #16]!
  //     bl f; movz x9, #0x1234, lsl #16; movk x9, #0x5678; tbnz x9, #2, 2f; mov x10, #1
  //  2: cbz x10, 3f; mov x11, #7
  //  3: brk #0
  //  f: add x5, x3, x4; ret
  //  data: .quad 0x1111111111111111, 0x2222222222222222, 0, 0, 0, 0
  const PROGRAM = '000080d2810c80d20000018b210400f1c1ffff54a20100104310c1a8431081a9080000948946a2d209cf8af2490010372a0080d24a0000b4eb0080d2000020d46500048bc0035fd611111111111111112222222222222222' + '00'.repeat(32);

  it('runs to the brk, which stops as undefined, with the results the source computes', async () => {
    const m = await machine();
    load(m, RAM + 0x1000n, PROGRAM);
    const stop = m.run(10_000);
    expect(stop).toMatchObject({ kind: 'undefined', pc: RAM + 0x103cn, word: 0xd4200000 });
    expect(stop.kind === 'undefined' && stop.text).toContain('brk');
    expect(m.getX(0)).toBe(5050n); // 100 + 99 + … + 1
    expect(m.getX(1)).toBe(0n);
    expect(m.getNzcv()).toBe(0x60000000); // subs 1 - 1: Z and C (no borrow)
    expect(m.getX(2)).toBe(RAM + 0x1048n + 32n); // post-index +16, then pre-index +16
    expect(m.getX(5)).toBe(0x3333333333333333n);
    expect(m.getX(9)).toBe(0x12345678n);
    expect(m.getX(10)).toBe(1n); // bit 2 of 0x…78 is clear: tbnz falls through to the mov
    expect(m.getX(11)).toBe(7n); // x10 = 1: cbz falls through
    expect(m.getX(30)).toBe(RAM + 0x1024n);
    expect(m.read64(RAM + 0x1048n + 32n)).toBe(0x1111111111111111n);
    expect(m.read64(RAM + 0x1048n + 40n)).toBe(0x2222222222222222n);
    // 2 movs + 100 × 3 loop + adr ldp stp bl add ret movz movk tbnz mov cbz mov (brk not executed)
    expect(m.instructions).toBe(2 + 300 + 12);
  });
});

describe('stops', () => {
  it('a blr into the trap range stops there with the return address in x30', async () => {
    const m = await machine();
    // mov x8, #0x10000000; add x8, x8, #0x18; blr x8
    load(m, RAM, '0800a2d208610091' + '00013fd6');
    expect(m.run(100)).toEqual({ kind: 'trap', pc: TRAP + 0x18n });
    expect(m.getX(30)).toBe(RAM + 12n);
    // the host serves it and returns
    m.setX(0, 0n);
    m.setPc(m.getX(30));
    expect(m.run(100)).toMatchObject({ kind: 'undefined', pc: RAM + 12n, word: 0 }); // untouched RAM reads as 0: udf #0
  });

  it('a jump to nowhere faults at the fetch with the address', async () => {
    const m = await machine();
    // movz x1, #0xdead, lsl #16; br x1
    load(m, RAM, 'a1d5bbd2' + '20001fd6');
    expect(m.run(100)).toEqual({ kind: 'fault', pc: 0xdead0000n, address: 0xdead0000n, size: 4, write: false });
    expect(m.instructions).toBe(2);
  });

  it('a misaligned branch target is a PC alignment fault', async () => {
    const m = await machine();
    // adr x1, .+2; br x1
    load(m, RAM, '01000050' + '20001fd6');
    expect(m.run(100)).toEqual({ kind: 'fault', pc: RAM + 2n, address: RAM + 2n, size: 4, write: false, misaligned: true });
  });

  it('SP as a base must be 16-byte aligned (SCTLR_EL1.SA, set at entry)', async () => {
    const m = await machine();
    // mov x0, #0x40000000; add x0, x0, #8; mov sp, x0; ldr x1, [sp]
    load(m, RAM, '0000a8d2002000911f000091e10340f9');
    expect(m.run(100)).toEqual({ kind: 'fault', pc: RAM + 12n, address: RAM + 8n, size: 0, write: false, misaligned: true });
    expect(m.instructions).toBe(3);
  });

  it('a store past RAM faults without writing and leaves the registers', async () => {
    const m = await machine(0x10000n);
    // movz x1, #0x4001, lsl #16 (= RAM end); sub x1, x1, #4; mov x2, #-1; str x2, [x1], #8
    load(m, RAM, '2100a8d2211000d102008092228400f8');
    const stop = m.run(100);
    expect(stop).toEqual({ kind: 'fault', pc: RAM + 12n, address: RAM + 0xfffcn, size: 8, write: true });
    expect(m.getX(1)).toBe(RAM + 0xfffcn); // no write-back
    expect(m.read32(RAM + 0xfffcn)).toBe(0);
    expect(m.getPc()).toBe(RAM + 12n);
  });

  it('an endless loop ends with the budget', async () => {
    const m = await machine();
    load(m, RAM, '00000014'); // b .
    expect(m.run(1_000_000)).toEqual({ kind: 'budget' });
    expect(m.instructions).toBe(1_000_000);
    expect(m.run(5)).toEqual({ kind: 'budget' });
    expect(m.instructions).toBe(1_000_005);
  });

  it('breakpoints stop before the instruction, and resuming there runs it', async () => {
    const m = await machine();
    load(m, RAM, '200080d2' + '410080d2' + '00000014'); // mov x0, #1; mov x1, #2; b .
    m.setBreakpoints([RAM + 4n]);
    expect(m.run(100)).toEqual({ kind: 'breakpoint', pc: RAM + 4n });
    expect(m.getX(0)).toBe(1n);
    expect(m.getX(1)).toBe(0n);
    expect(m.run(1)).toEqual({ kind: 'budget' });
    expect(m.getX(1)).toBe(2n);
  });

  it('a breakpoint is seen however long the run (the run goes in slices)', async () => {
    const m = await machine();
    // mov x0, #0; 1: add x0, x0, #1; b 1b  (the add is hit every 2 instructions)
    load(m, RAM, '000080d2' + '00040091' + 'ffffff17');
    m.setBreakpoints([RAM + 8n]);
    for (let i = 1; i <= 3; i++) {
      expect(m.run(10_000_000)).toEqual({ kind: 'breakpoint', pc: RAM + 8n });
      expect(m.getX(0)).toBe(BigInt(i));
    }
    m.setBreakpoints([]);
    expect(m.run(3_000_001)).toEqual({ kind: 'budget' });
    expect(m.getX(0)).toBe(3n + 1_500_000n); // b, then 1.5 M × (add, b)
  });

  it('SIMD, LSE atomics, exclusives and svc stop as undefined with their class', async () => {
    const cases: [string, string][] = [
      ['0084a04e', 'SIMD&FP'], // add v0.4s, v0.4s, v0.4s
      ['2000e0f8', 'atomic'], // ldaddal x0, x0, [x1]
      ['207c5fc8', 'exclusive'], // ldxr x0, [x1]
      ['010000d4', 'svc'], // svc #0
      ['401038d5', 'mrs'], // mrs x0, cpacr_el1 (not modelled)
    ];
    for (const [word, cls] of cases) {
      const m = await machine();
      load(m, RAM, word);
      const stop = m.run(10);
      expect(stop.kind).toBe('undefined');
      expect(stop.kind === 'undefined' && stop.text).toContain(cls);
      expect(m.instructions).toBe(0);
    }
  });
});

describe('memory', () => {
  it('is lazy: a 1 GiB machine touches only what is written', async () => {
    const m = await machine();
    expect(m.ramInUse).toBe(0);
    expect(m.read(RAM + 0x3fff_fff0n, 16)).toEqual(new Uint8Array(16));
    expect(m.ramInUse).toBe(0);
    expect(m.write64(RAM + 0x2000_0000n, 0x0102030405060708n)).toBe(true);
    expect(m.ramInUse).toBe(65536);
    expect(m.read64(RAM + 0x2000_0000n)).toBe(0x0102030405060708n);
  });

  it('is bounds-checked: any byte outside RAM fails the whole access', async () => {
    const m = await machine(0x20000n);
    expect(m.read(RAM - 1n, 2)).toBeUndefined();
    expect(m.read(RAM + 0x1ffffn, 2)).toBeUndefined();
    expect(m.write(RAM + 0x1ffffn, new Uint8Array(2))).toBe(false);
    expect(m.read64(RAM + 0x1fff8n)).toBe(0n);
    expect(m.write32(RAM + 0x1fffen, 1)).toBe(false);
    expect(m.copy(RAM, RAM + 0x10000n, 0x10001n)).toBe(false);
    expect(m.fill(RAM + 0x1ff00n, 0x101n, 0xaa)).toBe(false);
    expect(m.read(RAM + 0x1ff00n, 0x100)).toEqual(new Uint8Array(0x100)); // the failed fill wrote nothing
  });

  it('copies with memmove semantics across chunk boundaries, both directions', async () => {
    const m = await machine(0x100000n);
    const n = 0x30000;
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
    const ref = new Uint8Array(0x100000);
    const apply = (dst: number, src: number, len: number) => ref.copyWithin(dst, src, src + len);
    expect(m.write(RAM + 0x8123n, data)).toBe(true);
    ref.set(data, 0x8123);
    for (const [dst, src, len] of [[0x9000, 0x8123, 0x2ffff], [0x8000, 0x9001, 0x20000], [0x50000, 0x8000, 0x12345], [0x50010, 0x50000, 0x12345]] as const) {
      expect(m.copy(RAM + BigInt(dst), RAM + BigInt(src), BigInt(len))).toBe(true);
      apply(dst, src, len);
    }
    expect(m.fill(RAM + 0xfff0n, 0x20n, 0x5a)).toBe(true);
    ref.fill(0x5a, 0xfff0, 0x10010);
    expect(Buffer.compare(m.read(RAM, 0x100000)!, ref)).toBe(0);
  });

  it('regions need not be 64 KiB-aligned, and accesses stay inside them', async () => {
    const m = await createMachine({ ram: [{ base: 0x8_1000n, size: 0x1_0000n }, { base: 0x9_2000n, size: 0x1000n }], trap: { base: 0x1000n, size: 0x1000n } });
    expect(m.write(0x9_0ff8n, new Uint8Array(8).fill(1))).toBe(true);
    expect(m.read(0x9_0ffcn, 8)).toBeUndefined(); // runs past the first region's end
    expect(m.read(0x9_0800n, 0x10)).toBeDefined();
    expect(m.write32(0x9_2ffcn, 0xdeadbeef)).toBe(true);
    expect(m.read32(0x9_3000n)).toBeUndefined();
    expect(m.read32(0x9_2ffcn)).toBe(0xdeadbeef);
  });

  it('a memory limit ends a run with kind memory', async () => {
    const m = await machine(0x4000_0000n, { memoryLimit: 0x20000n });
    // mov x1, #0x40000000; movz x2, #1, lsl #16; str x1, [x1]; add x1, x1, x2; b .-8
    load(m, RAM, '0100a8d22200a0d2210000f92100028bfeffff17');
    const stop = m.run(1000);
    expect(stop).toEqual({ kind: 'memory', pc: RAM + 8n, address: RAM + 0x20000n });
    expect(m.ramInUse).toBe(0x20000);
  });

  it('rejects overlapping regions and a trap range inside RAM', async () => {
    await expect(createMachine({ ram: [{ base: 0n, size: 0x2000n }, { base: 0x1000n, size: 0x1000n }], trap: { base: 0x10000n, size: 16n } })).rejects.toThrow(/overlaps/);
    await expect(createMachine({ ram: [{ base: 0n, size: 0x2000n }], trap: { base: 0x1000n, size: 16n } })).rejects.toThrow(/overlaps/);
  });
});

describe('TLB maintenance', () => {
  it('the EL1 TLBI operations are no-ops counted; EL2 ones at EL1 and post-v8.0 ones are undefined', async () => {
    // tlbi vmalle1is; tlbi vae1, x1; then each stopper: tlbi alle2 (EL2 only), tlbi vmalle1os (FEAT_TLBIOS)
    const m = await machine();
    load(m, RAM, '1f8308d5' + '218708d5' + '1f870cd5');
    expect(m.run(10)).toMatchObject({ kind: 'undefined', pc: RAM + 8n });
    expect(m.stats.cacheOps).toEqual({ tlbi: 2 });
    const m2 = await machine(0x4000_0000n, { el: 2 });
    load(m2, RAM, '1f870cd5' + '1f8108d5');
    expect(m2.run(10)).toMatchObject({ kind: 'undefined', pc: RAM + 4n });
    expect(m2.stats.cacheOps).toEqual({ tlbi: 1 });
  });
});

describe('system registers', () => {
  it('reads QEMU cortex-a57 values and counts the accesses', async () => {
    const m = await machine();
    // mrs x0, ctr_el0; mrs x1, currentel; mrs x2, sctlr_el1; and x2, x2, #~1 (clear M); msr sctlr_el1, x2; isb; dc cvau, x0; ic ialluis; dsb ish; b .
    load(m, RAM, '2000 3bd5 4142 38d5 0210 38d5 42f8 7f92 0210 18d5 df3f 03d5 207b 0bd5 1f71 08d5 9f3b 03d5 0000 0014'.replace(/ /g, ''));
    expect(m.run(10)).toEqual({ kind: 'budget' });
    expect(m.getX(0)).toBe(0x8444c004n);
    expect(m.getX(1)).toBe(4n);
    expect(m.getX(2)).toBe(0x00c5183cn);
    expect(m.sysreg('SCTLR_EL1')).toBe(0x00c5183cn);
    expect(m.stats).toEqual({
      cacheOps: { 'dc cvau': 1, 'ic ialluis': 1, dsb: 1, isb: 1 },
      sysregReads: { CTR_EL0: 1, CurrentEL: 1, SCTLR_EL1: 1 },
      sysregWrites: { SCTLR_EL1: 1 },
    });
  });
});
