// Every fixture payload decodes to exactly the bytes the native tools produce. Expected values:
// the 6.1 Images' sha256 from shared/fixtures/README.md (computed there with the stock Debian
// CLIs); for 6.12 arm64/riscv64, the Image from `*-build.Image.gz` decompressed by node:zlib
// (zlib, independent of our decoders) followed by zero padding to image_size (README: "Both
// payloads decompress to 4521984 bytes (0x450000) = the Image … followed by zero padding").
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHA_61_IMAGES, fixture } from '../../../tests/fixtures';
import { inspectBytes } from '../inspect';
import { type Codec, codecOf, decompress } from './decompress';
import { withContentSize } from './zstd';
import { sizeWord } from './trailer';
import { LZDEC_C_SHA256 } from './wasm/lzdec.wasm';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function payload(file: string) {
  const bytes = fixture(file);
  const ins = await inspectBytes(bytes);
  const z = ins.zboot!;
  const src = bytes.subarray(z.payloadOffset!, z.payloadOffset! + z.payloadSize!);
  const size = sizeWord(bytes, z.compression!, z.payloadOffset!, z.payloadSize!)!;
  return { src, codec: codecOf(z.compression!) as Codec, size };
}

describe('6.1 zboot payloads, every codec, by each decoder', () => {
  // fast: DecompressionStream, zstddec, lzdec.c (wasm) for lz4/lzma/lzo/xz;
  // fallback: pako, fzstd, the JS ports (lz4.ts, lzmaDecoder.ts, lzo.ts)
  const decoders: Record<string, [string, string]> = {
    gzip: ['DecompressionStream', 'pako'], zstd: ['zstddec (wasm)', 'fzstd'], lz4: ['lz4 legacy (wasm)', 'lz4 legacy (JS)'],
    lzma: ['lzma (wasm)', 'lzma (JS)'], lzo: ['lzop/lzo1x (wasm)', 'lzop/lzo1x (JS)'], xz: ['xz (wasm)', 'xz (JS)'],
  };
  it.each(Object.keys(SHA_61_IMAGES).flatMap((c) => (['fast', 'fallback'] as const).map((ch) => [c, ch] as const)))('%s, %s decoder: the build\'s Image (sha256 from the fixtures README)', async (c, choice) => {
    const { src, codec, size } = await payload(`arm64-6.1.192-tiny-zboot-${c}.vmlinuz.efi`);
    // README: the size word is the un-padded Image length 0x378a00 for every codec.
    expect(size.value).toBe(0x378a00);
    const out = await decompress(codec, src, { expectedSize: size.value }, choice);
    expect(out.decoder).toBe(decoders[c]![choice === 'fast' ? 0 : 1]);
    expect(out.data.length).toBe(0x378a00);
    expect(sha(out.data)).toBe(SHA_61_IMAGES[c]);
  });
  it('the committed lzdec wasm was built from the current lzdec.c (scripts/build-wasm.sh)', () => {
    expect(LZDEC_C_SHA256).toBe(sha(readFileSync(new URL('./wasm/lzdec.c', import.meta.url))));
  });
});

describe('the output size hint is only a hint', () => {
  // Decoders write straight into the sink's buffer: without the size word it grows as it goes
  // (a match or run cut by the buffer end resumes after the growth), with a short hint it grows
  // once, with the exact size it never grows (lzma reads its end marker without room for output).
  const hints: Array<[string, (n: number) => number | undefined]> = [
    ['none', () => undefined],
    ['exact', (n) => n],
    ['too small by 1 byte', (n) => n - 1],
    ['half', (n) => n >> 1],
  ];
  const cases = ['lz4', 'lzma', 'lzo', 'xz', 'gzip'].flatMap((c) => (['fast', 'fallback'] as const).flatMap((ch) => hints.map(([h, f]) => [c, ch, h, f] as const)));
  it.each(cases)('%s, %s decoder, hint %s', async (c, choice, _h, hint) => {
    const { src, codec, size } = await payload(`arm64-6.1.192-tiny-zboot-${c}.vmlinuz.efi`);
    const expectedSize = hint(size.value);
    const out = await decompress(codec, src, expectedSize === undefined ? {} : { expectedSize }, choice);
    expect(sha(out.data)).toBe(SHA_61_IMAGES[c]);
  });
  it('zstd takes the size as the truth (libzstd needs it): a wrong one is a clear error, none means fzstd', async () => {
    const { src, codec, size } = await payload('arm64-6.1.192-tiny-zboot-zstd.vmlinuz.efi');
    await expect(decompress(codec, src, { expectedSize: size.value - 1 })).rejects.toMatchObject({ message: `zstd: decoded 0 bytes, the size trailer says ${size.value - 1}` });
    const out = await decompress(codec, src, {});
    expect([out.decoder, sha(out.data)]).toEqual(['fzstd', SHA_61_IMAGES.zstd]);
  });
});

