// lzop file container (lzop's format, as lib/decompress_unlzo.c parses it) around LZO1X
// blocks, decoded by ports of the kernel's lib/lzo/lzo1x_decompress_safe.c (classic LZO1X
// bitstream; the kernel's v1 "RLE" extension is never produced by lzop): lzdec.c in wasm, or
// lzo1xBlock below where WebAssembly is refused. Own code: the only npm decoder (lzo-wasm) needs
// cross-origin isolation and is LGPL (perf-notes §6).
import { CodecError, type DecodeOptions, type OutputSink } from './sink';
import { LzError, type Lzdec, type WasmSink } from './wasm/lzdec';

const LZOP_MAGIC = [0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a];
const F_ADLER32_D = 0x1;
const F_ADLER32_C = 0x2;
const F_H_EXTRA_FIELD = 0x40;
const F_CRC32_D = 0x100;
const F_CRC32_C = 0x200;
const F_H_FILTER = 0x800;
const MAX_BLOCK = 64 << 20; // lzop's MAX_BLOCK_SIZE

/** adler32 (lzop's per-block check); lzdec.c has the fast one. */
export function adler32(b: Uint8Array, start: number, end: number): number {
  let a = 1;
  let s = 0;
  for (let i = start; i < end; ) {
    const n = Math.min(end, i + 3800); // reduce before s leaves int32
    for (; i < n; i++) {
      a += b[i] as number;
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

/** What decodes the blocks and checks them: the JS port below, or lzdec.c (wasmLzo). */
export interface LzoBackend {
  /** LZO1X block src[p..end) into sink.buf[sink.pos .. +dstLen), already ensured; advances sink.pos. */
  block(src: Uint8Array, p: number, end: number, sink: OutputSink, dstLen: number): void;
  adler32(sink: OutputSink, start: number, end: number): number;
}

const jsLzo: LzoBackend = { block: lzo1xBlock, adler32: (sink, start, end) => adler32(sink.buf, start, end) };

export function lzopDecode(src: Uint8Array, sink: OutputSink, backend: LzoBackend = jsLzo): void {
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  let p = 0;
  const need = (n: number, what: string) => {
    if (p + n > src.length) throw new CodecError(`lzop ${what} truncated at ${p}`, p, 'truncated');
  };
  need(9, 'magic');
  if (!LZOP_MAGIC.every((b, i) => src[i] === b)) throw new CodecError('not an lzop file (magic 89 4c 5a 4f 00 0d 0a 1a 0a missing at 0)', 0);
  p = 9;
  need(4, 'header');
  const version = dv.getUint16(p);
  p += 4; // version, lib_version
  if (version >= 0x0940) p += 2; // version_needed_to_extract
  need(1, 'header');
  const method = src[p++] as number;
  if (method < 1 || method > 3) throw new CodecError(`lzop method ${method} is not LZO1X`, p - 1, 'unsupported');
  if (version >= 0x0940) p++; // level
  need(4, 'flags');
  const flags = dv.getUint32(p);
  p += 4;
  if (flags & F_H_FILTER) p += 4;
  p += 8; // mode, mtime_low
  if (version >= 0x0940) p += 4; // mtime_high
  need(1, 'name length');
  p += 1 + (src[p] as number); // name
  p += 4; // header checksum
  if (flags & F_H_EXTRA_FIELD) {
    need(4, 'extra field');
    p += 4 + dv.getUint32(p) + 4;
  }
  for (;;) {
    need(4, 'block header');
    const dstLen = dv.getUint32(p);
    p += 4;
    if (dstLen === 0) return; // end of stream
    if (dstLen > MAX_BLOCK) throw new CodecError(`lzop block of ${dstLen} bytes exceeds ${MAX_BLOCK}`, p - 4, 'corrupt');
    need(4, 'block header');
    const srcLen = dv.getUint32(p);
    p += 4;
    let dAdler: number | undefined;
    if (flags & F_ADLER32_D) {
      need(4, 'checksum');
      dAdler = dv.getUint32(p);
      p += 4;
    }
    if (flags & F_CRC32_D) p += 4;
    if (srcLen < dstLen) {
      if (flags & F_ADLER32_C) p += 4;
      if (flags & F_CRC32_C) p += 4;
    }
    if (srcLen > dstLen) throw new CodecError(`lzop block compressed size ${srcLen} > uncompressed ${dstLen}`, p, 'corrupt');
    need(srcLen, 'block data');
    const start = sink.pos;
    sink.ensure(dstLen, p);
    if (srcLen === dstLen) {
      sink.buf.set(src.subarray(p, p + srcLen), sink.pos);
      sink.pos += dstLen;
    } else {
      backend.block(src, p, p + srcLen, sink, dstLen);
    }
    if (dAdler !== undefined && backend.adler32(sink, start, sink.pos) !== dAdler) {
      throw new CodecError(`lzop block at ${p}: adler32 of the output does not match`, p, 'corrupt');
    }
    p += srcLen;
    sink.tick(p);
  }
}

/**
 * LZO1X block into sink.buf[sink.pos .. sink.pos+outLen), already ensured. The kernel's gotos
 * become `state` (lzo1x_decompress_safe.c: 0 = a literal run may follow, 1..3 = that many
 * literals were just copied, 4 = a long literal run was), all in local variables: V8 keeps
 * them in registers (the closure-based first port ran at half this speed).
 */
export function lzo1xBlock(src: Uint8Array, ip: number, ipEnd: number, sink: OutputSink, outLen: number): void {
  const out = sink.buf;
  const opStart = sink.pos;
  const opEnd = opStart + outLen;
  let op = opStart;
  let state = 0;
  let t: number;

  if ((src[ip] as number) > 17) {
    t = (src[ip++] as number) - 17;
    if (t > ipEnd - ip || t > opEnd - op) throw lzoError('literal run overruns', ip, ipEnd, op, opEnd, t);
    for (const stop = ip + t; ip < stop; ) out[op++] = src[ip++] as number;
    state = t < 4 ? t : 4;
  }
  for (;;) {
    // every instruction is followed at least by the 3-byte end marker (0x11 0x00 0x00)
    if (ipEnd - ip < 3) throw new CodecError('lzo1x: input overrun (no end marker)', ip, 'truncated');
    t = src[ip++] as number;
    let mPos: number;
    let len: number;
    let next: number;
    if (t < 16) {
      if (state === 0) {
        // a literal run of 3 + t bytes, or 18 + 255 per zero byte + the next byte
        if (t === 0) {
          while (src[ip] === 0 && ip < ipEnd) {
            t += 255;
            ip++;
            if (t > outLen) throw new CodecError('lzo1x: run length overflow', ip, 'corrupt');
          }
          t += 15 + (src[ip++] as number);
        }
        t += 3;
        if (t > ipEnd - ip || t > opEnd - op) throw lzoError('literal run overruns', ip, ipEnd, op, opEnd, t);
        if (t < 64) for (const stop = ip + t; ip < stop; ) out[op++] = src[ip++] as number;
        else {
          out.set(src.subarray(ip, ip + t), op);
          ip += t;
          op += t;
        }
        state = 4;
        continue;
      }
      next = t & 3;
      if (state !== 4) {
        mPos = op - 1 - (t >> 2) - ((src[ip++] as number) << 2); // M1 after 1..3 literals
        len = 2;
      } else {
        mPos = op - (1 + 0x800) - (t >> 2) - ((src[ip++] as number) << 2); // M1 after a run
        len = 3;
      }
    } else if (t >= 64) {
      next = t & 3;
      mPos = op - 1 - ((t >> 2) & 7) - ((src[ip++] as number) << 3); // M2
      len = (t >> 5) + 1;
    } else {
      // M3 (t >= 32, distance ≤ 16 KiB) or M4 (16..31, 16..48 KiB, or the end marker)
      const m3 = t >= 32;
      len = m3 ? t & 31 : t & 7;
      if (len === 0) {
        while (src[ip] === 0 && ip < ipEnd) {
          len += 255;
          ip++;
          if (len > outLen) throw new CodecError('lzo1x: run length overflow', ip, 'corrupt');
        }
        len += (m3 ? 31 : 7) + (src[ip++] as number);
      }
      len += 2;
      if (ipEnd - ip < 2) throw new CodecError('lzo1x: input overrun', ip, 'truncated');
      const w = (src[ip] as number) | ((src[ip + 1] as number) << 8);
      ip += 2;
      next = w & 3;
      if (m3) mPos = op - 1 - (w >> 2);
      else {
        mPos = op - ((t & 8) << 11) - (w >> 2);
        if (mPos === op) {
          if (len !== 3) throw new CodecError('lzo1x: bad end marker', ip, 'corrupt');
          if (op !== opEnd) throw new CodecError(`lzo1x: block decoded to ${op - opStart} bytes, header says ${outLen}`, ip, 'corrupt');
          if (ip !== ipEnd) throw new CodecError(ip < ipEnd ? 'lzo1x: input not consumed' : 'lzo1x: input overrun', ip, 'corrupt');
          sink.pos = op;
          return;
        }
        mPos -= 0x4000;
      }
    }
    if (mPos < opStart) throw new CodecError('lzo1x: lookbehind overrun', ip, 'corrupt');
    if (len > opEnd - op) throw new CodecError('lzo1x: output overrun', ip, 'corrupt');
    if (len < 64 || op - mPos < len) for (const stop = op + len; op < stop; ) out[op++] = out[mPos++] as number;
    else {
      out.copyWithin(op, mPos, mPos + len);
      op += len;
    }
    // 0..3 literals follow a match
    state = next;
    if (next > 0) {
      if (next > ipEnd - ip || next > opEnd - op) throw lzoError('literals overrun', ip, ipEnd, op, opEnd, next);
      out[op++] = src[ip++] as number;
      if (next > 1) out[op++] = src[ip++] as number;
      if (next > 2) out[op++] = src[ip++] as number;
    }
  }
}

function lzoError(what: string, ip: number, ipEnd: number, op: number, opEnd: number, n: number): CodecError {
  return n > ipEnd - ip ? new CodecError(`lzo1x: ${what} the input`, ip, 'truncated') : new CodecError(`lzo1x: ${what} the block (${n} bytes, ${opEnd - op} left)`, ip, 'corrupt');
}

const LZO_ERRORS: Record<number, [string, 'corrupt' | 'truncated']> = {
  [LzError.Truncated]: ['input overrun', 'truncated'],
  [LzError.Room]: ['output overrun', 'corrupt'],
  [LzError.Lookbehind]: ['lookbehind overrun', 'corrupt'],
  [LzError.EndMarker]: ['bad end marker', 'corrupt'],
  [LzError.Size]: ['block decoded to fewer bytes than its header says', 'corrupt'],
  [LzError.Leftover]: ['input not consumed', 'corrupt'],
  [LzError.Run]: ['run length overflow', 'corrupt'],
};

/** The same decode with lzdec.c's LZO1X and adler32 (wasm) in a fresh instance; returns the sink it filled. */
export function lzopDecodeWasm(w: Lzdec, src: Uint8Array, opts: DecodeOptions): WasmSink {
  return w.decode(src, opts, (inAt, sink) => lzopDecode(src, sink, wasmLzo(w, inAt, sink)));
}

function wasmLzo(w: Lzdec, inAt: number, sink: WasmSink): LzoBackend {
  return {
    block(_src, p, end, _sink, dstLen) {
      const r = w.x.lzo1x_block(inAt + p, end - p, sink.at + sink.pos, dstLen);
      if (r < 0) {
        const [what, kind] = LZO_ERRORS[r] ?? ['corrupt block', 'corrupt'];
        throw new CodecError(`lzo1x: ${what}`, p + w.errorOffset, kind);
      }
      sink.pos += dstLen;
    },
    adler32: (_sink, start, end) => w.x.adler32(sink.at + start, end - start) >>> 0,
  };
}
