// The LZMA decoder shared by .lzma (LZMA1, lzma.ts) and xz (LZMA2 chunks, xz.ts). It follows
// the reference decoder (LzmaSpec.cpp / LzmaDec.c of the LZMA SDK, public domain; the kernel's
// lib/decompress_unlzma.c and lib/xz/xz_dec_lzma2.c are the same algorithm) but is written for
// V8: the output buffer is the dictionary (the whole Image is in memory anyway), every
// probability lives in one Uint16Array, and the range coder is kept in local variables with the
// bit decode written out in the literal loops, where most of the time goes (~20 → ~35 MB/s in
// Node; matches use the bit() helper). lzdec.c is its C twin, the fast path.
import { CodecError } from './sink';

// Probability array layout (LzmaDec.c's order).
const N_STATES = 12;
const POS_BITS_MAX = 4;
const IS_MATCH = 0;
const IS_REP = IS_MATCH + (N_STATES << POS_BITS_MAX);
const IS_REP_G0 = IS_REP + N_STATES;
const IS_REP_G1 = IS_REP_G0 + N_STATES;
const IS_REP_G2 = IS_REP_G1 + N_STATES;
const IS_REP0_LONG = IS_REP_G2 + N_STATES;
const POS_SLOT = IS_REP0_LONG + (N_STATES << POS_BITS_MAX); // 4 length states × 64
const SPEC_POS = POS_SLOT + (4 << 6); // distances 4..127: 128 - 14 probabilities
const ALIGN = SPEC_POS + 128 - 14;
const LEN_CODER = ALIGN + 16; // choice, choice2, low[16][8], mid[16][8], high[256]
const REP_LEN_CODER = LEN_CODER + 2 + 256 + 256;
const LITERAL = REP_LEN_CODER + 2 + 256 + 256;
const END_POS_MODEL = 14;
const PROB_INIT = 1024;
// range and code are uint32 held in int32 variables (V8 keeps those in registers; values over
// 2^31 would otherwise become doubles): unsigned comparisons flip the sign bit first, and
// "range < 2^24" is "no bits in the top byte".
const SIGN = -0x80000000;

export const enum Stop {
  /** The output limit was reached (a match may be pending). */
  Limit,
  /** The end-of-payload marker was decoded. */
  EndMarker,
}

export class LzmaDecoder {
  private probs = new Uint16Array(0);
  private lc = 0;
  private lpMask = 0;
  private pbMask = 0;
  private state = 0;
  private rep0 = 0;
  private rep1 = 0;
  private rep2 = 0;
  private rep3 = 0;
  /** Bytes of the current match not yet written (the output limit fell inside it). */
  private pending = 0;
  private range = 0;
  private code = 0;
  /** Next input byte. */
  ip = 0;

  constructor(readonly dictSize: number) {}

  /** lc/lp/pb as in the properties byte; resets every probability and the state. */
  setProperties(lc: number, lp: number, pb: number): void {
    this.lc = lc;
    this.lpMask = (1 << lp) - 1;
    this.pbMask = (1 << pb) - 1;
    const size = LITERAL + (0x300 << (lc + lp));
    if (this.probs.length !== size) this.probs = new Uint16Array(size);
    this.resetState();
  }

  resetState(): void {
    this.probs.fill(PROB_INIT);
    this.state = 0;
    this.rep0 = this.rep1 = this.rep2 = this.rep3 = 0;
    this.pending = 0;
  }

  /** Starts the range coder at src[ip] (5 bytes: a zero, then the big-endian code). */
  initRange(src: Uint8Array, ip: number, end: number): void {
    if (ip + 5 > end) throw new CodecError('lzma range coder init truncated', ip, 'truncated');
    if (src[ip] !== 0) throw new CodecError('lzma range coder does not start with 0', ip, 'corrupt');
    this.code = ((src[ip + 1] as number) << 24) | ((src[ip + 2] as number) << 16) | ((src[ip + 3] as number) << 8) | (src[ip + 4] as number);
    this.range = -1;
    if (this.code === this.range) throw new CodecError('lzma range coder corrupt', ip, 'corrupt');
    this.ip = ip + 5;
  }

  /** The range coder ended cleanly (LZMA2 chunks and end markers require it). */
  get finishedOK(): boolean {
    return this.code === 0;
  }

  get hasPending(): boolean {
    return this.pending !== 0;
  }

