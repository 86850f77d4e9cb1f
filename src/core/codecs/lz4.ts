// LZ4 legacy frame as `lz4 -l` writes it and lib/decompress_unlz4.c reads it: le32 magic
// 0x184c2102, then blocks of [le32 compressed size][LZ4 block], each up to 8 MiB of output,
// no checksum, no end mark. Block format: lz4 doc/lz4_Block_format.md. Own decoders (no npm
// library reads legacy frames; perf-notes §5) with every bound checked: the frame walk here,
// blocks by lzdec.c in wasm (lz4_block), or by lz4Block below where WebAssembly is refused.
import { CodecError, type DecodeOptions, type OutputSink } from './sink';
import { LzError, type Lzdec, type WasmSink } from './wasm/lzdec';

export const LZ4_LEGACY_MAGIC = 0x184c2102;
const MAX_BLOCK_OUT = 8 << 20;

/** Decodes src[ip..end), one block, appending to the sink. */
export type Lz4BlockDecoder = (src: Uint8Array, ip: number, end: number, sink: OutputSink) => void;

export function lz4LegacyDecode(input: Uint8Array, sink: OutputSink, block: Lz4BlockDecoder = lz4Block): void {
  const dv = new DataView(input.buffer, input.byteOffset, input.byteLength);
  if (input.length < 4 || dv.getUint32(0, true) !== LZ4_LEGACY_MAGIC) throw new CodecError('not an lz4 legacy frame (magic 0x184c2102 missing at 0)', 0);
  let ip = 4;
  while (ip < input.length) {
    if (ip + 4 > input.length) throw new CodecError(`truncated block size at ${ip}`, ip, 'truncated');
    const size = dv.getUint32(ip, true);
    if (size === LZ4_LEGACY_MAGIC) {
      ip += 4; // a concatenated frame: decompress_unlz4.c skips the magic and goes on
      continue;
    }
    ip += 4;
    if (size > input.length - ip) throw new CodecError(`block at ${ip - 4} claims ${size} bytes but only ${input.length - ip} remain`, ip - 4, 'truncated');
    block(input, ip, ip + size, sink);
    ip += size;
  }
}

// Decodes one block straight into the sink's buffer, with local variables only (a closure over
// them makes V8 keep them in memory: 25% slower) and one comparison per bound. Short runs are
// byte loops, as in lz4js's decompressBlock: a set/copyWithin call costs more than they do.
// The buffer grows only when a run does not fit: a block's output size is not stored, and
// growing up front would double an exactly preallocated Image. Blocks are independent
// (lib/decompress_unlz4.c calls LZ4_decompress_safe per block): matches stay inside theirs.
function lz4Block(src: Uint8Array, ip: number, end: number, sink: OutputSink): void {
  let out = sink.buf;
  let op = sink.pos;
  const blockStart = op;
  const blockMax = op + MAX_BLOCK_OUT;
  let opEnd = Math.min(blockMax, out.length);

  for (;;) {
    // running out of the block's bytes mid-sequence is 'truncated' wherever it happens, as in
    // lzdec.c's lz4_block (the differential fuzz target holds the two to the same error kinds)
    if (ip >= end) throw new CodecError('truncated lz4 block: no token', ip, 'truncated');
    const token = src[ip++] as number;
    let lit = token >>> 4;
    if (lit === 15) {
      let b: number;
      do {
        if (ip >= end) throw new CodecError('truncated literal length', ip, 'truncated');
        b = src[ip++] as number;
        lit += b;
      } while (b === 255);
    }
    if (lit > end - ip) throw new CodecError(`literal run of ${lit} bytes passes the block end`, ip, 'truncated');
    if (lit > opEnd - op) {
      grow(sink, op, lit, blockMax, ip);
      out = sink.buf;
      opEnd = Math.min(blockMax, out.length);
    }
    if (lit < 64) for (const stop = ip + lit; ip < stop; ) out[op++] = src[ip++] as number;
    else {
      out.set(src.subarray(ip, ip + lit), op);
      ip += lit;
      op += lit;
    }
    if (ip >= end) break; // last sequence: literals only
    if (ip + 2 > end) throw new CodecError('truncated match offset', ip, 'truncated');
    const off = (src[ip] as number) | ((src[ip + 1] as number) << 8);
    ip += 2;
    if (off === 0 || off > op - blockStart) throw new CodecError(`match offset ${off} points before the start of its block`, ip - 2, 'corrupt');
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do {
        if (ip >= end) throw new CodecError('truncated match length', ip, 'truncated');
        b = src[ip++] as number;
        len += b;
      } while (b === 255);
    }
    len += 4;
    if (len > opEnd - op) {
      grow(sink, op, len, blockMax, ip);
      out = sink.buf;
      opEnd = Math.min(blockMax, out.length);
    }
    if (len < 64 || off < len) for (let m = op - off, stop = op + len; op < stop; ) out[op++] = out[m++] as number;
    else {
      out.copyWithin(op, op - off, op - off + len);
      op += len;
    }
  }
  sink.pos = op;
  sink.tick(ip);
}

function grow(sink: OutputSink, op: number, n: number, blockMax: number, ip: number): void {
  if (op + n > blockMax) throw new CodecError('block decompresses to more than 8 MiB', ip, 'corrupt');
  sink.pos = op;
  sink.ensure(n, ip); // grows, or throws the output-bound error
}

/** The same decode with lzdec.c's block decoder (wasm) in a fresh instance; returns the sink it filled. */
export function lz4LegacyDecodeWasm(w: Lzdec, input: Uint8Array, opts: DecodeOptions): WasmSink {
  return w.decode(input, opts, (inAt, sink) => lz4LegacyDecode(input, sink, wasmLz4Block(w, inAt, sink)));
}

function wasmLz4Block(w: Lzdec, inAt: number, sink: WasmSink): Lz4BlockDecoder {
  return (_src, ip, end) => {
    const room = Math.min(MAX_BLOCK_OUT, sink.limit - sink.pos);
    sink.ensure(room, ip);
    const r = w.x.lz4_block(inAt + ip, end - ip, sink.at + sink.pos, room);
    if (r < 0) {
      const at = ip + w.errorOffset;
      if (r === LzError.Room && room < MAX_BLOCK_OUT) sink.checkLimit(sink.limit + 1, at);
      throw new CodecError(
        r === LzError.Room ? 'block decompresses to more than 8 MiB' : r === LzError.Lookbehind ? 'match offset points before the start of its block' : 'truncated lz4 block',
        at,
        r === LzError.Truncated ? 'truncated' : 'corrupt',
      );
    }
    sink.pos += r;
    sink.tick(end);
  };
}