describe('6.12 zboot payloads (gzip, zstd; arm64 and riscv64)', () => {
  const cases: Array<[string, string, number]> = [
    ['arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'arm64-6.12.117-tiny-gzip-build.Image.gz', 0x450000],
    ['arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi', 'arm64-6.12.117-tiny-zstd-build.Image.gz', 0x450000],
    ['riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'riscv64-6.12.117-tiny-gzip-build.Image.gz', 0x24f000],
    ['riscv64-6.12.117-tiny-zboot-zstd.vmlinuz.efi', 'riscv64-6.12.117-tiny-zstd-build.Image.gz', 0x24f000],
  ];
  it.each(cases)('%s = Image + zero padding to image_size, by both decoders', async (file, imageGz, padded) => {
    const { src, codec, size } = await payload(file);
    expect(size.value).toBe(padded);
    const image = fixture(imageGz);
    for (const choice of ['fast', 'fallback'] as const) {
      const out = await decompress(codec, src, { expectedSize: size.value }, choice);
      expect(out.data.length).toBe(padded);
      expect(sha(out.data.subarray(0, image.length))).toBe(sha(image));
      expect(out.data.subarray(image.length).every((b) => b === 0)).toBe(true);
    }
  });
});

describe('bad streams of each codec: clear error, bounded output', () => {
  const files: Record<string, string> = {
    gzip: 'arm64-6.1.192-tiny-zboot-gzip.vmlinuz.efi', zstd: 'arm64-6.1.192-tiny-zboot-zstd.vmlinuz.efi',
    lz4: 'arm64-6.1.192-tiny-zboot-lz4.vmlinuz.efi', lzma: 'arm64-6.1.192-tiny-zboot-lzma.vmlinuz.efi',
    lzo: 'arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi', xz: 'arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi',
  };
  const both = Object.keys(files).flatMap((c) => (['fast', 'fallback'] as const).map((ch) => [c, ch] as const));
  it.each(both)('%s, %s decoder: truncated at half', async (c, choice) => {
    const { src, codec, size } = await payload(files[c]!);
    await expect(decompress(codec, src.subarray(0, src.length >> 1), { expectedSize: size.value }, choice)).rejects.toMatchObject({ inputOffset: expect.any(Number) });
  });
  it.each(both)('%s, %s decoder: output bound stops the decoder (1 MiB)', async (c, choice) => {
    const { src, codec } = await payload(files[c]!);
    await expect(decompress(codec, src, { maxOutput: 1 << 20 }, choice)).rejects.toMatchObject({ kind: 'bound', message: expect.stringMatching(/stopped at 1 MiB/) });
  });
  it.each(both)('%s, %s decoder: corrupted bytes in the middle give an error or different bytes, never a hang', async (c, choice) => {
    const { src, codec, size } = await payload(files[c]!);
    const bad = src.slice();
    for (let i = 0; i < 64; i++) bad[(bad.length >> 1) + i * 97]! ^= 0x5a;
    const r = await decompress(codec, bad, { expectedSize: size.value, maxOutput: 8 << 20 }, choice).then(
      (d) => ({ ok: sha(d.data) !== SHA_61_IMAGES[c] }),
      (e: { kind: string; inputOffset: number }) => ({ ok: typeof e.inputOffset === 'number' && !!e.kind }),
    );
    expect(r.ok).toBe(true);
  });
  it('a zero bomb: 64 MiB of zeros in gzip stops at a 16 MiB bound', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = new Uint8Array(gzipSync(new Uint8Array(64 << 20), { level: 9 }));
    await expect(decompress('gzip', bomb, { maxOutput: 16 << 20, maxRatio: 1e9 })).rejects.toMatchObject({ kind: 'bound' });
    // and the ratio bound alone (default 1000×) also stops it
    await expect(decompress('gzip', bomb, {})).rejects.toMatchObject({ kind: 'bound', message: expect.stringMatching(/ratio/) });
  });
});

describe('zstd header rewrite (perf-notes §1)', () => {
  it('turns the kernel\'s 6-byte frame header into a 9-byte single-segment one carrying the size', async () => {
    const { src, size } = await payload('arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
    const r = withContentSize(src, size.value)!;
    expect(r.length).toBe(src.length + 3);
    expect(r[4]).toBe(0xa0 | (src[4]! & 0x07));
    expect(new DataView(r.buffer).getUint32(5, true)).toBe(size.value);
  });
});