  /**
   * Decodes into out[outPos .. outLimit). Matches may reach back to dictStart (the stream start
   * or LZMA2's last dictionary reset), which is also where positions (lp, pb) count from. Reading stops at the end marker or the limit; reads past
   * `inEnd` are caught after the loop (the caller's bytes past it are never trusted).
   * Returns the new output position; `stop` says why.
   */
  decode(src: Uint8Array, inEnd: number, out: Uint8Array, outPos: number, outLimit: number, dictStart: number): { pos: number; stop: Stop } {
    const probs = this.probs;
    const lc = this.lc;
    const lpMask = this.lpMask;
    const pbMask = this.pbMask;
    const dictSize = this.dictSize;
    let { state, rep0, rep1, rep2, rep3, range, code, ip } = this;
    let op = outPos;
    let stop = Stop.Limit;

    // finish a match cut by the previous limit
    if (this.pending > 0) {
      const n = Math.min(this.pending, outLimit - op);
      const from = op - rep0 - 1;
      for (let i = 0; i < n; i++) out[op + i] = out[from + i] as number;
      op += n;
      this.pending -= n;
    }

    while (op < outLimit) {
      const posState = (op - dictStart) & pbMask;
      // isMatch
      let i = IS_MATCH + (state << POS_BITS_MAX) + posState;
      let prob = probs[i] as number;
      let bound = Math.imul(range >>> 11, prob);
      if ((code ^ SIGN) < (bound ^ SIGN)) {
        range = bound;
        probs[i] = prob + ((2048 - prob) >>> 5);
        if (range >>> 24 === 0) {
          range <<= 8;
          code = (code << 8) | (src[ip++] as number);
        }
        // literal
        const prev = op > dictStart ? (out[op - 1] as number) : 0;
        const base = LITERAL + 0x300 * ((((op - dictStart) & lpMask) << lc) + (prev >>> (8 - lc)));
        let sym = 1;
        if (state >= 7) {
          // "matched" literal: steered by the byte at rep0 until the first mismatch
          let matchByte = out[op - rep0 - 1] as number;
          let offs = 0x100;
          do {
            matchByte <<= 1;
            const bit = matchByte & offs;
            i = base + offs + bit + sym;
            prob = probs[i] as number;
            bound = Math.imul(range >>> 11, prob);
            if ((code ^ SIGN) < (bound ^ SIGN)) {
              range = bound;
              probs[i] = prob + ((2048 - prob) >>> 5);
              sym <<= 1;
              offs &= ~bit;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[i] = prob - (prob >>> 5);
              sym = (sym << 1) | 1;
              offs &= bit;
            }
            if (range >>> 24 === 0) {
              range <<= 8;
              code = (code << 8) | (src[ip++] as number);
            }
          } while (sym < 0x100);
        } else {
          do {
            i = base + sym;
            prob = probs[i] as number;
            bound = Math.imul(range >>> 11, prob);
            if ((code ^ SIGN) < (bound ^ SIGN)) {
              range = bound;
              probs[i] = prob + ((2048 - prob) >>> 5);
              sym <<= 1;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[i] = prob - (prob >>> 5);
              sym = (sym << 1) | 1;
            }
            if (range >>> 24 === 0) {
              range <<= 8;
              code = (code << 8) | (src[ip++] as number);
            }
          } while (sym < 0x100);
        }
        out[op++] = sym & 0xff;
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      range = (range - bound) | 0;
      code = (code - bound) | 0;
      probs[i] = prob - (prob >>> 5);
      if (range >>> 24 === 0) {
        range <<= 8;
        code = (code << 8) | (src[ip++] as number);
      }

      // The rarer symbols below use the bit() helper on this object's fields.
      this.range = range;
      this.code = code;
      this.ip = ip;
      let len: number;
      if (this.bit(src, IS_REP + state) === 0) {
        // a new match: length, then distance
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        len = this.length(src, LEN_CODER, posState);
        state = state < 7 ? 7 : 10;
        const slot = this.tree(src, POS_SLOT + ((len < 3 ? len : 3) << 6), 6);
        if (slot < 4) rep0 = slot;
        else {
          const direct = (slot >>> 1) - 1;
          let dist = ((2 | (slot & 1)) << direct) >>> 0;
          if (slot < END_POS_MODEL) dist += this.reverse(src, SPEC_POS + dist - slot - 1, direct);
          else {
            // distances up to 2^32 - 1 (the end marker): keep them unsigned
            dist = (dist + this.direct(src, direct - 4) * 16) >>> 0;
            dist = (dist + this.reverse(src, ALIGN - 1, 4)) >>> 0;
          }
          rep0 = dist;
          if (rep0 === 0xffffffff) {
            stop = Stop.EndMarker;
            ({ range, code, ip } = this);
            break;
          }
        }
        if (rep0 >= dictSize || rep0 >= op - dictStart) {
          throw new CodecError(`lzma match distance ${rep0 + 1} reaches before the dictionary start`, this.ip, 'corrupt');
        }
      } else {
        if (op === dictStart) throw new CodecError('lzma repeat match before any output', this.ip, 'corrupt');
        if (this.bit(src, IS_REP_G0 + state) === 0) {
          if (this.bit(src, IS_REP0_LONG + (state << POS_BITS_MAX) + posState) === 0) {
            // "short rep": one byte at rep0
            state = state < 7 ? 9 : 11;
            out[op] = out[op - rep0 - 1] as number;
            op++;
            ({ range, code, ip } = this);
            continue;
          }
        } else {
          let dist: number;
          if (this.bit(src, IS_REP_G1 + state) === 0) dist = rep1;
          else {
            if (this.bit(src, IS_REP_G2 + state) === 0) dist = rep2;
            else {
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        len = this.length(src, REP_LEN_CODER, posState);
        state = state < 7 ? 8 : 11;
      }
      ({ range, code, ip } = this);

      len += 2;
      const n = Math.min(len, outLimit - op);
      const from = op - rep0 - 1;
      // copyWithin only pays for long, non-overlapping copies
      if (n > 32 && rep0 + 1 >= n) out.copyWithin(op, from, from + n);
      else for (let k = 0; k < n; k++) out[op + k] = out[from + k] as number;
      op += n;
      this.pending = len - n;
    }

    if (ip > inEnd) throw new CodecError('lzma stream ends early', inEnd, 'truncated');
    Object.assign(this, { state, rep0, rep1, rep2, rep3, range, code, ip });
    return { pos: op, stop };
  }

  /**
   * With the output buffer full, tells whether the next symbol is the end marker, consuming it if
   * so and leaving the decoder untouched otherwise (a 16 KiB snapshot: cheaper than growing a
   * 32 MiB buffer by doubling just to read the marker). A literal or match decoded while probing
   * writes one byte at out[pos], past the buffer (a no-op on a typed array) or into room the
   * caller overwrites next.
   */
  probeEndMarker(src: Uint8Array, inEnd: number, out: Uint8Array, pos: number, dictStart: number): boolean {
    const { state, rep0, rep1, rep2, rep3, pending, range, code, ip } = this;
    const probs = this.probs.slice();
    if (this.decode(src, inEnd, out, pos, pos + 1, dictStart).stop === Stop.EndMarker) return true;
    Object.assign(this, { probs, state, rep0, rep1, rep2, rep3, pending, range, code, ip });
    return false;
  }

  private bit(src: Uint8Array, i: number): number {
    const probs = this.probs;
    const prob = probs[i] as number;
    const bound = Math.imul(this.range >>> 11, prob);
    let b: number;
    if ((this.code ^ SIGN) < (bound ^ SIGN)) {
      this.range = bound;
      probs[i] = prob + ((2048 - prob) >>> 5);
      b = 0;
    } else {
      this.range = (this.range - bound) | 0;
      this.code = (this.code - bound) | 0;
      probs[i] = prob - (prob >>> 5);
      b = 1;
    }
    if (this.range >>> 24 === 0) {
      this.range <<= 8;
      this.code = (this.code << 8) | (src[this.ip++] as number);
    }
    return b;
  }

  private tree(src: Uint8Array, base: number, bits: number): number {
    let m = 1;
    for (let k = 0; k < bits; k++) m = (m << 1) | this.bit(src, base + m);
    return m - (1 << bits);
  }

  /** Bit tree read least-significant bit first; `base` is the probability before index 1. */
  private reverse(src: Uint8Array, base: number, bits: number): number {
    let m = 1;
    let sym = 0;
    for (let k = 0; k < bits; k++) {
      const b = this.bit(src, base + m);
      m = (m << 1) | b;
      sym |= b << k;
    }
    return sym;
  }

  /** Fixed-probability bits of large distances. */
  private direct(src: Uint8Array, bits: number): number {
    let res = 0;
    let { range, code } = this;
    for (; bits > 0; bits--) {
      range >>>= 1;
      let b = 0;
      if ((code ^ SIGN) >= (range ^ SIGN)) {
        code = (code - range) | 0;
        b = 1;
      }
      if (range >>> 24 === 0) {
        range <<= 8;
        code = (code << 8) | (src[this.ip++] as number);
      }
      res = res * 2 + b;
    }
    this.range = range;
    this.code = code;
    return res;
  }

  private length(src: Uint8Array, base: number, posState: number): number {
    if (this.bit(src, base) === 0) return this.tree(src, base + 2 + (posState << 3), 3);
    if (this.bit(src, base + 1) === 0) return 8 + this.tree(src, base + 2 + 128 + (posState << 3), 3);
    return 16 + this.tree(src, base + 2 + 256, 8);
  }
}
