// Truncated, bit-flipped and random inputs: the core never throws, every problem names an
// offset inside (or at the end of) the buffer, and every field lying wholly in the bytes
// present keeps the value it has in the intact file.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../tests/fixtures';
import { type Field, walkFields } from './bytes/field';
import { MAX_NESTING, inspectBytes, type Inspection } from './inspect';

function leaves(ins: Inspection): Map<string, Field> {
  const m = new Map<string, Field>();
  for (const f of walkFields(ins.fields)) if (!f.children && f.size > 0) m.set(f.id, f);
  return m;
}

function checkSane(ins: Inspection, len: number) {
  for (const p of [...ins.errors, ...ins.warnings]) {
    expect(Number.isInteger(p.offset)).toBe(true);
    expect(p.message.length).toBeGreaterThan(0);
  }
  for (const f of walkFields(ins.fields)) {
    expect(f.offset).toBeGreaterThanOrEqual(0);
    expect(f.offset + f.size).toBeLessThanOrEqual(Math.max(len, f.offset));
  }
}

describe('truncation', () => {
  const cases = ['arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'riscv64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'];
  it.each(cases)('%s cut at every offset of the first 4 KiB', async (name) => {
    const full = fixture(name);
    const whole = leaves(await inspectBytes(full));
    for (let n = 0; n <= 4096; n++) {
      const ins = await inspectBytes(full.subarray(0, n));
      checkSane(ins, n);
      // the payload no longer fits: the error names the payload_size field at 0xc
      if (n >= 0x40) expect(ins.errors.some((e) => e.offset === 0xc && /payload_size/.test(e.message))).toBe(true);
      else expect(ins.errors.length).toBeGreaterThan(0);
      // every field wholly inside the cut keeps its value (one assertion per cut: 4097 cuts of
      // ~200 fields each would be 800 000 expect() calls, most of this test's time)
      const got = leaves(ins);
      const changed = [...whole].filter(([id, f]) => f.offset + f.size <= n && id !== 'zboot/payload' && !isDeepStrictEqual(got.get(id)?.value, f.value));
      expect(changed.map(([id]) => `${id} at cut ${n}`)).toEqual([]);
    }
  });

  it('the signed Debian Image cut inside its certificate table reports the table past the end', async () => {
    const full = fixture('debian-6.1.0-50-arm64-vmlinuz.gz');
    for (const cut of [1, 8, 9, 0x100, 0x5bf]) {
      const n = full.length - cut;
      const ins = await inspectBytes(full.subarray(0, n));
      checkSane(ins, n);
      expect(ins.errors.some((e) => e.offset === 0x1f6da00 && /past the end/.test(e.message))).toBe(true);
      expect(ins.image?.imageSize).toBe(0x2010000n);
    }
  });

  it('a section whose raw data lies past the end is reported', async () => {
    const full = fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    const ins = await inspectBytes(full.subarray(0, 0x100000));
    expect(ins.errors.some((e) => /section \.text raw data .* past the end/.test(e.message))).toBe(true);
  });
});

describe('corruption', () => {
  it('single bit flips in the first 1 KiB never throw', async () => {
    const base = fixture('arm64-6.1.192-tiny-zboot-lz4.vmlinuz.efi').subarray(0, 0x2000);
    for (let bit = 0; bit < 1024 * 8; bit += 3) {
      const b = base.slice();
      b[bit >> 3] = (b[bit >> 3] as number) ^ (1 << (bit & 7));
      checkSane(await inspectBytes(b), b.length);
    }
  });

  it('hostile PE counts are bounded: 65535 sections, 16+ data directories, huge e_lfanew', async () => {
    const b = fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi').slice(0, 0x4000);
    const dv = new DataView(b.buffer);
    dv.setUint16(0x46, 0xffff, true); // NumberOfSections
    dv.setUint32(0xc4, 0xffffffff, true); // NumberOfRvaAndSizes
    const ins = await inspectBytes(b);
    checkSane(ins, b.length);
    expect(ins.pe!.sections.length).toBeLessThanOrEqual(96);
    expect(ins.warnings.some((w) => /more section headers not shown/.test(w.message))).toBe(true);
    dv.setUint32(0x3c, 0x7fffffff, true);
    const ins2 = await inspectBytes(b);
    expect(ins2.errors.some((e) => e.offset === 0x3c && /e_lfanew/.test(e.message))).toBe(true);
  });

  it('random buffers (with and without kernel magics) never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('', 'MZ', 'MZzimg', 'arm64', 'riscv', 'bz'), async (data, magic) => {
        const b = new Uint8Array(Math.max(data.length, 0x300));
        b.set(data);
        if (magic.startsWith('MZ')) b.set([0x4d, 0x5a, 0, 0]);
        if (magic === 'MZzimg') b.set([0x7a, 0x69, 0x6d, 0x67], 4);
        if (magic === 'arm64') b.set([0x41, 0x52, 0x4d, 0x64], 0x38);
        if (magic === 'riscv') b.set([0x52, 0x53, 0x43, 0x05], 0x38);
        if (magic === 'bz') b.set([0x55, 0xaa, 0, 0, 0x48, 0x64, 0x72, 0x53], 0x1fe);
        checkSane(await inspectBytes(b), b.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('a UKI whose .linux section is the whole file itself: nesting stops at MAX_NESTING', async () => {
    const { readFileSync } = await import('node:fs');
    const b = new Uint8Array(readFileSync(new URL('../../tests/uki/uki-arm64-zboot.efi', import.meta.url)));
    // section table at e_lfanew + 4 + 20 + SizeOfOptionalHeader (llvm-readobj: .linux is the 6th header)
    const dv = new DataView(b.buffer);
    const pe = dv.getUint32(0x3c, true);
    const table = pe + 24 + dv.getUint16(pe + 20, true);
    const linux = table + 5 * 40;
    expect(new TextDecoder().decode(b.subarray(linux, linux + 6))).toBe('.linux');
    dv.setUint32(linux + 8, b.length, true); // VirtualSize
    dv.setUint32(linux + 16, b.length, true); // SizeOfRawData
    dv.setUint32(linux + 20, 0, true); // PointerToRawData: the file itself
    const ins = await inspectBytes(b);
    let depth = 0;
    for (let i: Inspection | undefined = ins; i; i = i.uki?.linux) depth++;
    expect(depth).toBe(MAX_NESTING);
    const deepest = (function last(i: Inspection): Inspection { return i.uki?.linux ? last(i.uki.linux) : i; })(ins);
    expect(deepest.errors.some((e) => /nests deeper than 4 images/.test(e.message))).toBe(true);
  });

  it('says what a non-kernel file is', async () => {
    // a gzip stream is taken as a compressed plain Image (formats/compressedFile.ts), to be decompressed
    const gz = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3, ...new Array(80).fill(0)]);
    expect(await inspectBytes(gz)).toMatchObject({ format: 'compressed', compressed: { codec: 'gzip' } });
    // bzip2 (make Image.bz2) has no decoder here: it stays "not a kernel image"
    const ins = await inspectBytes(new Uint8Array([0x42, 0x5a, 0x68, 0x39, ...new Array(80).fill(0)]));
    expect(ins.format).toBe('unknown');
    expect(ins.description).toMatch(/bzip2 data/);
    const empty = await inspectBytes(new Uint8Array(0));
    expect(empty.errors[0]!.message).toMatch(/0 bytes/);
  });
});
