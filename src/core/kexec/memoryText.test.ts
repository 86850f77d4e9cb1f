// Parsing what users paste: the debugfs memblock listings and /proc/iomem, in the exact text the
// kernel prints (mm/memblock.c memblock_debug_show, kernel/resource.c r_show; samples are the
// ground-truth runs' own files), and clear errors for malformed lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../tests/fixtures';
import { arm64Load, parseVersion } from './arm64';
import { freeRanges, memoryFromText } from './memoryMap';
import { parseIomem, parseMemblock } from './memoryText';

const GT = join(FIXTURES, 'kexec-ground-truth');
const rd = (c: string, f: string) => readFileSync(join(GT, c, f), 'utf8');

describe('memblock listings', () => {
  it('reads the EFI run: six memory regions with NOMAP flags, 23 reserved', () => {
    const m = parseMemblock(rd('efi-gzip-1G-initrd4M', 'memblock_memory.txt'));
    expect(m.errors).toEqual([]);
    expect(m.regions).toHaveLength(6);
    expect(m.regions[0]).toEqual({ start: 0x4000000n, end: 0x7ffffffn, flags: 'NOMAP' });
    expect(parseMemblock(rd('efi-gzip-1G-initrd4M', 'memblock_reserved.txt')).regions).toHaveLength(23);
  });
  it('accepts the older format without node and flags', () => {
    const m = parseMemblock('   0: 0x0000000040000000..0x000000007fffffff\n');
    expect(m.regions).toEqual([{ start: 0x40000000n, end: 0x7fffffffn }]);
  });
  it('names the malformed line', () => {
    const m = parseMemblock('   0: 0x0000000040000000..0x000000007fffffff    0 NONE\n   1: 0x40000000-0x7fffffff\n');
    expect(m.errors).toEqual([{ line: 2, message: expect.stringMatching(/not a memblock line/) }]);
    const bad = parseMemblock('   0: 0x0000000080000000..0x000000007fffffff    0 NONE');
    expect(bad.errors[0]!.message).toMatch(/below start/);
  });
  it('free ranges are memory minus reserved, NOMAP skipped (EFI run: the DTB gap at 0x7fa00000)', () => {
    const { map } = memoryFromText({ memoryText: rd('efi-gzip-1G-initrd4M', 'memblock_memory.txt'), reservedText: rd('efi-gzip-1G-initrd4M', 'memblock_reserved.txt') });
    const free = freeRanges(map!);
    expect(free[0]).toEqual({ start: 0x402d0000n, end: 0x4033ffffn });
    expect(free).toContainEqual({ start: 0x7fa00000n, end: 0x7fa5efffn });
    expect(free.some((r) => r.start < 0x8000000n)).toBe(false); // NOMAP 0x4000000..0x7ffffff never free
  });
});

describe('/proc/iomem', () => {
  it('builds the nesting and finds the Crash kernel line', () => {
    const io = parseIomem(rd('crash-1G-load', 'iomem.txt'));
    expect(io.errors).toEqual([]);
    const ram = io.roots.find((r) => r.name === 'System RAM')!;
    expect(ram.children.find((c) => c.name === 'Crash kernel')).toMatchObject({ start: 0x76e00000n, end: 0x7edfffffn });
  });
  it('as the only input: an estimate, said so; nested reservations subtracted, unlike a System-RAM-only model', () => {
    const { map } = memoryFromText({ memoryText: rd('m1G-initrd4M', 'iomem.txt') });
    expect(map!.source).toBe('iomem');
    expect(map!.notes[0]).toMatch(/ESTIMATED/);
    const inp = { imageSize: 0x450000n, textOffset: 0n, kernelLen: 0x3dba00n, initrdLen: 0x400000n, dtbLen: 0x1e97n, crash: false, pageSize: 4096n, version: parseVersion('6.12')!, cpus: 1 };
    // On this run the estimate agrees with what the kernel printed (kernel 0x40800000, initrd 0x40c50000)…
    const est = arm64Load({ ...inp, memory: map! });
    expect(est.segments.map((s) => s.mem)).toEqual([0x40800000n, 0x40c50000n, 0x7fe00000n]);
    // …while searching "System RAM" alone, as the ground-truth README warns, puts the kernel at the start of RAM.
    const naive = arm64Load({ ...inp, memory: { ...map!, reserved: [] } });
    expect(naive.segments[0]!.mem).toBe(0x40000000n);
  });
  it('names the malformed line', () => {
    const io = parseIomem('40000000-7fffffff : System RAM\n  garbage\n');
    expect(io.errors).toEqual([{ line: 2, message: expect.stringMatching(/not an iomem line/) }]);
  });
  it('refuses text that is neither', () => {
    const r = memoryFromText({ memoryText: 'hello world' });
    expect(r.map).toBeUndefined();
    expect(r.errors[0]!.message).toMatch(/neither a debugfs memblock listing/);
  });
});

describe('layout speed on a 10,000-range listing (correctness here; timing lives in npm run bench)', () => {
  it('places everything across 10,000 reserved ranges', () => {
    const lines = ['   0: 0x0000000040000000..0x000000083fffffff    0 NONE'];
    const res: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const s = 0x40000000n + BigInt(i) * 0x200000n;
      res.push(`${String(i).padStart(4)}: 0x${s.toString(16).padStart(16, '0')}..0x${(s + 0x1fffffn - 0x1000n).toString(16).padStart(16, '0')}    0 NONE`);
    }
    const { map } = memoryFromText({ memoryText: lines.join('\n'), reservedText: res.join('\n') });
    const r = arm64Load({ memory: map!, imageSize: 0x2000000n, textOffset: 0n, kernelLen: 0x2000000n, initrdLen: 0x4000000n, dtbLen: 0x2000n, crash: false, pageSize: 4096n, version: parseVersion('6.12')!, cpus: 1 });
    expect(r.error).toBeUndefined();
    // 10,000 reservations each leave a 4 KiB gap: the first 2 MiB hole is after the last one
    expect(r.segments[0]!.mem).toBe(0x40000000n + 10_000n * 0x200000n);
  });
});
