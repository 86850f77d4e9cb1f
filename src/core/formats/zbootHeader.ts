// EFI zboot descriptor inside the fake DOS header (drivers/firmware/efi/libstub/zboot-header.S;
// mirrored by kexec-tools include/kexec-pe-zboot.h). Domain notes §1.3, §1.5.
import type { Field } from '../bytes/field';
import { hex, hexSize } from '../bytes/hex';
import { type ByteView, type ParseLog, StructBuilder } from '../bytes/reader';

const SRC = 'drivers/firmware/efi/libstub/zboot-header.S';
const LINUX_PE_MAGIC = 0x818223cd; // include/linux/pe.h

export interface ZbootHeader {
  payloadOffset?: number;
  payloadSize?: number;
  compression?: string;
  linuxPeMagic?: number;
}

export function isZboot(view: ByteView): boolean {
  // "MZ\0\0" then "zimg" (zboot-header.S: .long MZ_MAGIC; .ascii "zimg").
  return view.u32(0) === 0x5a4d && view.u32(4) === 0x676d697a;
}

const KNOWN: Record<string, string> = {
  gzip: 'gzip (gzip -9n; the member ends with its own ISIZE)',
  zstd: 'zstd (zstd -22 --ultra, then a le32 size; 6.13+ and 6.12.y spelling)',
  zstd22: 'zstd (zstd -22 --ultra, then a le32 size; 6.1–6.12 spelling)',
  lz4: 'lz4 legacy frame (lz4 -l -9), then a le32 size; 6.1–6.12 only',
  lzma: 'lzma alone format (lzma -9), then a le32 size; 6.1–6.12 only',
  lzo: 'lzop file (lzop -9), then a le32 size; 6.1–6.12 only',
  xzkern: 'xz with CRC32 check (scripts/xz_wrap.sh), then a le32 size; 6.1–6.12 only',
};

export function parseZbootHeader(view: ByteView, log: ParseLog): { zboot: ZbootHeader; field: Field } {
  const b = new StructBuilder(view, log, 'zboot', 0, 'zboot header', SRC);
  const fileLen = view.length;
  b.str('image_type', 4, 4, { meaning: '"zimg": this PE file wraps a compressed kernel (EFI zboot)' });
  const payloadOffset = b.u32('payload_offset', 8, { meaning: 'file offset of the compressed stream (__efistub__gzdata_start)', decode: (v) => `${hex(v)} (${v})` });
  const payloadSize = b.u32('payload_size', 0xc, {
    meaning: 'bytes of compressed stream; excludes the appended size word (ZBOOT_SIZE_LEN)',
    decode: (v) => hexSize(v),
  });
  b.bytes('reserved', 0x10, 8, { meaning: 'two reserved words, 0' });
  const compression = b.str('compression_type', 0x18, 0x20, { meaning: 'codec name, NUL-terminated (COMP_TYPE from Makefile.zboot)' });
  const magic = b.u32('linux_pe_magic', 0x38, {
    meaning: 'LINUX_PE_MAGIC 0x818223cd since 6.2; 0 in 6.1 (where arm64 Images have "ARM\\x64")',
    source: 'include/linux/pe.h',
    decode: (v) => `${hex(v)}${v === LINUX_PE_MAGIC ? ' LINUX_PE_MAGIC' : v === 0 ? ' (none: 6.1 zboot)' : ' (unexpected)'}`,
  });
  const zboot: ZbootHeader = {};
  if (payloadOffset !== undefined) zboot.payloadOffset = payloadOffset;
  if (payloadSize !== undefined) zboot.payloadSize = payloadSize;
  if (compression !== undefined) {
    zboot.compression = compression;
    const cf = b.fields.find((f) => f.name === 'compression_type');
    if (cf) cf.display = `${JSON.stringify(compression)} — ${KNOWN[compression] ?? 'not a codec any kernel has written'}`;
    if (!KNOWN[compression]) log.warn(view.base + 0x18, `unknown zboot compression type ${JSON.stringify(compression)} at 0x18`);
  }
  if (magic !== undefined) zboot.linuxPeMagic = magic;
  if (payloadOffset !== undefined && payloadSize !== undefined) {
    if (payloadOffset + payloadSize > fileLen) {
      log.error(view.base + 0xc, `zboot payload_size at 0xc: payload ${hex(payloadOffset)} + ${hex(payloadSize)} = ${hex(payloadOffset + payloadSize)} runs past the end of the file (${hex(fileLen)})`);
    } else if (payloadOffset < 0x40) {
      log.error(view.base + 0x8, `zboot payload_offset at 0x8 (${hex(payloadOffset)}) points inside the header`);
    }
    if (payloadSize === 0) log.error(view.base + 0xc, 'zboot payload_size at 0xc is 0: nothing to decompress');
  }
  return { zboot, field: b.node('zboot header', 'EFI zboot descriptor: where the compressed kernel is and how it is compressed', 0x40) };
}

/** The payload as its own field (the stream), for the tree and the hex view. */
export function payloadField(z: ZbootHeader, fileLen: number, base = 0): Field | undefined {
  if (z.payloadOffset === undefined || z.payloadSize === undefined) return undefined;
  const size = Math.max(0, Math.min(z.payloadSize, fileLen - z.payloadOffset));
  return {
    id: 'zboot/payload',
    name: 'compressed payload',
    offset: base + z.payloadOffset,
    size,
    display: `${z.compression ?? '?'} stream, ${hexSize(z.payloadSize)}`,
    meaning: 'the compressed kernel Image: file[payload_offset : payload_offset + payload_size]',
    source: 'drivers/firmware/efi/libstub/Makefile.zboot',
  };
}
