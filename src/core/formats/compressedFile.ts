// A compressed plain Image: what `make Image.gz` (and .zst, .xz, .lzma, .lz4, .lzo) writes
// (arch/arm64/boot/Makefile, arch/riscv/boot/Makefile → scripts/Makefile.lib cmd_gzip, cmd_zstd,
// cmd_xzkern, cmd_lzma, cmd_lz4, cmd_lzo). These commands append no size word (only the
// *_with_size variants, used for zboot payloads and x86, do): the stream is the whole file.
import type { Field } from '../bytes/field';
import { hex, hexBytes } from '../bytes/hex';
import type { ByteView, ParseLog } from '../bytes/reader';
import type { Codec } from '../codecs/decompress';

export interface CompressedFile {
  codec: Codec;
  /** The compressor's own record of the uncompressed size, when it has one (gzip ISIZE mod 2^32, lzma header). */
  declaredSize?: number;
}

const MAGIC: ReadonlyArray<readonly [Codec, number[], string, string]> = [
  ['gzip', [0x1f, 0x8b, 0x08], 'gzip member (RFC 1952), deflate', 'scripts/Makefile.lib cmd_gzip: gzip -n -f -9'],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd], 'zstd frame (RFC 8878)', 'scripts/Makefile.lib cmd_zstd: zstd -19'],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz stream', 'scripts/Makefile.lib cmd_xzkern: scripts/xz_wrap.sh'],
  ['lz4', [0x02, 0x21, 0x4c, 0x18], 'lz4 legacy frame', 'scripts/Makefile.lib cmd_lz4: lz4 -l -9'],
  ['lzo', [0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a], 'lzop file', 'scripts/Makefile.lib cmd_lzo: lzop -9'],
];

/** lzma-alone: properties byte (lc/lp/pb, 0x5d for lzma -9), le32 dictionary size, le64 size (-1 from a pipe). */
function isLzmaAlone(view: ByteView): boolean {
  const dict = view.u32(1);
  return view.u8(0) === 0x5d && dict !== undefined && dict >= 4096 && (dict & (dict - 1)) === 0;
}

export function detectCompressed(view: ByteView): Codec | undefined {
  for (const [codec, magic] of MAGIC) if (magic.every((b, i) => view.u8(i) === b)) return codec;
  return isLzmaAlone(view) ? 'lzma' : undefined;
}

export function parseCompressedFile(view: ByteView, codec: Codec, log: ParseLog): { compressed: CompressedFile; field: Field } {
  const base = view.base;
  const raw = (off: number, n: number) => hexBytes(view.slice(off, n));
  const compressed: CompressedFile = { codec };
  const children: Field[] = [];
  const spec = MAGIC.find(([c]) => c === codec);
  if (spec) {
    children.push({ id: 'compressed/magic', name: 'magic', offset: base, size: spec[1].length, display: raw(0, spec[1].length), meaning: spec[2], source: spec[3], raw: raw(0, spec[1].length) });
  }
  if (codec === 'gzip') {
    const flg = view.u8(3);
    const mtime = view.u32(4);
    if (flg !== undefined) children.push({ id: 'compressed/gzip/FLG', name: 'FLG', offset: base + 3, size: 1, value: flg, display: hex(flg), meaning: 'gzip flags (FNAME etc.); gzip -n stores no name', source: 'RFC 1952 §2.3.1', raw: raw(3, 1) });
    if (mtime !== undefined) children.push({ id: 'compressed/gzip/MTIME', name: 'MTIME', offset: base + 4, size: 4, value: mtime, display: `${mtime}`, meaning: 'modification time; 0 with gzip -n (reproducible builds)', source: 'RFC 1952 §2.3.1', raw: raw(4, 4) });
    const at = view.length - 4;
    const isize = at >= 18 ? view.u32(at) : undefined;
    if (isize !== undefined) {
      compressed.declaredSize = isize;
      children.push({ id: 'compressed/gzip/ISIZE', name: 'ISIZE', offset: base + at, size: 4, value: isize, display: `${hex(isize)} (${isize} bytes uncompressed, mod 2^32)`, meaning: 'last 4 bytes of the gzip member: the uncompressed size mod 2^32', source: 'RFC 1952 §2.3.1', raw: raw(at, 4) });
    }
  } else if (codec === 'lzma') {
    const dict = view.u32(1) as number;
    const lo = view.u32(5);
    const hi = view.u32(9);
    children.push({ id: 'compressed/lzma/props', name: 'properties', offset: base, size: 1, value: view.u8(0) as number, display: hex(view.u8(0) as number), meaning: 'lc/lp/pb packed as (pb*5+lp)*9+lc; 0x5d = lc 3, lp 0, pb 2 (lzma -9)', source: 'xz-utils doc/lzma-file-format.txt', raw: raw(0, 1) });
    children.push({ id: 'compressed/lzma/dict', name: 'dictionary size', offset: base + 1, size: 4, value: dict, display: `${hex(dict)} (${dict >>> 20} MiB)`, meaning: 'LZMA dictionary size', source: 'xz-utils doc/lzma-file-format.txt', raw: raw(1, 4) });
    if (lo !== undefined && hi !== undefined) {
      const unknown = lo === 0xffffffff && hi === 0xffffffff;
      if (!unknown && hi === 0) compressed.declaredSize = lo;
      children.push({ id: 'compressed/lzma/size', name: 'uncompressed size', offset: base + 5, size: 8, display: unknown ? 'unknown (−1: written to a pipe, end marker used)' : `${hex(BigInt(hi) * 0x100000000n + BigInt(lo))}`, meaning: 'le64 uncompressed size or −1', source: 'xz-utils doc/lzma-file-format.txt', raw: raw(5, 8) });
    }
  }
  if (view.length < 18) log.error(base + view.length, `${codec} stream of ${view.length} bytes: truncated`);
  const field: Field = {
    id: 'compressed',
    name: `${codec} stream`,
    offset: base,
    size: view.length,
    display: `${codec}, ${view.length} bytes`,
    meaning: 'a compressed plain Image (make Image.gz/.zst/.xz/.lzma/.lz4/.lzo): no header of its own, the stream is the whole file',
    source: 'arch/arm64/boot/Makefile; scripts/Makefile.lib',
    children,
  };
  return { compressed, field };
}
