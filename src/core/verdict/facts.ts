// What the verdict rules need to know of an inspected image (and its decompressed payload).
import type { Inspection } from '../inspect';
import type { BufferFacts, ImageFacts, SignatureFacts } from './rules';

export interface InnerFacts {
  inner: Inspection;
  /** Decompressed length, and what kexec-tools ≥ 2.0.31 passes (truncated after the certificate table). */
  length: number;
  kexecToolsLength: number;
}

/** The signature's state: the Authenticode verifier's (inspect.ts runs it on every signed PE,
 * the decompressed inner Image included); where it could not run (no WebCrypto), a certificate
 * table counts as intact, unverified. */
export function signatureFacts(ins: Inspection): SignatureFacts {
  const c = ins.signature;
  if (c?.checked) return { state: c.state, chainToCa: c.chain, verified: true, ...(c.errno && c.state !== 'intact' ? { errno: c.errno } : {}) };
  const signed = (ins.certificates?.length ?? 0) > 0;
  return { state: signed ? 'intact' : 'unsigned', chainToCa: 'unknown', verified: false };
}

function bufferFacts(ins: Inspection): BufferFacts {
  const b: BufferFacts = { format: ins.format, signature: signatureFacts(ins) };
  if (ins.arch) b.arch = ins.arch;
  if (ins.image?.imageSize === 0n) b.imageSizeZero = true;
  if (ins.image?.endianness === 'big') b.bigEndian = true;
  return b;
}

export function imageFacts(ins: Inspection, unpacked?: InnerFacts): ImageFacts {
  const f: ImageFacts = bufferFacts(ins);
  if (ins.zboot?.compression) f.compression = ins.zboot.compression;
  if (ins.compressed) f.fileCodec = ins.compressed.codec;
  const linux = ins.uki?.linux;
  if (linux) {
    f.ukiLinux = linux.format;
    if (linux.zboot?.compression) f.compression = linux.zboot.compression;
    if (!f.arch && linux.arch) f.arch = linux.arch;
    if (linux.format === 'arm64-image') f.inner = { ...bufferFacts(linux), padded: false };
  }
  if (unpacked) {
    f.inner = { ...bufferFacts(unpacked.inner), padded: unpacked.length > unpacked.kexecToolsLength };
    if (!f.arch && f.inner.arch) f.arch = f.inner.arch;
  }
  return f;
}
