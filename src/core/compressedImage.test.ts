// Compressed plain Images, made from the real tiny Image with the kernel's own commands
// (arch/arm64/boot/Makefile → scripts/Makefile.lib cmd_gzip, cmd_zstd, cmd_xzkern, cmd_lzma,
// cmd_lz4, cmd_lzo, as in linux-source-6.12), then checked against the native decompressors.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from '../../tests/fixtures';
import { inspectBytes } from './inspect';
import { unpackAny } from './unpack';
import { imageFacts } from './verdict/facts';
import { TARGET_PRESETS } from './verdict/presets';
import { evaluate } from './verdict/rules';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
// shared/fixtures/README.md: "Image: 4045312 bytes, sha256 5f249e2c…" (the gzip build's Image)
const IMAGE_SHA = '5f249e2c3d4421f1976edebda7604a94bc0e7785262efb8979465491f8bf5e1f';

// [codec, file name, the Makefile.lib command (6.12), the native decompressor]
const KERNEL_COMMANDS: Array<[string, string, string[], string[]]> = [
  ['zstd', 'Image.zst', ['zstd', '-19'], ['zstd', '-q', '-dc']],
  // scripts/xz_wrap.sh for SRCARCH=arm64 with xz ≥ 5.4: ALIGN=4 → lp=2,lc=2, BCJ=--arm64
  ['xz', 'Image.xz', ['xz', '--check=crc32', '--threads=1', '--arm64', '--lzma2=lp=2,lc=2,dict=128MiB'], ['xz', '-dc']],
  ['lzma', 'Image.lzma', ['lzma', '-9'], ['lzma', '-dc']],
  ['lz4', 'Image.lz4', ['lz4', '-l', '-9', '-', '-'], ['lz4', '-q', '-dc']],
  ['lzo', 'Image.lzo', ['lzop', '-9'], ['lzop', '-dc']],
];

const made = new Map<string, Uint8Array>();
let image: Uint8Array;

beforeAll(() => {
  image = fixture('arm64-6.12.117-tiny-gzip-build.Image.gz');
  // cmd_gzip (gzip -n -f -9) is the fixture itself
  made.set('gzip', new Uint8Array(readFileSync(join(FIXTURES, 'arm64-6.12.117-tiny-gzip-build.Image.gz'))));
  for (const [codec, , cmd] of KERNEL_COMMANDS) made.set(codec, new Uint8Array(execFileSync(cmd[0] as string, cmd.slice(1), { input: image, maxBuffer: 64 << 20 })));
}, 120_000);

describe('Image.gz/.zst/.xz/.lzma/.lz4/.lzo', () => {
  it('the fixture Image is the one the README names', () => {
    expect(sha(image)).toBe(IMAGE_SHA);
  });
  for (const codec of ['gzip', 'zstd', 'xz', 'lzma', 'lz4', 'lzo']) {
    it(`${codec}: recognised, decompressed byte-identically to the native tool, the inner Image inspected`, async () => {
      const file = made.get(codec)!;
      const ins = await inspectBytes(file);
      expect(ins).toMatchObject({ format: 'compressed', compressed: { codec } });
      expect(ins.fields[0]!.id).toBe('compressed');
      const r = await unpackAny(file, ins);
      if (!r.ok) throw new Error(r.error);
      const native = codec === 'gzip' ? ['gzip', '-dc'] : KERNEL_COMMANDS.find(([c]) => c === codec)![3];
      const oracle = new Uint8Array(execFileSync(native[0] as string, native.slice(1), { input: file, maxBuffer: 64 << 20 }));
      expect(sha(r.unpacked.data)).toBe(sha(oracle));
      expect(sha(r.unpacked.data)).toBe(IMAGE_SHA);
      expect(r.unpacked.inner).toMatchObject({ format: 'arm64-image', arch: 'arm64' });
      // shared/fixtures/README.md step 4: the gzip build's version string
      expect(r.unpacked.banner?.text).toMatch(/^Linux version 6\.12\.117 \(root@vm\)/);
      expect(r.unpacked.config && 'options' in r.unpacked.config ? r.unpacked.config.options.CONFIG_KEXEC_FILE : undefined).toBe('y');
      // kexec-tools passes slurp_decompress_file()'s whole buffer: no truncation for a plain file
      expect(r.unpacked.kexecToolsLength).toBe(image.length);
      // gzip's ISIZE (RFC 1952) is the size; the others have none in the stream
      if (codec === 'gzip') expect(ins.compressed!.declaredSize).toBe(image.length);
    });
  }
  it('verdicts: Debian\'s kexec-tools (zlib only) takes only Image.gz; an upstream build also xz/lzma/zstd, never lz4/lzo', async () => {
    const debian = TARGET_PRESETS.find((p) => p.id === 'debian13-arm64')!.target;
    const tiny = TARGET_PRESETS.find((p) => p.id === 'tiny-qemu')!.target;
    for (const [codec, file] of made) {
      const ins = await inspectBytes(file);
      const r = await unpackAny(file, ins);
      if (!r.ok) throw new Error(r.error);
      const f = imageFacts(ins, { inner: r.unpacked.inner, length: r.unpacked.data.length, kexecToolsLength: r.unpacked.kexecToolsLength });
      const s = (t: typeof debian) => evaluate(f, t).find((v) => v.route === 'kexec -s')!;
      // Debian 13: KEXEC_FILE off → ENOSYS once kexec-tools got as far as the syscall
      expect(s(debian).id, codec).toBe(codec === 'gzip' ? 'kexec-s-fallback-refused' : 'kexec-tools-no-decompressor');
      expect(s(tiny).id, codec).toBe(['lz4', 'lzo'].includes(codec) ? 'kexec-tools-no-decompressor' : 'works');
      // the kernel itself probes the compressed bytes: arm64 image_probe() → EINVAL
      expect(evaluate(f, tiny).find((v) => v.route === 'kexec_file_load')).toMatchObject({ id: 'probe-not-image', errno: 'EINVAL' });
    }
  });
  it('a truncated stream fails with the offset where it ends, not a crash', async () => {
    const cut = made.get('xz')!.subarray(0, 100_000);
    const ins = await inspectBytes(cut);
    const r = await unpackAny(cut, ins);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.offset).toBeGreaterThan(0);
  });
});
