// Dispatch by the zboot compression string (zboot-header.S COMP_TYPE) to a decoder writing into
// the bounded sink. The compressed stream is exactly file[payload_offset : +payload_size]; the
// size word is never passed to a decoder (perf-notes §8: several reject or mis-decode it).
import { gzipDecodeNative, gzipDecodePako, hasNativeGzip } from './gzip';
import { lz4LegacyDecode, lz4LegacyDecodeWasm } from './lz4';
import { lzmaDecode, lzmaDecodeWasm } from './lzma';
import { lzopDecode, lzopDecodeWasm } from './lzo';
import { CodecError, type DecodeOptions, OutputSink } from './sink';
import { Lzdec } from './wasm/lzdec';
import { xzDecode, xzDecodeWasm } from './xz';
import { zstdDecodeFzstd, zstdDecodeWasm, zstdPrepare } from './zstd';

export type Codec = 'gzip' | 'zstd' | 'lz4' | 'lzma' | 'lzo' | 'xz';

/** zboot header string → codec (6.1–6.12 spell zstd "zstd22", xz "xzkern"). */
export function codecOf(compression: string): Codec | undefined {
  return ({ gzip: 'gzip', zstd: 'zstd', zstd22: 'zstd', lz4: 'lz4', lzma: 'lzma', lzo: 'lzo', xzkern: 'xz', xz: 'xz' } as Record<string, Codec>)[compression];
}

export interface Decoded {
  data: Uint8Array;
  codec: Codec;
  /** Which implementation ran (the fast path, or the fallback). */
  decoder: string;
}

export type DecoderChoice = 'fast' | 'fallback';

/** Loads and compiles the wasm decoders ahead of use: a cold first decode runs at half speed. */
export async function prepareDecoders(): Promise<void> {
  await Promise.all([zstdPrepare(), Lzdec.prepare()]);
}

export async function decompress(codec: Codec, src: Uint8Array, opts: DecodeOptions = {}, choice: DecoderChoice = 'fast'): Promise<Decoded> {
  // lz4, lzma, lzo and xz: lzdec.c in wasm, which writes into its own memory (its own sink);
  // the JS decoders where WebAssembly is unavailable, or asked for
  if (codec === 'lz4' || codec === 'lzma' || codec === 'lzo' || codec === 'xz') {
    const w = choice === 'fast' ? await Lzdec.create() : undefined;
    const name = { lz4: 'lz4 legacy', lzma: 'lzma', lzo: 'lzop/lzo1x', xz: 'xz' }[codec];
    if (w) {
      const decode = { lz4: lz4LegacyDecodeWasm, lzma: lzmaDecodeWasm, lzo: lzopDecodeWasm, xz: xzDecodeWasm }[codec];
      return { data: decode(w, src, opts).result(), codec, decoder: `${name} (wasm)` };
    }
    const sink = new OutputSink(src.length, opts);
    ({ lz4: lz4LegacyDecode, lzma: lzmaDecode, lzo: lzopDecode, xz: xzDecode })[codec](src, sink);
    return { data: sink.result(), codec, decoder: `${name} (JS)` };
  }
  const sink = new OutputSink(src.length, opts);
  let decoder: string;
  switch (codec) {
    case 'gzip':
      if (choice === 'fast' && hasNativeGzip()) {
        decoder = 'DecompressionStream';
        await gzipDecodeNative(src, sink);
      } else {
        decoder = 'pako';
        await gzipDecodePako(src, sink);
      }
      break;
    case 'zstd':
      if (choice === 'fast' && opts.expectedSize !== undefined) {
        decoder = 'zstddec (wasm)';
        await zstdDecodeWasm(src, sink, opts.expectedSize);
      } else {
        decoder = 'fzstd';
        await zstdDecodeFzstd(src, sink, opts.expectedSize);
      }
      break;
  }
  return { data: sink.result(), codec, decoder };
}

export { CodecError, type DecodeOptions };
