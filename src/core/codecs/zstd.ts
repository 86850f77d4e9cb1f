// zstd frames as Kbuild writes them for zboot (`zstd -22 --ultra` through a pipe: no
// Frame_Content_Size, 128 MiB window; Makefile.zboot zstd22_with_size appends the le32 size).
// Fast path: zstddec (libzstd in wasm), which is only correct when given the output size
// (perf-notes §2: without it, silently wrong output). Fallback: fzstd, after rewriting the frame
// header to carry the size (RFC 8878 §3.1.1.1), which avoids its 50× slow path (perf-notes §1).
import { CodecError, type OutputSink } from './sink';

export const ZSTD_MAGIC = 0xfd2fb528;

/** Rewrites a frame header as single-segment with a 4-byte Frame_Content_Size; blocks untouched. */
export function withContentSize(frame: Uint8Array, size: number): Uint8Array | undefined {
  if (frame.length < 6 || new DataView(frame.buffer, frame.byteOffset).getUint32(0, true) !== ZSTD_MAGIC) return undefined;
  const fhd = frame[4] as number;
  const fcsFlag = fhd >> 6;
  const single = (fhd >> 5) & 1;
  const dictFlag = fhd & 3;
  if (fcsFlag !== 0 || single || size > 0xffffffff) return undefined; // already carries a size
  const dictLen = [0, 1, 2, 4][dictFlag] as number;
  const headerLen = 4 + 1 + 1 + dictLen;
  const out = new Uint8Array(frame.length - headerLen + 4 + 1 + dictLen + 4);
  out.set(frame.subarray(0, 4));
  out[4] = (2 << 6) | (1 << 5) | (fhd & 0x1f & ~0x20); // FCS 4 bytes, single segment, keep checksum + dict flags
  out.set(frame.subarray(6, 6 + dictLen), 5);
  new DataView(out.buffer).setUint32(5 + dictLen, size, true);
  out.set(frame.subarray(headerLen), 5 + dictLen + 4);
  return out;
}

let zstddec: Promise<{ decode(a: Uint8Array, size?: number): Uint8Array }> | undefined;

/** The zstddec instance, loaded and compiled once per worker. */
export function zstdPrepare(): Promise<{ decode(a: Uint8Array, size?: number): Uint8Array }> {
  zstddec ??= import('zstddec').then(async ({ ZSTDDecoder }) => {
    const d = new ZSTDDecoder();
    await d.init();
    return d;
  });
  return zstddec;
}

export async function zstdDecodeWasm(src: Uint8Array, sink: OutputSink, size: number): Promise<void> {
  if (size > sink.limit) throw new CodecError(`zstd: the declared size ${size} is over the output limit`, 0, 'bound');
  const d = await zstdPrepare();
  let out: Uint8Array;
  try {
    out = d.decode(src, size);
  } catch (e) {
    throw new CodecError(`zstd: ${e instanceof Error ? e.message : String(e)}`, 0, 'corrupt');
  }
  // libzstd returns fewer bytes (even 0) rather than fail on some inputs; the size is known here.
  if (out.length !== size) throw new CodecError(`zstd: decoded ${out.length} bytes, the size trailer says ${size}`, src.length, 'corrupt');
  sink.adopt(out, src.length);
}

export async function zstdDecodeFzstd(src: Uint8Array, sink: OutputSink, size?: number): Promise<void> {
  const { Decompress } = await import('fzstd');
  const frame = (size !== undefined && withContentSize(src, size)) || src;
  let at = 0;
  let failure: unknown;
  const d = new Decompress((chunk: Uint8Array) => {
    if (failure) return;
    try {
      sink.write(chunk, at);
    } catch (e) {
      failure = e;
    }
  });
  const CHUNK = 1 << 20;
  try {
    for (; at < frame.length && !failure; at += CHUNK) {
      const end = Math.min(frame.length, at + CHUNK);
      d.push(frame.subarray(at, end), end === frame.length);
    }
  } catch (e) {
    throw new CodecError(`zstd: ${e instanceof Error ? e.message : String(e)}`, Math.min(at, src.length), /unexpected EOF|end/i.test(String(e)) ? 'truncated' : 'corrupt');
  }
  if (failure) throw failure;
}
