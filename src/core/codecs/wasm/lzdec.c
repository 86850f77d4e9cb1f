// LZ-family decoders compiled to WebAssembly (scripts/build-wasm.sh): lz4 blocks, LZO1X blocks,
// LZMA and adler32. The same algorithms as lz4.ts, lzo.ts and lzmaDecoder.ts (the fallbacks when
// WebAssembly is unavailable), in C so they run at ~2× the JavaScript speed. Freestanding: no
// libc, no allocator; the caller (wasmDecoders.ts) lays out the linear memory and passes
// pointers. Every read and write is bounds-checked against the lengths passed in, except the
// 8-byte "wild" copies, which may touch up to 15 bytes past an output or input end: the caller
// keeps SLACK bytes of room after both.
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#define EXPORT(name) __attribute__((export_name(#name)))

enum { OK = 0, E_TRUNCATED = -1, E_CORRUPT = -2, E_ROOM = -3, E_LOOKBEHIND = -4, E_END_MARKER = -5, E_SIZE = -6, E_LEFTOVER = -7, E_RUN = -8 };

static u32 err_at; // input offset of the last error
EXPORT(err_offset) u32 err_offset(void) { return err_at; }
static int fail(int code, const u8 *src, const u8 *ip) {
  err_at = (u32)(ip - src);
  return code;
}

static inline void copy8(u8 *d, const u8 *s) {
  u64 v;
  __builtin_memcpy(&v, s, 8);
  __builtin_memcpy(d, &v, 8);
}

// op[0..len) = op[-dist..-dist+len): an LZ match. Overlapping (dist < len) repeats the last
// `dist` bytes; dist 1 is a fill (zero padding of the Image), dist >= 8 copies 8 bytes at a time.
static inline void match_copy(u8 *op, u32 dist, u32 len) {
  const u8 *m = op - dist;
  if (dist >= 8) {
    u8 *end = op + len;
    do {
      copy8(op, m);
      op += 8;
      m += 8;
    } while (op < end);
  } else if (dist == 1) {
    __builtin_memset(op, m[0], len);
  } else {
    for (u32 i = 0; i < len; i++) op[i] = m[i];
  }
}

static inline void literal_copy(u8 *op, const u8 *ip, u32 len) {
  if (len <= 32) {
    u8 *end = op + len;
    do {
      copy8(op, ip);
      op += 8;
      ip += 8;
    } while (op < end);
  } else {
    __builtin_memcpy(op, ip, len);
  }
}

// ---- lz4 block (lz4 doc/lz4_Block_format.md), as LZ4_decompress_safe ----------------------
// Returns the bytes written, or an error. E_ROOM: the block needs more than dst_cap bytes.
EXPORT(lz4_block) int lz4_block(const u8 *src, u32 src_len, u8 *dst, u32 dst_cap) {
  const u8 *ip = src, *iend = src + src_len;
  u8 *op = dst, *oend = dst + dst_cap;
  for (;;) {
    if (ip >= iend) return fail(E_TRUNCATED, src, ip);
    u32 token = *ip++;
    u32 lit = token >> 4;
    if (lit == 15) {
      u32 b;
      do {
        if (ip >= iend) return fail(E_TRUNCATED, src, ip);
        b = *ip++;
        lit += b;
      } while (b == 255);
    }
    if (lit > (u32)(iend - ip)) return fail(E_TRUNCATED, src, ip);
    if (lit > (u32)(oend - op)) return fail(E_ROOM, src, ip);
    literal_copy(op, ip, lit);
    ip += lit;
    op += lit;
    if (ip == iend) break; // the last sequence has literals only
    if (iend - ip < 2) return fail(E_TRUNCATED, src, ip);
    u32 off = ip[0] | (u32)ip[1] << 8;
    if (off == 0 || off > (u32)(op - dst)) return fail(E_LOOKBEHIND, src, ip);
    ip += 2;
    u32 len = token & 15;
    if (len == 15) {
      u32 b;
      do {
        if (ip >= iend) return fail(E_TRUNCATED, src, ip);
        b = *ip++;
        len += b;
      } while (b == 255);
    }
    len += 4;
    if (len > (u32)(oend - op)) return fail(E_ROOM, src, ip);
    match_copy(op, off, len);
    op += len;
  }
  return (int)(op - dst);
}

