// arm64 Image header (Documentation/arch/arm64/booting.rst; arch/arm64/include/asm/image.h).
// Domain notes §2.1. text_offset, image_size and flags drive kexec placement (§3.3).
import type { Field } from '../bytes/field';
import { hex, hexSize } from '../bytes/hex';
import { type ByteView, type ParseLog, StructBuilder } from '../bytes/reader';

const SRC = 'Documentation/arch/arm64/booting.rst';
export const ARM64_MAGIC = 0x644d5241; // "ARM\x64"

export interface KernelImageHeader {
  arch: 'arm64' | 'riscv64' | 'loongarch64';
  textOffset?: bigint;
  imageSize?: bigint;
  flags?: bigint;
  endianness?: 'little' | 'big';
  /** Bytes; undefined when the header leaves it unspecified. */
  pageSize?: number;
  /** arm64 flag bit 3. */
  physicalPlacement?: 'anywhere' | '2MiB-aligned-near-dram-base';
  /** File offset of the header in the buffer it was found in. */
  offset: number;
}

export function isArm64Image(view: ByteView): boolean {
  return view.u32(0x38) === ARM64_MAGIC;
}

const PAGE_SIZES: Record<number, number | undefined> = { 0: undefined, 1: 4096, 2: 16384, 3: 65536 };

export function decodeArm64Flags(flags: bigint): Pick<KernelImageHeader, 'endianness' | 'pageSize' | 'physicalPlacement'> {
  const ps = PAGE_SIZES[Number((flags >> 1n) & 3n)];
  const out: Pick<KernelImageHeader, 'endianness' | 'pageSize' | 'physicalPlacement'> = {
    endianness: flags & 1n ? 'big' : 'little',
    physicalPlacement: flags & 8n ? 'anywhere' : '2MiB-aligned-near-dram-base',
  };
  if (ps !== undefined) out.pageSize = ps;
  return out;
}

export function parseArm64Image(view: ByteView, log: ParseLog, idPrefix = 'image'): { image: KernelImageHeader; field: Field } {
  const b = new StructBuilder(view, log, idPrefix, 0, 'arm64 Image header', SRC);
  b.u32('code0', 0, { meaning: 'first instruction; with EFI stub "MZ" disguised as ccmp x18,#0,#0xd,pl (efi_signature_nop)' });
  b.u32('code1', 4, { meaning: 'branch to primary_entry: where kexec and bootloaders enter (not the PE entry point)' });
  const textOffset = b.u64('text_offset', 8, { meaning: 'Image load offset from a 2 MiB-aligned base; 0 since v5.8 (was 0x80000)', decode: (v) => hexSize(v) });
  const imageSize = b.u64('image_size', 0x10, { meaning: 'effective Image size incl. BSS (_end - _text): what kexec reserves; 0 = pre-3.17 kernel', decode: (v) => hexSize(v) });
  const flags = b.u64('flags', 0x18, {
    meaning: 'bit0 big-endian; bits1-2 page size (1=4K 2=16K 3=64K); bit3 physical placement anywhere',
    decode: (v) => {
      const d = decodeArm64Flags(BigInt(v));
      return `${hex(v)}: ${d.endianness}-endian, ${d.pageSize ? `${d.pageSize / 1024}K pages` : 'page size unspecified'}, ${d.physicalPlacement === 'anywhere' ? 'placement anywhere in 48-bit PA' : '2 MiB-aligned near DRAM base'}`;
    },
  });
  b.u64('res2', 0x20, { meaning: 'reserved' });
  b.u64('res3', 0x28, { meaning: 'reserved' });
  b.u64('res4', 0x30, { meaning: 'reserved' });
  b.u32('magic', 0x38, { meaning: '"ARM\\x64" (0x644d5241): what arm64 kexec image_probe() checks', source: 'arch/arm64/kernel/kexec_image.c', decode: (v) => `${hex(v)}${v === ARM64_MAGIC ? ' "ARM\\x64"' : ' (not ARM\\x64)'}` });
  b.u32('res5', 0x3c, { meaning: 'reserved; with EFI stub the PE header offset (e_lfanew)' });
  const image: KernelImageHeader = { arch: 'arm64', offset: view.base };
  if (textOffset !== undefined) image.textOffset = textOffset;
  if (imageSize !== undefined) image.imageSize = imageSize;
  if (flags !== undefined) {
    image.flags = flags;
    Object.assign(image, decodeArm64Flags(flags));
  }
  if (imageSize === 0n) log.warn(view.base + 0x10, 'arm64 image_size at 0x10 is 0: a pre-3.17 kernel; kexec_file_load refuses it (EINVAL)');
  if (flags !== undefined && flags & 1n) log.warn(view.base + 0x18, 'big-endian arm64 Image: a little-endian kernel without mixed-endian support refuses it');
  if (textOffset !== undefined && textOffset % 4096n !== 0n) log.warn(view.base + 8, `text_offset ${hex(textOffset)} is not page aligned`);
  return { image, field: b.node('arm64 Image header', 'what a bootloader or kexec needs to place the kernel', 0x40) };
}
