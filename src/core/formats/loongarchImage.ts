// LoongArch EFI kernel header (Documentation/arch/loongarch/booting.rst;
// arch/loongarch/include/asm/image.h). Domain notes §2.3. The LoongArch kernel is itself a
// PE image with LINUX_PE_MAGIC at 0x38, so it is told apart from zboot by "zimg" and the
// PE machine (0x6264).
import type { Field } from '../bytes/field';
import { hexSize } from '../bytes/hex';
import { type ByteView, type ParseLog, StructBuilder } from '../bytes/reader';
import type { KernelImageHeader } from './arm64Image';

const SRC = 'Documentation/arch/loongarch/booting.rst';

export function parseLoongarchImage(view: ByteView, log: ParseLog, idPrefix = 'image'): { image: KernelImageHeader; field: Field } {
  const b = new StructBuilder(view, log, idPrefix, 0, 'LoongArch image header', SRC);
  b.u32('mz_magic', 0, { meaning: '"MZ": PE image (the kernel is an EFI application)' });
  b.u32('res0', 4, { meaning: 'reserved' });
  b.u64('kernel_entry', 8, { meaning: 'kernel entry point (virtual address)' });
  const imageSize = b.u64('image_size', 0x10, { meaning: '_end - _text: effective image size', decode: (v) => hexSize(v) });
  const loadOffset = b.u64('load_offset', 0x18, { meaning: 'load offset from the start of RAM', decode: (v) => hexSize(v) });
  b.u64('res1', 0x20, { meaning: 'reserved' });
  b.u64('res2', 0x28, { meaning: 'reserved' });
  b.u64('res3', 0x30, { meaning: 'reserved' });
  b.u32('linux_pe_magic', 0x38, { meaning: 'LINUX_PE_MAGIC 0x818223cd', source: 'include/linux/pe.h' });
  b.u32('pe_header', 0x3c, { meaning: 'offset of the PE header' });
  const image: KernelImageHeader = { arch: 'loongarch64', offset: view.base, endianness: 'little' };
  if (loadOffset !== undefined) image.textOffset = loadOffset;
  if (imageSize !== undefined) image.imageSize = imageSize;
  return { image, field: b.node('LoongArch image header', 'LoongArch EFI kernel header', 0x40) };
}