// ---- LZO1X block, as the kernel's lib/lzo/lzo1x_decompress_safe.c ----------------------------
// state: 0 = a literal run may follow, 1..3 = that many literals just copied, 4 = a run was.
// Returns OK when exactly dst_len bytes were written and src_len bytes read, up to the end marker.
static inline int zero_run(const u8 **pip, const u8 *iend, u32 *t, u32 base, u32 limit) {
  const u8 *ip = *pip;
  while (ip < iend && *ip == 0) {
    *t += 255;
    ip++;
    if (*t > limit) return 0;
  }
  if (ip >= iend) return 0;
  *t += base + *ip++;
  *pip = ip;
  return 1;
}

EXPORT(lzo1x_block) int lzo1x_block(const u8 *src, u32 src_len, u8 *dst, u32 dst_len) {
  const u8 *ip = src, *iend = src + src_len;
  u8 *op = dst, *oend = dst + dst_len;
  u32 state = 0, t;
  if (src_len > 0 && *ip > 17) {
    t = *ip++ - 17;
    if (t > (u32)(iend - ip)) return fail(E_TRUNCATED, src, ip);
    if (t > (u32)(oend - op)) return fail(E_ROOM, src, ip);
    literal_copy(op, ip, t);
    ip += t;
    op += t;
    state = t < 4 ? t : 4;
  }
  for (;;) {
    // every instruction is followed at least by the 3-byte end marker (0x11 0x00 0x00)
    if (iend - ip < 3) return fail(E_TRUNCATED, src, ip);
    t = *ip++;
    u32 dist, len, next;
    if (t < 16) {
      if (state == 0) {
        if (t == 0 && !zero_run(&ip, iend, &t, 15, dst_len)) return fail(E_RUN, src, ip);
        t += 3;
        if (t > (u32)(iend - ip)) return fail(E_TRUNCATED, src, ip);
        if (t > (u32)(oend - op)) return fail(E_ROOM, src, ip);
        literal_copy(op, ip, t);
        ip += t;
        op += t;
        state = 4;
        continue;
      }
      next = t & 3;
      if (state != 4) {
        dist = 1 + (t >> 2) + ((u32)*ip++ << 2); // M1 after 1..3 literals
        len = 2;
      } else {
        dist = 1 + 0x800 + (t >> 2) + ((u32)*ip++ << 2); // M1 after a run
        len = 3;
      }
    } else if (t >= 64) {
      next = t & 3;
      dist = 1 + ((t >> 2) & 7) + ((u32)*ip++ << 3); // M2
      len = (t >> 5) + 1;
    } else {
      // M3 (t >= 32, distance up to 16 KiB) or M4 (16..31: 16..48 KiB, or the end marker)
      int m3 = t >= 32;
      len = m3 ? t & 31 : t & 7;
      if (len == 0 && !zero_run(&ip, iend, &len, m3 ? 31 : 7, dst_len)) return fail(E_RUN, src, ip);
      len += 2;
      if (iend - ip < 2) return fail(E_TRUNCATED, src, ip);
      u32 w = ip[0] | (u32)ip[1] << 8;
      ip += 2;
      next = w & 3;
      if (m3) dist = 1 + (w >> 2);
      else {
        dist = ((t & 8) << 11) + (w >> 2);
        if (dist == 0) {
          if (len != 3) return fail(E_END_MARKER, src, ip);
          if (op != oend) return fail(E_SIZE, src, ip);
          if (ip != iend) return fail(E_LEFTOVER, src, ip);
          return OK;
        }
        dist += 0x4000;
      }
    }
    if (dist > (u32)(op - dst)) return fail(E_LOOKBEHIND, src, ip);
    if (len > (u32)(oend - op)) return fail(E_ROOM, src, ip);
    match_copy(op, dist, len);
    op += len;
    state = next;
    if (next > 0) {
      if (next > (u32)(iend - ip)) return fail(E_TRUNCATED, src, ip);
      if (next > (u32)(oend - op)) return fail(E_ROOM, src, ip);
      copy8(op, ip); // 1..3 bytes, wild
      op += next;
      ip += next;
    }
  }
}

