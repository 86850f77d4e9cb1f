// A zboot payload or a compressed plain Image, decompressed and inspected again: the inner Image header and PE, the banner,
// the embedded .config, and the bytes kexec-tools would pass to kexec_file_load.
import { type Codec, type DecodeOptions, type DecoderChoice, codecOf, decompress } from './codecs/decompress';
import { CodecError } from './codecs/sink';
import { type SizeWord, sizeWord } from './codecs/trailer';
import { findBanner } from './formats/banner';
import { type KernelConfig, findConfig } from './formats/ikconfig';
import { type Inspection, inspectBytes } from './inspect';

export interface Unpacked {
  codec: Codec;
  decoder: string;
  data: Uint8Array;
  inner: Inspection;
  sizeWord?: SizeWord;
  banner?: { offset: number; text: string };
  config?: KernelConfig | { offset: number; error: string };
  /**
   * Length kexec-tools (≥ 2.0.31, kexec/kexec-pe-zboot.c) passes on: the inner Image truncated
   * after its certificate table when signed (drops Makefile.zboot's zero padding), else all of it.
   */
  kexecToolsLength: number;
  warnings: string[];
}

export type UnpackResult = { ok: true; unpacked: Unpacked } | { ok: false; error: string; offset?: number; kind?: string };

export async function unpackZboot(file: Uint8Array, outer: Inspection, opts: DecodeOptions = {}, choice: DecoderChoice = 'fast'): Promise<UnpackResult> {
  const z = outer.zboot;
  if (!z || z.payloadOffset === undefined || z.payloadSize === undefined || z.compression === undefined) {
    return { ok: false, error: 'not a zboot image: there is no payload to decompress' };
  }
  if (z.payloadOffset + z.payloadSize > file.length) {
    return { ok: false, error: 'the payload runs past the end of the file (payload_size at 0xc)', offset: 0xc };
  }
  const sw = sizeWord(file, z.compression, z.payloadOffset, z.payloadSize);
  return unpackPayload(file.subarray(z.payloadOffset, z.payloadOffset + z.payloadSize), z.compression, z.payloadOffset, sw, opts, choice);
}

/** A compressed plain Image (Image.gz …): the stream is the whole file; gzip's ISIZE is its size word. */
export async function unpackCompressedFile(file: Uint8Array, outer: Inspection, opts: DecodeOptions = {}, choice: DecoderChoice = 'fast'): Promise<UnpackResult> {
  const c = outer.compressed;
  if (!c) return { ok: false, error: 'not a compressed file: there is no stream to decompress' };
  const sw = c.codec === 'gzip' ? sizeWord(file, 'gzip', 0, file.length) : undefined;
  return unpackPayload(file, c.codec, 0, sw, opts, choice, 'file');
}

/** Whatever the file holds that decompresses: a zboot payload or a compressed file. */
export async function unpackAny(file: Uint8Array, outer: Inspection, opts: DecodeOptions = {}, choice: DecoderChoice = 'fast'): Promise<UnpackResult> {
  return outer.format === 'compressed' ? unpackCompressedFile(file, outer, opts, choice) : unpackZboot(file, outer, opts, choice);
}

/** The worker's entry: only the payload bytes (and the size word) cross to it. */
export async function unpackPayload(
  src: Uint8Array,
  compression: string,
  payloadOffset: number,
  sw: SizeWord | undefined,
  opts: DecodeOptions = {},
  choice: DecoderChoice = 'fast',
  container: 'zboot' | 'file' = 'zboot',
): Promise<UnpackResult> {
  const codec = codecOf(compression);
  if (!codec) return { ok: false, error: `unknown compression ${JSON.stringify(compression)} at 0x18`, offset: 0x18 };
  let decoded;
  try {
    decoded = await decompress(codec, src, { ...opts, ...(sw ? { expectedSize: sw.value } : {}) }, choice);
  } catch (e) {
    if (e instanceof CodecError) return { ok: false, error: e.message, offset: payloadOffset + e.inputOffset, kind: e.kind };
    throw e;
  }
  const data = decoded.data;
  const warnings: string[] = [];
  if (sw && (data.length & 0xffffffff) >>> 0 !== sw.value) {
    warnings.push(`decompressed ${data.length} bytes but the ${sw.insideStream ? 'gzip ISIZE' : 'zboot size trailer'} at 0x${sw.offset.toString(16)} says ${sw.value}`);
  }
  const inner = await inspectBytes(data);
  if (inner.image?.imageSize !== undefined && BigInt(data.length) > inner.image.imageSize) {
    warnings.push('the decompressed payload is longer than the inner image_size');
  }
  // pez_prepare() truncates a signed zboot payload after its certificate table (c3a991a, 2.0.31);
  // a compressed file goes through slurp_decompress_file() whole (kexec/kexec.c do_kexec_file_load())
  const certs = inner.pe?.dataDirectories[4];
  const kexecToolsLength = container === 'zboot' && certs && certs.size ? Math.min(data.length, certs.virtualAddress + certs.size) : data.length;
  const u: Unpacked = { codec, decoder: decoded.decoder, data, inner, kexecToolsLength, warnings };
  if (sw) u.sizeWord = sw;
  const banner = findBanner(data);
  if (banner) u.banner = banner;
  const config = await findConfig(data);
  if (config) u.config = config;
  return { ok: true, unpacked: u };
}
