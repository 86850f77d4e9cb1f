// LZMA "alone" (.lzma) as `lzma -9` writes it and lib/decompress_unlzma.c reads it: 13-byte
// header (properties, le32 dictionary size, le64 uncompressed size or ~0 = unknown, then an end
// marker), then the range-coded stream. A straight port of the reference decoder (LzmaSpec.cpp
// in the LZMA SDK, public domain), writing into the bounded sink: no npm decoder bounds output.
import { CodecError, type OutputSink } from './sink';

const N_STATES = 12;
const POS_BITS_MAX = 4;
const END_POS_MODEL = 14;
const FULL_DISTANCES = 128;
const ALIGN_BITS = 4;
const LEN_TO_POS_STATES = 4;
const MATCH_MIN = 2;
const PROB_INIT = 1024;

class RangeDecoder {
  range = 0xffffffff;
  code = 0;
  constructor(
    private readonly src: Uint8Array,
    public pos: number,
  ) {
    if (this.byte() !== 0) throw new CodecError('lzma range coder does not start with 0', pos, 'corrupt');
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.byte()) >>> 0;
    if (this.code === this.range) throw new CodecError('lzma range coder corrupt', pos, 'corrupt');
  }
  byte(): number {
    if (this.pos >= this.src.length) throw new CodecError('lzma stream ends early (no end marker)', this.pos, 'truncated');
    return this.src[this.pos++] as number;
  }
  bit(p: Uint16Array, i: number): number {
    const v = p[i] as number;
    const bound = (this.range >>> 11) * v;
    let b: number;
    if (this.code < bound) {
      p[i] = v + ((2048 - v) >>> 5);
      this.range = bound;
      b = 0;
    } else {
      p[i] = v - (v >>> 5);
      this.code -= bound;
      this.range -= bound;
      b = 1;
    }
    if (this.range < 0x1000000) {
      this.range = (this.range << 8) >>> 0;
      this.code = ((this.code << 8) | this.byte()) >>> 0;
    }
    return b;
  }
  direct(n: number): number {
    let res = 0;
    for (; n > 0; n--) {
      this.range >>>= 1;
      let b = 0;
      if (this.code >= this.range) {
        this.code -= this.range;
        b = 1;
      }
      if (this.range < 0x1000000) {
        this.range = (this.range << 8) >>> 0;
        this.code = ((this.code << 8) | this.byte()) >>> 0;
      }
      res = res * 2 + b;
    }
    return res;
  }
  tree(p: Uint16Array, base: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) + this.bit(p, base + m);
    return m - (1 << bits);
  }
  reverse(p: Uint16Array, base: number, bits: number): number {
    let m = 1;
    let sym = 0;
    for (let i = 0; i < bits; i++) {
      const b = this.bit(p, base + m);
      m = (m << 1) + b;
      sym |= b << i;
    }
    return sym;
  }
}

class LenDecoder {
  // choice, choice2, low[16][8], mid[16][8], high[256]
  p = new Uint16Array(2 + 16 * 8 * 2 + 256).fill(PROB_INIT);
  decode(rc: RangeDecoder, posState: number): number {
    if (rc.bit(this.p, 0) === 0) return rc.tree(this.p, 2 + posState * 8, 3);
    if (rc.bit(this.p, 1) === 0) return 8 + rc.tree(this.p, 2 + 128 + posState * 8, 3);
    return 16 + rc.tree(this.p, 2 + 256, 8);
  }
}

