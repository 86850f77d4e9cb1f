// lzop file container (lzop's format, as lib/decompress_unlzo.c parses it) around LZO1X
// blocks, decoded by a port of the kernel's lib/lzo/lzo1x_decompress_safe.c (classic LZO1X
// bitstream; the kernel's v1 "RLE" extension is never produced by lzop). Own code: the only
// npm decoder (lzo-wasm) needs cross-origin isolation and is LGPL (perf-notes §6).
import { CodecError, type OutputSink } from './sink';

const LZOP_MAGIC = [0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a];
const F_ADLER32_D = 0x1;
const F_ADLER32_C = 0x2;
const F_H_EXTRA_FIELD = 0x40;
const F_CRC32_D = 0x100;
const F_CRC32_C = 0x200;
const F_H_FILTER = 0x800;
const MAX_BLOCK = 64 << 20; // lzop's MAX_BLOCK_SIZE

export function adler32(b: Uint8Array, start: number, end: number): number {
  let a = 1;
  let s = 0;
  for (let i = start; i < end; ) {
    const n = Math.min(end, i + 3800);
    for (; i < n; i++) {
      a += b[i] as number;
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

export function lzopDecode(src: Uint8Array, sink: OutputSink): void {
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
      lzo1xBlock(src, p, p + srcLen, sink, dstLen);
    }
    if (dAdler !== undefined && adler32(sink.buf, start, sink.pos) !== dAdler) {
      throw new CodecError(`lzop block at ${p}: adler32 of the output does not match`, p, 'corrupt');
    }
    p += srcLen;
    sink.tick(p);
  }
}

/** LZO1X block into sink.buf[sink.pos .. sink.pos+outLen), already ensured. */
export function lzo1xBlock(src: Uint8Array, ip: number, ipEnd: number, sink: OutputSink, outLen: number): void {
  const out = sink.buf;
  const opStart = sink.pos;
  const opEnd = opStart + outLen;
  let op = opStart;
  const err = (m: string, kind: 'corrupt' | 'truncated' = 'corrupt'): never => {
    throw new CodecError(`lzo1x: ${m}`, ip, kind);
  };
  const inByte = (): number => (ip < ipEnd ? (src[ip++] as number) : err('input overrun', 'truncated'));
  const literals = (n: number) => {
    if (ip + n > ipEnd) err('input overrun', 'truncated');
    if (op + n > opEnd) err('output overrun');
    if (n < 32) for (let i = 0; i < n; i++) out[op + i] = src[ip + i] as number;
    else out.set(src.subarray(ip, ip + n), op);
    ip += n;
    op += n;
  };
  const copyMatch = (mPos: number, n: number) => {
    if (mPos < opStart) err('lookbehind overrun');
    if (op + n > opEnd) err('output overrun');
    if (op - mPos >= n && n >= 64) out.copyWithin(op, mPos, mPos + n);
    else for (let i = 0; i < n; i++) out[op + i] = out[mPos + i] as number;
    op += n;
  };
  const runLength = (t: number, base: number): number => {
    // a zero length byte extends the run by 255 per zero
    while (ip < ipEnd && src[ip] === 0) {
      t += 255;
      ip++;
      if (t > outLen + 255) err('run length overflow');
    }
    return t + base + inByte();
  };

  let t = inByte();
  let state: 'loop' | 'first' | 'match' | 'next' = 'loop';
  if (t > 17) {
    t -= 17;
    literals(t);
    state = t < 4 ? 'next' : 'first';
    if (t < 4) t = 0; // falls into match_next with the literal already copied
  } else ip--;

  for (;;) {
    if (state === 'loop') {
      t = inByte();
      if (t >= 16) state = 'match';
      else {
        if (t === 0) t = runLength(0, 15);
        literals(t + 3);
        state = 'first';
      }
      continue;
    }
    if (state === 'first') {
      t = inByte();
      if (t >= 16) {
        state = 'match';
        continue;
      }
      // M1 after a literal run: 3 bytes at distance 1 + 0x800 + (t >> 2) + (next << 2)
      const mPos = op - (1 + 0x0800) - (t >> 2) - (inByte() << 2);
      copyMatch(mPos, 3);
      t = (src[ip - 2] as number) & 3;
      state = t === 0 ? 'loop' : 'next';
      continue;
    }
    if (state === 'next') {
      if (t > 0) literals(t);
      t = inByte();
      state = 'match';
      continue;
    }
    // state === 'match'
    let mPos: number;
    let len: number;
    if (t >= 64) {
      mPos = op - 1 - ((t >> 2) & 7) - (inByte() << 3);
      len = (t >> 5) - 1 + 2;
    } else if (t >= 32) {
      t &= 31;
      if (t === 0) t = runLength(0, 31);
      if (ip + 2 > ipEnd) err('input overrun', 'truncated');
      mPos = op - 1 - (((src[ip] as number) >> 2) + ((src[ip + 1] as number) << 6));
      ip += 2;
      len = t + 2;
    } else if (t >= 16) {
      mPos = op - ((t & 8) << 11);
      t &= 7;
      if (t === 0) t = runLength(0, 7);
      if (ip + 2 > ipEnd) err('input overrun', 'truncated');
      mPos -= ((src[ip] as number) >> 2) + ((src[ip + 1] as number) << 6);
      ip += 2;
      if (mPos === op) {
        // end of stream marker
        if (t !== 1) err('bad end marker');
        if (op !== opEnd) err(`block decoded to ${op - opStart} bytes, header says ${outLen}`);
        if (ip !== ipEnd) err(ip < ipEnd ? 'input not consumed' : 'input overrun');
        sink.pos = op;
        return;
      }
      mPos -= 0x4000;
      len = t + 2;
    } else {
      mPos = op - 1 - (t >> 2) - (inByte() << 2);
      len = 2;
    }
    copyMatch(mPos, len);
    t = (src[ip - 2] as number) & 3;
    state = t === 0 ? 'loop' : 'next';
  }
}