// adler32 (lzop's per-block check) 16 bytes at a time with SIMD: over a block b[0..15] the
// sums advance as a += sum(b), s += 16 * a + sum((16 - i) * b[i]).
// Only this function uses SIMD: built for the whole file, the vectorizer slows the copy loops.
#pragma clang attribute push(__attribute__((target("simd128"))), apply_to = function)
#include <wasm_simd128.h>
EXPORT(adler32) u32 adler32(const u8 *p, u32 len) {
  u32 a = 1, s = 0;
  const v128_t weights_hi = wasm_i16x8_make(16, 15, 14, 13, 12, 11, 10, 9);
  const v128_t weights_lo = wasm_i16x8_make(8, 7, 6, 5, 4, 3, 2, 1);
  while (len > 0) {
    u32 n = len < 5552 ? len : 5552; // zlib's NMAX: s stays below 2^32 between reductions
    len -= n;
    for (; n >= 16; n -= 16, p += 16) {
      v128_t b = wasm_v128_load(p);
      v128_t hi = wasm_u16x8_extend_low_u8x16(b), lo = wasm_u16x8_extend_high_u8x16(b);
      v128_t sum = wasm_i32x4_add(wasm_u32x4_extadd_pairwise_u16x8(hi), wasm_u32x4_extadd_pairwise_u16x8(lo));
      v128_t dot = wasm_i32x4_add(wasm_i32x4_dot_i16x8(hi, weights_hi), wasm_i32x4_dot_i16x8(lo, weights_lo));
      s += 16 * a;
      a += wasm_i32x4_extract_lane(sum, 0) + wasm_i32x4_extract_lane(sum, 1) + wasm_i32x4_extract_lane(sum, 2) + wasm_i32x4_extract_lane(sum, 3);
      s += wasm_i32x4_extract_lane(dot, 0) + wasm_i32x4_extract_lane(dot, 1) + wasm_i32x4_extract_lane(dot, 2) + wasm_i32x4_extract_lane(dot, 3);
    }
    while (n--) {
      a += *p++;
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return (s << 16) | a;
}
#pragma clang attribute pop

// ---- LZMA (LzmaSpec.cpp / LzmaDec.c of the LZMA SDK; lib/decompress_unlzma.c) ----------------
// Resumable: lzma_decode() fills the output up to a limit and returns, keeping its state here.
#define N_STATES 12
#define POS_BITS_MAX 4
#define IS_MATCH 0
#define IS_REP (IS_MATCH + (N_STATES << POS_BITS_MAX))
#define IS_REP_G0 (IS_REP + N_STATES)
#define IS_REP_G1 (IS_REP_G0 + N_STATES)
#define IS_REP_G2 (IS_REP_G1 + N_STATES)
#define IS_REP0_LONG (IS_REP_G2 + N_STATES)
#define POS_SLOT (IS_REP0_LONG + (N_STATES << POS_BITS_MAX))
#define SPEC_POS (POS_SLOT + (4 << 6))
#define ALIGN (SPEC_POS + 128 - 14)
#define LEN_CODER (ALIGN + 16)
#define REP_LEN_CODER (LEN_CODER + 2 + 256 + 256)
#define LITERAL (REP_LEN_CODER + 2 + 256 + 256)
#define END_POS_MODEL 14
#define TOP (1u << 24)

EXPORT(lzma_probs_size) u32 lzma_probs_size(u32 lc, u32 lp) { return (LITERAL + (0x300u << (lc + lp))) * 2; }

static struct {
  u16 *probs;
  u32 n_probs, lc, lp_mask, pb_mask, dict_size;
  u32 state, rep0, rep1, rep2, rep3, pending;
  u32 range, code;
  const u8 *src, *ip, *iend;
  u32 pos; // output position after the last call
} z;

// LZMA2 chunks 0xA0..0xBF: state and probabilities reset, properties kept.
EXPORT(lzma_reset_state) void lzma_reset_state(void) {
  for (u32 i = 0; i < z.n_probs; i++) z.probs[i] = 1024;
  z.state = z.rep0 = z.rep1 = z.rep2 = z.rep3 = z.pending = 0;
}

// New lc/lp/pb: every probability and the state reset (LZMA2 chunks 0xC0..0xFF do this too).
EXPORT(lzma_props) void lzma_props(u16 *probs, u32 lc, u32 lp, u32 pb, u32 dict_size) {
  z.probs = probs;
  z.n_probs = lzma_probs_size(lc, lp) / 2;
  z.lc = lc;
  z.lp_mask = (1u << lp) - 1;
  z.pb_mask = (1u << pb) - 1;
  z.dict_size = dict_size;
  lzma_reset_state();
}

// Starts the range coder at src[at] (5 bytes: a zero, then the big-endian code); the stream (or
// LZMA2 chunk) ends at src[src_len].
EXPORT(lzma_rc_init) int lzma_rc_init(const u8 *src, u32 src_len, u32 at) {
  z.src = src;
  z.iend = src + src_len;
  z.ip = src + at;
  if (z.iend - z.ip < 5) return fail(E_TRUNCATED, src, z.iend);
  if (z.ip[0] != 0) return fail(E_CORRUPT, src, z.ip);
  z.code = (u32)z.ip[1] << 24 | (u32)z.ip[2] << 16 | (u32)z.ip[3] << 8 | z.ip[4];
  z.range = 0xffffffffu;
  if (z.code == z.range) return fail(E_CORRUPT, src, z.ip);
  z.ip += 5;
  return OK;
}

EXPORT(lzma_pos) u32 lzma_pos(void) { return z.pos; }
EXPORT(lzma_in_pos) u32 lzma_in_pos(void) { return (u32)(z.ip - z.src); }
EXPORT(lzma_finished_ok) u32 lzma_finished_ok(void) { return z.code == 0; }
EXPORT(lzma_pending) u32 lzma_pending(void) { return z.pending; }

// Reads past the input end yield zeros and are reported after the call (the input is exact).
#define NORMALIZE                                   \
  if (range < TOP) {                                \
    range <<= 8;                                    \
    code = (code << 8) | (ip < iend ? *ip : 0);     \
    ip++;                                           \
  }
#define BIT(index, on0, on1)                        \
  {                                                 \
    u16 *p_ = probs + (index);                      \
    u32 prob_ = *p_;                                \
    u32 bound_ = (range >> 11) * prob_;             \
    if (code < bound_) {                            \
      range = bound_;                               \
      *p_ = (u16)(prob_ + ((2048 - prob_) >> 5));   \
      on0;                                          \
    } else {                                        \
      range -= bound_;                              \
      code -= bound_;                               \
      *p_ = (u16)(prob_ - (prob_ >> 5));            \
      on1;                                          \
    }                                               \
    NORMALIZE                                       \
  }
#define TREE(base, top, sym)                        \
  {                                                 \
    sym = 1;                                        \
    do BIT((base) + sym, sym <<= 1, sym = (sym << 1) | 1) while (sym < (top)); \
  }

// Decodes into out[pos .. limit); matches may reach back to dict_start (also where lp/pb
// positions count from). Returns 0 at the limit, 1 at the end marker, or an error.
EXPORT(lzma_decode) int lzma_decode(u8 *out, u32 pos, u32 limit, u32 dict_start) {
  u16 *probs = z.probs;
  const u8 *ip = z.ip, *iend = z.iend;
  u32 range = z.range, code = z.code;
  u32 state = z.state, rep0 = z.rep0, rep1 = z.rep1, rep2 = z.rep2, rep3 = z.rep3;
  const u32 lc = z.lc, lp_mask = z.lp_mask, pb_mask = z.pb_mask, dict_size = z.dict_size;
  int result = 0;

  if (z.pending) {
    u32 n = limit - pos < z.pending ? limit - pos : z.pending;
    for (u32 i = 0; i < n; i++) out[pos + i] = out[pos + i - rep0 - 1];
    pos += n;
    z.pending -= n;
  }
  while (pos < limit) {
    u32 pos_state = (pos - dict_start) & pb_mask;
    u32 is_match;
    BIT(IS_MATCH + (state << POS_BITS_MAX) + pos_state, is_match = 0, is_match = 1);
    if (!is_match) {
      u32 prev = pos > dict_start ? out[pos - 1] : 0;
      u16 *lit = probs + LITERAL + 0x300 * ((((pos - dict_start) & lp_mask) << lc) + (prev >> (8 - lc)));
      u32 sym = 1;
      if (state >= 7) {
        u32 match_byte = out[pos - rep0 - 1];
        u32 offs = 0x100;
        do {
          match_byte <<= 1;
          u32 bit = match_byte & offs;
          u16 *p_ = lit + offs + bit + sym;
          u32 prob_ = *p_;
          u32 bound_ = (range >> 11) * prob_;
          if (code < bound_) {
            range = bound_;
            *p_ = (u16)(prob_ + ((2048 - prob_) >> 5));
            sym <<= 1;
            offs &= ~bit;
          } else {
            range -= bound_;
            code -= bound_;
            *p_ = (u16)(prob_ - (prob_ >> 5));
            sym = (sym << 1) | 1;
            offs &= bit;
          }
          NORMALIZE
        } while (sym < 0x100);
      } else {
        u16 *saved = probs;
        probs = lit;
        TREE(0, 0x100, sym);
        probs = saved;
      }
      out[pos++] = (u8)sym;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    u32 is_rep, len_base = LEN_CODER;
    BIT(IS_REP + state, is_rep = 0, is_rep = 1);
    if (is_rep) {
      if (pos == dict_start) {
        result = fail(E_LOOKBEHIND, z.src, ip);
        break;
      }
      u32 b;
      BIT(IS_REP_G0 + state, b = 0, b = 1);
      if (b == 0) {
        BIT(IS_REP0_LONG + (state << POS_BITS_MAX) + pos_state, b = 0, b = 1);
        if (b == 0) {
          // "short rep": one byte at rep0
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1];
          pos++;
          continue;
        }
      } else {
        u32 dist;
        BIT(IS_REP_G1 + state, b = 0, b = 1);
        if (b == 0) dist = rep1;
        else {
          BIT(IS_REP_G2 + state, b = 0, b = 1);
          if (b == 0) dist = rep2;
          else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len_base = REP_LEN_CODER;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
    }
    // length: choice bits pick a 3-bit (2..9, 10..17) or an 8-bit (18..273) tree
    u32 tree = len_base + 2 + (pos_state << 3), top = 8, len = 0, sym, c;
    BIT(len_base, c = 0, c = 1);
    if (c) {
      BIT(len_base + 1, c = 0, c = 1);
      if (c == 0) {
        tree += 128;
        len = 8;
      } else {
        tree = len_base + 2 + 256;
        top = 256;
        len = 16;
      }
    }
    TREE(tree, top, sym);
    len += sym - top;
    if (!is_rep) {
      state = state < 7 ? 7 : 10;
      u32 slot;
      TREE(POS_SLOT + ((len < 3 ? len : 3) << 6), 64, slot);
      slot -= 64;
      if (slot < 4) rep0 = slot;
      else {
        u32 direct = (slot >> 1) - 1;
        u32 dist = (2 | (slot & 1)) << direct;
        u32 base, bits = direct;
        if (slot < END_POS_MODEL) base = SPEC_POS + dist - slot - 1;
        else {
          u32 d = 0;
          for (u32 k = direct - 4; k > 0; k--) {
            range >>= 1;
            u32 t = code >= range;
            code -= range & (0u - t);
            d = (d << 1) | t;
            NORMALIZE
          }
          dist += d << 4;
          base = ALIGN - 1;
          bits = 4;
        }
        sym = 1;
        for (u32 k = 0; k < bits; k++) BIT(base + sym, sym <<= 1, (sym = (sym << 1) | 1, dist += 1u << k));
        rep0 = dist;
        if (rep0 == 0xffffffffu) {
          result = 1;
          break;
        }
      }
      if (rep0 >= dict_size || rep0 >= pos - dict_start) {
        result = fail(E_LOOKBEHIND, z.src, ip);
        break;
      }
    } else state = state < 7 ? 8 : 11;

    len += 2;
    u32 n = limit - pos < len ? limit - pos : len;
    match_copy(out + pos, rep0 + 1, n);
    pos += n;
    z.pending = len - n;
  }
  z.ip = ip;
  z.range = range;
  z.code = code;
  z.state = state;
  z.rep0 = rep0;
  z.rep1 = rep1;
  z.rep2 = rep2;
  z.rep3 = rep3;
  z.pos = pos;
  if (result >= 0 && ip > iend) return fail(E_TRUNCATED, z.src, iend);
  return result;
}

// ---- xz helpers: CRC32 (the kernel's xzkern check) and the ARM64 branch filter -------------
static u32 crc_table[8][256];

static void crc_init(void) {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[0][i] = c;
  }
  for (u32 i = 0; i < 256; i++)
    for (int t = 1; t < 8; t++) crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
}

// Slicing-by-8 CRC32 (IEEE, reflected), continuing from `crc` (0 to start).
EXPORT(crc32) u32 crc32(u32 crc, const u8 *p, u32 len) {
  if (crc_table[0][1] == 0) crc_init();
  crc = ~crc;
  while (len >= 8) {
    u32 a, b;
    __builtin_memcpy(&a, p, 4);
    __builtin_memcpy(&b, p + 4, 4);
    a ^= crc;
    crc = crc_table[7][a & 0xff] ^ crc_table[6][(a >> 8) & 0xff] ^ crc_table[5][(a >> 16) & 0xff] ^ crc_table[4][a >> 24] ^
          crc_table[3][b & 0xff] ^ crc_table[2][(b >> 8) & 0xff] ^ crc_table[1][(b >> 16) & 0xff] ^ crc_table[0][b >> 24];
    p += 8;
    len -= 8;
  }
  while (len--) crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

// The ARM64 BCJ decoder (xz's src/liblzma/simple/arm64.c, which xz --arm64 undoes): BL and ADRP
// targets were made absolute by the encoder; `pos` is buf[0]'s offset from the filter's start.
EXPORT(bcj_arm64) void bcj_arm64(u8 *buf, u32 len, u32 pos) {
  for (u32 i = 0; i + 4 <= len; i += 4) {
    u32 pc = pos + i, instr;
    __builtin_memcpy(&instr, buf + i, 4);
    if ((instr >> 26) == 0x25) {
      instr = 0x94000000u | ((instr - (pc >> 2)) & 0x03ffffffu);
    } else if ((instr & 0x9f000000u) == 0x90000000u) {
      u32 src = ((instr >> 29) & 3) | ((instr >> 3) & 0x001ffffcu);
      if ((src + 0x00020000u) & 0x001c0000u) continue;
      u32 dest = src - (pc >> 12);
      instr &= 0x9000001fu;
      instr |= (dest & 3) << 29;
      instr |= (dest & 0x0003fffcu) << 3;
      instr |= (0u - (dest & 0x00020000u)) & 0x00e00000u;
    } else continue;
    __builtin_memcpy(buf + i, &instr, 4);
  }
}