export function lzmaDecode(src: Uint8Array, sink: OutputSink): void {
  if (src.length < 13) throw new CodecError('lzma header truncated (13 bytes needed)', src.length, 'truncated');
  let d = src[0] as number;
  if (d >= 9 * 5 * 5) throw new CodecError(`lzma properties byte ${d} is invalid`, 0, 'corrupt');
  const lc = d % 9;
  d = (d / 9) | 0;
  const lp = d % 5;
  const pb = (d / 5) | 0;
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const dictSize = Math.max(dv.getUint32(1, true), 1 << 12);
  const sizeLo = dv.getUint32(5, true);
  const sizeHi = dv.getUint32(9, true);
  const sizeKnown = !(sizeLo === 0xffffffff && sizeHi === 0xffffffff);
  let remaining = sizeKnown ? sizeHi * 2 ** 32 + sizeLo : Infinity;
  if (sizeKnown && remaining > sink.limit) throw new CodecError(`lzma header declares ${remaining} bytes, over the output limit`, 5, 'bound');
  const rc = new RangeDecoder(src, 13);

  const lit = new Uint16Array(0x300 << (lc + lp)).fill(PROB_INIT);
  const isMatch = new Uint16Array(N_STATES << POS_BITS_MAX).fill(PROB_INIT);
  const isRep = new Uint16Array(N_STATES).fill(PROB_INIT);
  const isRepG0 = new Uint16Array(N_STATES).fill(PROB_INIT);
  const isRepG1 = new Uint16Array(N_STATES).fill(PROB_INIT);
  const isRepG2 = new Uint16Array(N_STATES).fill(PROB_INIT);
  const isRep0Long = new Uint16Array(N_STATES << POS_BITS_MAX).fill(PROB_INIT);
  const posSlot = new Uint16Array(LEN_TO_POS_STATES << 6).fill(PROB_INIT);
  const posDec = new Uint16Array(1 + FULL_DISTANCES - END_POS_MODEL).fill(PROB_INIT);
  const align = new Uint16Array(1 << ALIGN_BITS).fill(PROB_INIT);
  const lenDec = new LenDecoder();
  const repLenDec = new LenDecoder();
  const pbMask = (1 << pb) - 1;
  const lpMask = (1 << lp) - 1;

  let state = 0;
  let rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;
  let sinceTick = 0;
  for (;;) {
    if (remaining === 0 && rc.code === 0) return; // size known and reached, no marker needed
    const out = sink.pos;
    const posState = out & pbMask;
    if (rc.bit(isMatch, (state << POS_BITS_MAX) + posState) === 0) {
      if (remaining === 0) throw new CodecError('lzma data continues past the declared size', rc.pos, 'corrupt');
      const prev = out > 0 ? (sink.buf[out - 1] as number) : 0;
      const base = 0x300 * (((out & lpMask) << lc) + (prev >>> (8 - lc)));
      let sym = 1;
      if (state >= 7) {
        let matchByte = sink.buf[out - rep0 - 1] as number;
        do {
          const mb = (matchByte >>> 7) & 1;
          matchByte <<= 1;
          const b = rc.bit(lit, base + ((1 + mb) << 8) + sym);
          sym = (sym << 1) | b;
          if (mb !== b) break;
        } while (sym < 0x100);
      }
      while (sym < 0x100) sym = (sym << 1) | rc.bit(lit, base + sym);
      if (out >= sink.buf.length) sink.ensure(1, rc.pos);
      sink.buf[sink.pos++] = sym - 0x100;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      remaining--;
    } else {
      let len: number;
      if (rc.bit(isRep, state) !== 0) {
        if (remaining === 0) throw new CodecError('lzma data continues past the declared size', rc.pos, 'corrupt');
        if (out === 0) throw new CodecError('lzma repeat match before any output', rc.pos, 'corrupt');
        if (rc.bit(isRepG0, state) === 0) {
          if (rc.bit(isRep0Long, (state << POS_BITS_MAX) + posState) === 0) {
            state = state < 7 ? 9 : 11;
            if (out >= sink.buf.length) sink.ensure(1, rc.pos);
            sink.buf[sink.pos++] = sink.buf[out - rep0 - 1] as number;
            remaining--;
            continue;
          }
        } else {
          let dist: number;
          if (rc.bit(isRepG1, state) === 0) dist = rep1;
          else {
            if (rc.bit(isRepG2, state) === 0) dist = rep2;
            else {
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        len = repLenDec.decode(rc, posState);
        state = state < 7 ? 8 : 11;
      } else {
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        len = lenDec.decode(rc, posState);
        state = state < 7 ? 7 : 10;
        // distance
        const lenState = len < LEN_TO_POS_STATES - 1 ? len : LEN_TO_POS_STATES - 1;
        const slot = rc.tree(posSlot, lenState << 6, 6);
        if (slot < 4) rep0 = slot;
        else {
          const direct = (slot >>> 1) - 1;
          let dist = (2 | (slot & 1)) * 2 ** direct;
          if (slot < END_POS_MODEL) dist += rc.reverse(posDec, dist - slot, direct);
          else dist += rc.direct(direct - ALIGN_BITS) * 16 + rc.reverse(align, 0, ALIGN_BITS);
          rep0 = dist;
        }
        if (rep0 === 0xffffffff) {
          if (rc.code !== 0) throw new CodecError('lzma end marker with a non-zero range coder', rc.pos, 'corrupt');
          if (sizeKnown && remaining !== 0) throw new CodecError('lzma end marker before the declared size', rc.pos, 'corrupt');
          return;
        }
        if (remaining === 0) throw new CodecError('lzma data continues past the declared size', rc.pos, 'corrupt');
        if (rep0 >= dictSize || rep0 >= out) throw new CodecError(`lzma match distance ${rep0 + 1} reaches before the output start`, rc.pos, 'corrupt');
      }
      len += MATCH_MIN;
      const n = Math.min(len, remaining);
      sink.ensure(n, rc.pos);
      const buf = sink.buf;
      let op = sink.pos;
      const from = op - rep0 - 1;
      if (rep0 + 1 >= n) buf.copyWithin(op, from, from + n);
      else for (let i = 0; i < n; i++) buf[op + i] = buf[from + i] as number;
      op += n;
      sink.pos = op;
      remaining -= n;
      if (n < len) throw new CodecError('lzma match passes the declared size', rc.pos, 'corrupt');
    }
    if (++sinceTick === 4096) {
      sinceTick = 0;
      sink.tick(rc.pos);
    }
  }
}
