// LZ4 legacy frame as `lz4 -l` writes it and lib/decompress_unlz4.c reads it: le32 magic
// 0x184c2102, then blocks of [le32 compressed size][LZ4 block], each up to 8 MiB of output,
// no checksum, no end mark. Block format: lz4 doc/lz4_Block_format.md. Own decoder (no npm
// library reads legacy frames; perf-notes §5) with every bound checked.
import { CodecError, type OutputSink } from './sink';

export const LZ4_LEGACY_MAGIC = 0x184c2102;
const MAX_BLOCK_OUT = 8 << 20;

export function lz4LegacyDecode(input: Uint8Array, sink: OutputSink): void {
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
    lz4Block(input, ip, ip + size, sink);
    ip += size;
  }
}

function lz4Block(src: Uint8Array, ip: number, end: number, sink: OutputSink): void {
  const blockStart = sink.pos;
  sink.ensure(Math.min(MAX_BLOCK_OUT, sink.limit - sink.pos), ip);
  for (;;) {
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
    if (lit > end - ip) throw new CodecError(`literal run of ${lit} bytes passes the block end`, ip, 'corrupt');
    if (sink.pos + lit - blockStart > MAX_BLOCK_OUT) throw new CodecError('block decompresses to more than 8 MiB', ip, 'corrupt');
    sink.ensure(lit, ip);
    // short runs by hand: a subarray + set per 3-byte literal costs more than the copy
    if (lit < 32) {
      const buf = sink.buf;
      let op = sink.pos;
      for (let i = 0; i < lit; i++) buf[op++] = src[ip + i] as number;
      sink.pos = op;
    } else {
      sink.buf.set(src.subarray(ip, ip + lit), sink.pos);
      sink.pos += lit;
    }
    ip += lit;
    if (ip >= end) break; // last sequence: literals only
    if (ip + 2 > end) throw new CodecError('truncated match offset', ip, 'truncated');
    const off = (src[ip] as number) | ((src[ip + 1] as number) << 8);
    ip += 2;
    if (off === 0 || off > sink.pos) throw new CodecError(`match offset ${off} points before the start of the output`, ip - 2, 'corrupt');
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
    if (sink.pos + len - blockStart > MAX_BLOCK_OUT) throw new CodecError('block decompresses to more than 8 MiB', ip, 'corrupt');
    sink.ensure(len, ip);
    const buf = sink.buf;
    let op = sink.pos;
    const m = op - off;
    // an overlapping match (off < len) repeats the last `off` bytes, so it is copied forward
    // byte by byte; long non-overlapping ones use copyWithin (its call costs more than short loops)
    if (off >= len && len >= 64) buf.copyWithin(op, m, m + len);
    else for (let i = 0; i < len; i++) buf[op + i] = buf[m + i] as number;
    op += len;
    sink.pos = op;
  }
  sink.tick(ip);
}
