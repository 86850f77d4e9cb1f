// What the verdict rules need to know of an inspected image (and its decompressed payload).
import type { Inspection } from '../inspect';
import type { ImageFacts } from './rules';

export interface InnerFacts {
  inner: Inspection;
  /** Decompressed length, and what kexec-tools ≥ 2.0.31 passes (truncated after the certificate table). */
  length: number;
  kexecToolsLength: number;
}

export function imageFacts(ins: Inspection, unpacked?: InnerFacts): ImageFacts {
  const f: ImageFacts = { format: ins.format, outerSigned: (ins.certificates?.length ?? 0) > 0 };
  if (ins.arch) f.arch = ins.arch;
  if (ins.zboot?.compression) f.compression = ins.zboot.compression;
  if (ins.image?.imageSize === 0n) f.imageSizeZero = true;
  if (ins.image?.endianness === 'big') f.bigEndian = true;
  const linux = ins.uki?.linux;
  if (linux) {
    f.ukiLinux = linux.format;
    if (linux.zboot?.compression) f.compression = linux.zboot.compression;
    if (!f.arch && linux.arch) f.arch = linux.arch;
    if (linux.format === 'arm64-image') f.inner = { format: linux.format, signed: (linux.certificates?.length ?? 0) > 0, padded: false };
  }
  if (unpacked) {
    f.inner = {
      format: unpacked.inner.format,
      signed: (unpacked.inner.certificates?.length ?? 0) > 0,
      padded: unpacked.length > unpacked.kexecToolsLength,
    };
  }
  return f;
}
