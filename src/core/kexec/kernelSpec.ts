// What the layout needs of a kernel, from an inspection (and its unpacked payload, if any).
import type { Inspection } from '../inspect';
import type { Unpacked } from '../unpack';
import type { KernelSpec } from './layout';

/** The packed DTB size used when none is given: QEMU virt's kexec DTBs were 0x1e5f–0x1fc3 bytes (ground truth). */
export const DEFAULT_DTB_SIZE = 0x1f00n;

export function kernelSpecOf(ins: Inspection, unpacked?: Pick<Unpacked, 'inner' | 'kexecToolsLength'>): KernelSpec {
  const spec: KernelSpec = { format: ins.format, fileLen: BigInt(ins.size) };
  if (ins.image?.imageSize !== undefined) spec.imageSize = ins.image.imageSize;
  if (ins.image?.textOffset !== undefined) spec.textOffset = ins.image.textOffset;
  if (ins.image?.endianness === 'big') spec.bigEndian = true;
  const img = unpacked?.inner.image;
  if (unpacked && img?.imageSize !== undefined && unpacked.inner.format === 'arm64-image') {
    spec.inner = { fileLen: BigInt(unpacked.kexecToolsLength), imageSize: img.imageSize, textOffset: img.textOffset ?? 0n };
    if (img.endianness === 'big') spec.inner.bigEndian = true;
  }
  return spec;
}
