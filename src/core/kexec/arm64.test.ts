// Ground truth: real Linux 6.12.117 arm64 kexec_file_load runs under QEMU
// (shared/fixtures/kexec-ground-truth/*): the memblock listings the first kernel printed, and the
// addresses its KEXEC_FILE_DEBUG lines printed. Inputs are the case's own: kernel file size and
// image_size 0x450000 / text_offset 0 (ground-truth README: the 6.12 gzip-build Image), initrd
// size, and the DTB bufsz the kernel printed (the packed FDT size is not derivable from the map).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../tests/fixtures';
import { arm64Load, elfHeaderSize, parseVersion } from './arm64';
import { memoryFromText } from './memoryMap';

const GT = join(FIXTURES, 'kexec-ground-truth');

interface Case {
  case: string;
  extra_flags: string;
  syscall_result: { errno: number };
  segments: Array<{ role: string; mem: string; memsz: string; bufsz: string }>;
  inputs_printed_by_init: { kernel_size: string; initrd_size: string };
}

const cases = readdirSync(GT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((n) => (JSON.parse(readFileSync(join(GT, n, 'case.json'), 'utf8')) as Case).syscall_result.errno === 0);

function load(name: string) {
  const c = JSON.parse(readFileSync(join(GT, name, 'case.json'), 'utf8')) as Case;
  const rd = (f: string) => readFileSync(join(GT, name, f), 'utf8');
  const { map, errors } = memoryFromText({ memoryText: rd('memblock_memory.txt'), reservedText: rd('memblock_reserved.txt'), iomemText: rd('iomem.txt') });
  expect(errors).toEqual([]);
  const crash = (Number(c.extra_flags) & 2) !== 0;
  const dtb = c.segments.find((s) => s.role === 'dtb')!;
  const initrd = Number(c.inputs_printed_by_init.initrd_size);
  const r = arm64Load({
    memory: map!,
    imageSize: 0x450000n,
    textOffset: 0n,
    kernelLen: BigInt(c.inputs_printed_by_init.kernel_size),
    ...(initrd ? { initrdLen: BigInt(initrd) } : {}),
    dtbLen: BigInt(dtb.bufsz),
    crash,
    pageSize: 4096n,
    version: parseVersion('6.12')!,
    cpus: 1, // qemu-cmdline.txt: no -smp, so one CPU
  });
  return { c, r };
}

describe('arm64 placement reproduces the real kernel', () => {
  it('has ground-truth cases to check', () => expect(cases.length).toBeGreaterThanOrEqual(5));
  it.each(cases)('%s: every segment mem, memsz and bufsz, in the kernel\'s order', (name) => {
    // exec-1G loaded a real initrd (stage2.cpio.gz), whose size the kernel printed as bufsz.
    const { c, r } = load(name);
    expect(r.error).toBeUndefined();
    const got = r.segments.map((s) => ({ role: s.role, mem: `0x${s.mem.toString(16)}`, memsz: `0x${s.memsz.toString(16)}` }));
    const want = c.segments.map((s) => ({ role: s.role, mem: s.mem, memsz: s.memsz }));
    if (name === 'exec-1G') {
      // inputs.txt records /stage2.cpio.gz; its size is the initrd bufsz the kernel printed.
      expect(c.segments.find((s) => s.role === 'initrd')!.bufsz).toBe('0x42236');
    }
    expect(got).toEqual(want);
    expect(r.entry).toBe(BigInt(c.segments[0]!.mem));
  });
});

describe('placement rules on synthetic memory maps', () => {
  const map = (memory: string, reserved = '') => memoryFromText({ memoryText: memory, reservedText: reserved }).map!;
  const base = {
    imageSize: 0x3000000n, textOffset: 0n, kernelLen: 0x2000000n, dtbLen: 0x2c00n, crash: false,
    pageSize: 4096n, version: parseVersion('6.12')!, cpus: 1,
  };

  it('domain notes §3.7 worked example: kernel 0x43200000, initrd 0x48000000, dtb 0x13fe00000', () => {
    // F1 = [0x40000000,0x41000000) F2 = [0x43010000,0x48000000) F3 = [0x48000000,0x140000000)
    // expressed as one memory region minus two reservations (the boundary at 0x48000000 needs a
    // second memory region with another flag to stay split; NONE regions merge).
    const m = map(
      '0: 0x0000000040000000..0x0000000047ffffff    0 NONE\n1: 0x0000000048000000..0x000000013fffffff    0 MIRROR',
      '0: 0x0000000041000000..0x000000004300ffff    0 NONE',
    );
    const r = arm64Load({ ...base, memory: m, initrdLen: 0x4000000n });
    expect(r.segments.map((s) => [s.role, s.mem])).toEqual([
      ['kernel', 0x43200000n], ['initrd', 0x48000000n], ['dtb', 0x13fe00000n],
    ]);
  });

  it('a reservation straddling a 2 MiB boundary pushes the kernel to the next aligned hole', () => {
    const m = map('0: 0x0000000040000000..0x000000007fffffff    0 NONE', '0: 0x00000000401ff000..0x0000000040200fff    0 NONE');
    const r = arm64Load({ ...base, memory: m });
    expect(r.segments[0]!.mem).toBe(0x40400000n);
  });

  it('text_offset: segment reserved from the 2 MiB base, reported at base + text_offset', () => {
    const m = map('0: 0x0000000040000000..0x000000007fffffff    0 NONE');
    const r = arm64Load({ ...base, memory: m, textOffset: 0x80000n });
    expect(r.segments[0]).toMatchObject({ mem: 0x40080000n, memsz: 0x3000000n });
  });

  it('initrd too big for the 32 GiB window: the retry loop moves the kernel up (5.10+), older kernels fail', () => {
    // RAM 0x40000000..0x8_7fffffff; a reservation leaves only [0x40000000,0x44000000) below 0x8_40000000+.
    const m = map('0: 0x0000000040000000..0x000000087fffffff    0 NONE', '0: 0x0000000044000000..0x000000083fffffff    0 NONE');
    const r = arm64Load({ ...base, memory: m, initrdLen: 0x10000000n });
    expect(r.error).toBeUndefined();
    // first try 0x40000000: initrd window ends 0x840000000 and [0x43000000,0x44000000) is too small,
    // [0x840000000..) starts above buf_max → retry with buf_min above the kernel → 0x840000000.
    expect(r.segments[0]!.mem).toBe(0x840000000n);
    expect(r.trace.some((t) => /attempt 1: 0x40000000 — initrd could not be placed/.test(t))).toBe(true);
    const old = arm64Load({ ...base, memory: m, initrdLen: 0x10000000n, version: parseVersion('5.4')! });
    expect(old.errno).toBe(99);
  });

  it('nothing fits: EADDRNOTAVAIL with the reason', () => {
    const m = map('0: 0x0000000040000000..0x0000000040ffffff    0 NONE');
    const r = arm64Load({ ...base, memory: m });
    expect(r.errno).toBe(99);
    expect(r.error).toMatch(/EADDRNOTAVAIL/);
  });

  it('NOMAP memory is never used', () => {
    const m = map('0: 0x0000000040000000..0x0000000047ffffff    0 NOMAP\n1: 0x0000000048000000..0x000000007fffffff    0 NONE');
    expect(arm64Load({ ...base, memory: m }).segments[0]!.mem).toBe(0x48000000n);
  });

  it('page size: memsz rounds to 64 KiB on a 64K kernel', () => {
    const m = map('0: 0x0000000040000000..0x000000007fffffff    0 NONE');
    const r = arm64Load({ ...base, memory: m, pageSize: 0x10000n });
    expect(r.segments.find((s) => s.role === 'dtb')!.memsz).toBe(0x10000n);
  });

  it('elfcorehdr: one CPU, two ranges around crashk_res → one 4 KiB page (crash-1G-load printed 0x1000)', () => {
    const m = map('0: 0x0000000040000000..0x000000007fffffff    0 NONE');
    m.crashRegion = { start: 0x76e00000n, end: 0x7edfffffn };
    expect(elfHeaderSize(m, 1)).toBe(0x1000n);
    // 72 phdrs fit in one page: 64 + 56*72 = 4096; 73 do not.
    expect(elfHeaderSize(m, 68)).toBe(0x1000n);
    expect(elfHeaderSize(m, 69)).toBe(0x2000n);
  });

  it('6.17+ CMA: a non-crash segment goes into the CMA area unless KEXEC_FILE_NO_CMA', () => {
    const m = map('0: 0x0000000040000000..0x000000007fffffff    0 NONE');
    const cma = { start: 0x70000000n, end: 0x77ffffffn };
    const r = arm64Load({ ...base, memory: m, cma, version: parseVersion('6.17')! });
    expect(r.segments[0]).toMatchObject({ mem: 0x70000000n, cma: true });
    const off = arm64Load({ ...base, memory: m, cma, noCma: true, version: parseVersion('6.17')! });
    expect(off.segments[0]!.mem).toBe(0x40000000n);
    const old = arm64Load({ ...base, memory: m, cma, version: parseVersion('6.12')! });
    expect(old.segments[0]!.cma).toBeUndefined();
  });
});
