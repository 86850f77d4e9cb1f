// RISC-V Image header (Documentation/arch/riscv/boot-image-header.rst). Domain notes §2.2.
import type { Field } from '../bytes/field';
import { hex, hexSize } from '../bytes/hex';
import { type ByteView, type ParseLog, StructBuilder } from '../bytes/reader';
import type { KernelImageHeader } from './arm64Image';

const SRC = 'Documentation/arch/riscv/boot-image-header.rst';
export const RISCV_MAGIC2 = 0x05435352; // "RSC\x05"

export function isRiscvImage(view: ByteView): boolean {
  return view.u32(0x38) === RISCV_MAGIC2;
}

export function parseRiscvImage(view: ByteView, log: ParseLog, idPrefix = 'image'): { image: KernelImageHeader; field: Field } {
  const b = new StructBuilder(view, log, idPrefix, 0, 'riscv64 Image header', SRC);
  b.u32('code0', 0, { meaning: 'first instruction ("MZ" when the EFI stub is built in)' });
  b.u32('code1', 4, { meaning: 'jump to the kernel entry' });
  const textOffset = b.u64('text_offset', 8, { meaning: 'load offset from the start of RAM; riscv kexec_file uses it as the alignment (2 MiB)', source: 'arch/riscv/kernel/kexec_image.c', decode: (v) => hexSize(v) });
  const imageSize = b.u64('image_size', 0x10, { meaning: 'effective Image size incl. BSS (mandatory)', decode: (v) => hexSize(v) });
  const flags = b.u64('flags', 0x18, { meaning: 'bit0: 1 = big-endian', decode: (v) => `${hex(v)}: ${BigInt(v) & 1n ? 'big' : 'little'}-endian` });
  b.u32('version', 0x20, { meaning: 'header version, major in bits 31:16, minor in 15:0 (0.2 current)', decode: (v) => `${Number(v) >>> 16}.${Number(v) & 0xffff}` });
  b.u32('res1', 0x24, { meaning: 'reserved' });
  b.u64('res2', 0x28, { meaning: 'reserved' });
  b.str('magic', 0x30, 8, { meaning: '"RISCV\\0\\0\\0" (deprecated since header 0.2)' });
  b.u32('magic2', 0x38, { meaning: '"RSC\\x05" (0x05435352): identifies a RISC-V Image', decode: (v) => `${hex(v)}${v === RISCV_MAGIC2 ? ' "RSC\\x05"' : ''}` });
  b.u32('res3', 0x3c, { meaning: 'reserved; with EFI stub the PE header offset' });
  const image: KernelImageHeader = { arch: 'riscv64', offset: view.base };
  if (textOffset !== undefined) image.textOffset = textOffset;
  if (imageSize !== undefined) image.imageSize = imageSize;
  if (flags !== undefined) {
    image.flags = flags;
    image.endianness = flags & 1n ? 'big' : 'little';
  }
  return { image, field: b.node('riscv64 Image header', 'RISC-V boot image header', 0x40) };
}
