// The xz container and LZMA2 on vectors made by xz 5.4.1 (tests/xz/make-xz612.sh) from the 6.12
// arm64 Image fixture: expected bytes are that fixture's own (gunzipped by node:zlib), so
// nothing here is checked against our own decoder. Both decoders: lzdec.c (wasm) and the JS one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../tests/fixtures';
import { crc32 } from '../bytes/crc';
import { decompress } from './decompress';

const vector = (name: string) => new Uint8Array(readFileSync(new URL(`../../../tests/xz/${name}`, import.meta.url)));
const image = fixture('arm64-6.12.117-tiny-gzip-build.Image.gz'); // fixture() gunzips .gz files
const choices = ['fast', 'fallback'] as const;

describe.each(choices)('xz, %s decoder', (choice) => {
  it('v6.12 arm64 xz_wrap.sh form (ARM64 BCJ, lc=2 lp=2, 128 MiB dictionary): the Image bytes', async () => {
    const out = await decompress('xz', vector('arm64-6.12-Image-head.xz'), {}, choice);
    expect(out.decoder).toBe(choice === 'fast' ? 'xz (wasm)' : 'xz (JS)');
    expect(Buffer.compare(out.data, image.subarray(0, 524288))).toBe(0);
  });
  it('4 blocks with SHA-256 checks, LZMA2 stored chunks (random bytes)', async () => {
    const out = await decompress('xz', vector('mixed-blocks-sha256.xz'), {}, choice);
    expect(Buffer.compare(out.data, Buffer.concat([image.subarray(0, 65536), vector('mixed-blocks-random.bin')]))).toBe(0);
  });
  it('a CRC64 check; two streams with stream padding between them', async () => {
    const one = vector('head-crc64.xz');
    expect(Buffer.compare((await decompress('xz', one, {}, choice)).data, image.subarray(0, 65536))).toBe(0);
    const two = Buffer.concat([one, new Uint8Array(8), one]);
    expect(Buffer.compare((await decompress('xz', two, {}, choice)).data, Buffer.concat([image.subarray(0, 65536), image.subarray(0, 65536)]))).toBe(0);
  });
  it('a wrong check, a wrong header CRC32, an unsupported filter and bad padding are named, with their offset', async () => {
    const v = vector('head-crc64.xz');
    const badCheck = v.slice();
    const indexStart = v.length - 12 - (new DataView(v.buffer).getUint32(v.length - 8, true) + 1) * 4; // footer: backward size
    badCheck[indexStart - 1]! ^= 1; // the check's last byte, just before the index
    await expect(decompress('xz', badCheck, {}, choice)).rejects.toMatchObject({ message: "xz: the block's CRC64 does not match its output", inputOffset: indexStart - 8 });
    const badHeader = v.slice();
    badHeader[7]! ^= 0x0f; // stream flags
    await expect(decompress('xz', badHeader, {}, choice)).rejects.toMatchObject({ message: 'xz: stream header CRC32 mismatch', inputOffset: 8 });
    // the ARM64 BCJ filter ID (0x0a, the block header's first filter) made RISC-V's (0x0b), header CRC32 fixed
    const riscv = vector('arm64-6.12-Image-head.xz');
    const hSize = (riscv[12]! + 1) * 4;
    expect(riscv[12 + 2]).toBe(0x0a);
    riscv[12 + 2] = 0x0b;
    new DataView(riscv.buffer).setUint32(12 + hSize - 4, crc32(riscv, 12, 12 + hSize - 4), true);
    await expect(decompress('xz', riscv, {}, choice)).rejects.toMatchObject({ message: expect.stringMatching(/filter RISC-V BCJ is not supported/), inputOffset: 14, kind: 'unsupported' });
    // stream padding must be zeros: a non-zero byte after the stream starts another, cut short
    await expect(decompress('xz', Buffer.concat([v, new Uint8Array([0, 0, 1, 0])]), {}, choice)).rejects.toMatchObject({ message: `xz: stream header truncated at ${v.length}`, inputOffset: v.length });
  });
});
