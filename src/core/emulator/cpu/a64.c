// An AArch64 interpreter for the base A64 integer instruction set, compiled to WebAssembly
// (scripts/build-wasm.sh) and driven by machine.ts. It runs the arm64 kernel's EFI stub and its
// decompressors (built with -mgeneral-regs-only: no FP/SIMD), so it implements exactly what
// shared/docs/efi-emulation.md §4 measured plus the rest of the base integer set that costs a few
// lines (ADC/SBC, CRC32); every other encoding stops the run with STOP_UNDEFINED and the word,
// never a guessed result. Encodings and semantics follow the Arm ARM (DDI 0487) chapter C4
// ("A64 Instruction Set Encoding") and the C6 pseudocode of each instruction; the differential
// tests (tests/emulator/) compare every class with qemu-aarch64 -cpu cortex-a57.
//
// Memory: the guest's physical RAM regions are split into 64 KiB chunks, each mapped on its first
// write to one fresh WebAssembly page (memory.grow), so a 1 GiB map costs only what is touched;
// reads of an untouched chunk see zeros. Addresses are physical and identity-mapped (the stub runs
// with the MMU on and an identity map, UEFI spec 2.10 §2.3.6), unaligned accesses are permitted (as
// with the MMU on, Arm ARM B2.5.2), and every access outside RAM stops with STOP_FAULT.
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

#define EXPORT(name) __attribute__((export_name(#name)))

enum { STOP_NONE = 0, STOP_TRAP = 1, STOP_BREAKPOINT = 2, STOP_UNDEFINED = 3, STOP_FAULT = 4, STOP_BUDGET = 5, STOP_MEMORY = 6, STOP_PC_ALIGN = 7, STOP_SP_ALIGN = 8 };

// ---- state shared with machine.ts (read and written through state_ptr()) -----------------
// Layout (u64 slots): 0..30 x0..x30, 31 sp, 32 pc, 33 nzcv (bits 31..28), 34 instructions,
// 35 stop kind, 36 stop pc, 37 stop address, 38 stop size, 39 stop write, 40 stop word,
// 41 trap base, 42 trap end, 43 current EL, 44 SCTLR_EL1, 45 SCTLR_EL2, 46 breakpoint count,
// 47 DAIF, 48.. breakpoints (MAX_BP).
#define MAX_BP 64
enum { S_SP = 31, S_PC, S_NZCV, S_INSNS, S_STOP, S_STOP_PC, S_STOP_ADDR, S_STOP_SIZE, S_STOP_WRITE, S_STOP_WORD,
       S_TRAP_BASE, S_TRAP_END, S_EL, S_SCTLR1, S_SCTLR2, S_NBP, S_DAIF, S_BP, S_END = S_BP + MAX_BP };
static u64 st[S_END];
EXPORT(state_ptr) u64 *state_ptr(void) { return st; }

// Effect counters (machine.ts names them): cache maintenance and barriers, system-register reads
// and writes by register index (SYSREGS below).
enum { OP_DC_CVAU, OP_DC_CVAC, OP_DC_CIVAC, OP_DC_IVAC, OP_DC_CVAP, OP_DC_ZVA, OP_DC_SW, OP_IC_IALLUIS, OP_IC_IALLU, OP_IC_IVAU,
       OP_DSB, OP_DMB, OP_ISB, OP_CLREX, OP_TLBI, OP_COUNT };
static u32 ops[OP_COUNT];
EXPORT(ops_ptr) u32 *ops_ptr(void) { return ops; }

// System registers: (op0:op1:CRn:CRm:op2 packed as in the MRS encoding bits 20..5) and the value
// QEMU's cortex-a57 reports (target/arm/cpu64.c aarch64_a57_initfn; efi-emulation.md §3).
// Writable ones keep what is written; read-only ones reject MSR with STOP_UNDEFINED.
#define SR(op0, op1, crn, crm, op2) ((((op0) & 3) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
enum { SYSREG_COUNT = 24 };
static const u32 sysreg_key[SYSREG_COUNT] = {
  SR(3, 3, 0, 0, 1),  // 0 CTR_EL0
  SR(3, 1, 0, 0, 1),  // 1 CLIDR_EL1
  SR(3, 0, 4, 2, 2),  // 2 CurrentEL
  SR(3, 0, 1, 0, 0),  // 3 SCTLR_EL1
  SR(3, 4, 1, 0, 0),  // 4 SCTLR_EL2
  SR(3, 0, 0, 7, 0),  // 5 ID_AA64MMFR0_EL1
  SR(3, 0, 0, 0, 0),  // 6 MIDR_EL1
  SR(3, 0, 0, 4, 0),  // 7 ID_AA64PFR0_EL1
  SR(3, 0, 0, 6, 0),  // 8 ID_AA64ISAR0_EL1
  SR(3, 3, 0, 0, 7),  // 9 DCZID_EL0
  SR(3, 0, 0, 0, 5),  // 10 MPIDR_EL1
  SR(3, 0, 0, 0, 6),  // 11 REVIDR_EL1
  SR(3, 0, 0, 4, 1),  // 12 ID_AA64PFR1_EL1
  SR(3, 0, 0, 6, 1),  // 13 ID_AA64ISAR1_EL1
  SR(3, 0, 0, 7, 1),  // 14 ID_AA64MMFR1_EL1
  SR(3, 0, 0, 5, 0),  // 15 ID_AA64DFR0_EL1
  SR(3, 1, 0, 0, 0),  // 16 CCSIDR_EL1 (of the level CSSELR selects; L1 data as QEMU's a57 ccsidr[0])
  SR(3, 2, 0, 0, 0),  // 17 CSSELR_EL1
  SR(3, 3, 4, 2, 1),  // 18 DAIF
  SR(3, 0, 0, 7, 2),  // 19 ID_AA64MMFR2_EL1
  SR(3, 1, 0, 0, 7),  // 20 AIDR_EL1
  SR(3, 3, 4, 2, 0),  // 21 NZCV
  SR(3, 0, 0, 6, 2),  // 22 ID_AA64ISAR2_EL1
  SR(3, 3, 13, 0, 2), // 23 TPIDR_EL0
};
static u64 sysreg_val[SYSREG_COUNT] = {
  0x8444c004ull, 0x0a200023ull, 0, 0, 0, 0x00001124ull, 0x411fd070ull, 0x00002222ull, 0x00011120ull, 4,
  0x80000000ull, 0, 0, 0, 0, 0x10305106ull, 0x701fe00aull, 0, 0, 0, 0, 0, 0, 0,
};
static const u8 sysreg_writable[SYSREG_COUNT] = { [3] = 1, [4] = 1, [17] = 1, [18] = 1, [21] = 1, [23] = 1 };
static u32 sr_reads[SYSREG_COUNT], sr_writes[SYSREG_COUNT];
EXPORT(sysreg_reads_ptr) u32 *sysreg_reads_ptr(void) { return sr_reads; }
EXPORT(sysreg_writes_ptr) u32 *sysreg_writes_ptr(void) { return sr_writes; }
EXPORT(sysreg_value) u64 sysreg_value(u32 i) { return i < SYSREG_COUNT ? sysreg_val[i] : 0; }

// ---- RAM ---------------------------------------------------------------------------------
// Chunk c of a region holds the guest's 64 KiB-aligned block (abase + c * 64 KiB); the bytes of
// a block outside [base, base + size) exist in the chunk but are never reachable.
#define CHUNK_BITS 16
#define CHUNK (1u << CHUNK_BITS)
#define MAX_REGIONS 16
#define MAX_CHUNKS 65536 // 4 GiB of guest RAM in all
static struct { u64 base, end, abase; u32 first; } region[MAX_REGIONS];
static u32 nregions, nchunks;
static u32 chunk_at[MAX_CHUNKS]; // wasm address of each chunk, 0 = not yet touched
static u32 chunk_limit;           // chunks that may be mapped (the host's memory cap)
static u32 chunks_mapped;
static u8 zero_chunk[CHUNK];
static int mem_full;

EXPORT(add_region) int add_region(u64 base, u64 size) {
  if (nregions == MAX_REGIONS || size == 0 || base + size < base) return 0;
  u64 abase = base & ~(u64)(CHUNK - 1);
  u64 n = ((base + size - 1 - abase) >> CHUNK_BITS) + 1;
  if (n > MAX_CHUNKS - nchunks) return 0;
  region[nregions].base = base;
  region[nregions].end = base + size;
  region[nregions].abase = abase;
  region[nregions].first = nchunks;
  nregions++;
  nchunks += (u32)n;
  return 1;
}
EXPORT(set_chunk_limit) void set_chunk_limit(u32 n) { chunk_limit = n; }
EXPORT(chunks_in_use) u32 chunks_in_use(void) { return chunks_mapped; }

static inline int region_of(u64 a) {
  for (u32 i = 0; i < nregions; i++) if (a >= region[i].base && a < region[i].end) return (int)i;
  return -1;
}
// Bytes of RAM from a to the end of its 64 KiB block or its region, whichever comes first (0: not RAM).
static u64 span_at(u64 a) {
  int i = region_of(a);
  if (i < 0) return 0;
  u64 block_left = CHUNK - (a & (CHUNK - 1)), region_left = region[i].end - a;
  return block_left < region_left ? block_left : region_left;
}
// Bytes of RAM from a back to the start of its block or region, a included (0: not RAM).
static u64 span_back(u64 a) {
  int i = region_of(a);
  if (i < 0) return 0;
  u64 block = (a & (CHUNK - 1)) + 1, region_part = a - region[i].base + 1;
  return block < region_part ? block : region_part;
}

// A small direct-mapped TLB over 64 KiB blocks that lie wholly inside one region: reads
// (untouched chunks map to zero_chunk) and writes (mapped chunks only) separately. Tags hold
// (block number + 1), so 0 never hits. A hit means every byte of the block is RAM.
#define TLB 256
static u64 rtag[TLB], wtag[TLB];
static u8 *rptr[TLB], *wptr[TLB];

// Host pointer for guest byte a, or 0 when a is not RAM (or, writing, when the memory cap is hit).
static u8 *xlate_slow(u64 a, int write) {
  int i = region_of(a);
  if (i < 0) return 0;
  u32 c = region[i].first + (u32)((a - region[i].abase) >> CHUNK_BITS);
  u8 *base;
  if (chunk_at[c]) {
    base = (u8 *)chunk_at[c];
  } else if (!write) {
    base = zero_chunk;
  } else {
    if (chunks_mapped >= chunk_limit) { mem_full = 1; return 0; }
    i32 old = __builtin_wasm_memory_grow(0, 1);
    if (old < 0) { mem_full = 1; return 0; }
    chunk_at[c] = (u32)old << CHUNK_BITS;
    chunks_mapped++;
    base = (u8 *)chunk_at[c];
    for (u32 k = 0; k < TLB; k++) rtag[k] = 0; // a read entry may still point at zero_chunk
  }
  u64 block = a & ~(u64)(CHUNK - 1);
  if (block >= region[i].base && block + CHUNK <= region[i].end) {
    u32 slot = (u32)(a >> CHUNK_BITS) & (TLB - 1);
    if (write) { wtag[slot] = (a >> CHUNK_BITS) + 1; wptr[slot] = base; }
    else { rtag[slot] = (a >> CHUNK_BITS) + 1; rptr[slot] = base; }
  }
  return base + (a & (CHUNK - 1));
}
static inline u8 *xr(u64 a) {
  u32 slot = (u32)(a >> CHUNK_BITS) & (TLB - 1);
  if (rtag[slot] == (a >> CHUNK_BITS) + 1) return rptr[slot] + (a & (CHUNK - 1));
  return xlate_slow(a, 0);
}
static inline u8 *xw(u64 a) {
  u32 slot = (u32)(a >> CHUNK_BITS) & (TLB - 1);
  if (wtag[slot] == (a >> CHUNK_BITS) + 1) return wptr[slot] + (a & (CHUNK - 1));
  return xlate_slow(a, 1);
}

// The host's view: a wasm address for guest [a, a+n) within one chunk, n clipped to what is
// contiguous (host_span_len). 0 when a is not RAM or, writing, the memory cap is reached.
static u32 host_len;
EXPORT(host_span) u32 host_span(u64 a, u32 n, int write) {
  u64 left = span_at(a);
  if (!left) return 0;
  u8 *p = write ? xw(a) : xr(a);
  if (!p) return 0;
  host_len = n < left ? n : (u32)left;
  return (u32)p;
}
EXPORT(host_span_len) u32 host_span_len(void) { return host_len; }
EXPORT(memory_full) int memory_full(void) { return mem_full; }

// Whether all of [a, a+n) is RAM.
EXPORT(is_ram) int is_ram(u64 a, u64 n) {
  if (n && a + n - 1 < a) return 0;
  while (n) {
    u64 left = span_at(a);
    if (!left) return 0;
    if (left >= n) return 1;
    a += left;
    n -= left;
  }
  return 1;
}

// memmove within guest RAM, piece by piece (each piece within one chunk on both sides),
// forwards when dst < src and backwards otherwise, as overlap needs.
EXPORT(guest_copy) int guest_copy(u64 dst, u64 src, u64 n) {
  if (!n) return 1;
  if (!is_ram(dst, n) || !is_ram(src, n)) return 0;
  if (dst <= src) {
    while (n) {
      u64 k = span_at(src), kd = span_at(dst);
      if (kd < k) k = kd;
      if (n < k) k = n;
      u8 *d = xw(dst); // first: mapping a chunk flushes read entries
      if (!d) return 0;
      __builtin_memmove(d, xr(src), (u32)k);
      dst += k; src += k; n -= k;
    }
  } else {
    while (n) {
      u64 k = span_back(src + n - 1), kd = span_back(dst + n - 1);
      if (kd < k) k = kd;
      if (n < k) k = n;
      n -= k;
      u8 *d = xw(dst + n);
      if (!d) return 0;
      __builtin_memmove(d, xr(src + n), (u32)k);
    }
  }
  return 1;
}

EXPORT(guest_fill) int guest_fill(u64 dst, u64 n, u32 value) {
  if (!n) return 1;
  if (!is_ram(dst, n)) return 0;
  while (n) {
    u64 k = span_at(dst);
    if (n < k) k = n;
    u8 *d = xw(dst);
    if (!d) return 0;
    __builtin_memset(d, (int)(value & 0xff), (u32)k);
    dst += k; n -= k;
  }
  return 1;
}

// ---- guest accesses ------------------------------------------------------------------------
static u64 fault_addr;
static u32 fault_size, fault_write;
static int fault(u64 a, u32 size, u32 write) {
  fault_addr = a;
  fault_size = size;
  fault_write = write;
  return 0;
}
static inline u64 get_le(const u8 *p, u32 n) {
  switch (n) {
    case 1: return *p;
    case 2: { u16 t; __builtin_memcpy(&t, p, 2); return t; }
    case 4: { u32 t; __builtin_memcpy(&t, p, 4); return t; }
    default: { u64 t; __builtin_memcpy(&t, p, 8); return t; }
  }
}
static inline void put_le(u8 *p, u32 n, u64 v) {
  switch (n) {
    case 1: *p = (u8)v; break;
    case 2: { u16 t = (u16)v; __builtin_memcpy(p, &t, 2); break; }
    case 4: { u32 t = (u32)v; __builtin_memcpy(p, &t, 4); break; }
    default: __builtin_memcpy(p, &v, 8); break;
  }
}
// Loads of 1, 2, 4 or 8 bytes, little-endian, zero-extended; 0 on a fault (fault_* set).
static int ld_slow(u64 a, u32 n, u64 *v) {
  if (!is_ram(a, n)) return fault(a, n, 0);
  u64 r = 0;
  for (u32 i = 0; i < n; i++) r |= (u64)*xr(a + i) << (8 * i);
  *v = r;
  return 1;
}
static inline int ld(u64 a, u32 n, u64 *v) {
  u32 slot = (u32)(a >> CHUNK_BITS) & (TLB - 1);
  if (rtag[slot] == (a >> CHUNK_BITS) + 1 && (a & (CHUNK - 1)) <= CHUNK - n) {
    *v = get_le(rptr[slot] + (a & (CHUNK - 1)), n);
    return 1;
  }
  return ld_slow(a, n, v);
}
// Whether a store of n bytes at a can complete: all RAM, every chunk mapped (so a store never
// half happens).
static int can_st(u64 a, u32 n) {
  u32 slot = (u32)(a >> CHUNK_BITS) & (TLB - 1);
  if (wtag[slot] == (a >> CHUNK_BITS) + 1 && (a & (CHUNK - 1)) <= CHUNK - n) return 1;
  if (!is_ram(a, n)) return fault(a, n, 1);
  if (!xw(a) || !xw(a + n - 1)) return fault(a, n, 1);
  return 1;
}
static int st_slow(u64 a, u32 n, u64 v) {
  if (!can_st(a, n)) return 0;
  for (u32 i = 0; i < n; i++) *xw(a + i) = (u8)(v >> (8 * i));
  return 1;
}
static inline int st_(u64 a, u32 n, u64 v) {
  u32 slot = (u32)(a >> CHUNK_BITS) & (TLB - 1);
  if (wtag[slot] == (a >> CHUNK_BITS) + 1 && (a & (CHUNK - 1)) <= CHUNK - n) {
    put_le(wptr[slot] + (a & (CHUNK - 1)), n, v);
    return 1;
  }
  return st_slow(a, n, v);
}

// ---- helpers ---------------------------------------------------------------------------
static u64 X[32]; // X[31] reads as zero (XZR); writes to it are undone by wr()
static u64 SP, NZCV;
static inline void wr(u32 d, u64 v) { X[d] = v; X[31] = 0; }
static inline u64 rsp(u32 n) { return n == 31 ? SP : X[n]; }
static inline void wsp(u32 d, u64 v) { if (d == 31) SP = v; else X[d] = v; }
static inline u64 ror64(u64 v, u32 r) { r &= 63; return r ? (v >> r) | (v << (64 - r)) : v; }
static inline u32 ror32(u32 v, u32 r) { r &= 31; return r ? (v >> r) | (v << (32 - r)) : v; }
static inline u64 sx(u64 v, u32 bits) { u32 s = 64 - bits; return (u64)((i64)(v << s) >> s); }

// Condition holds for nzcv nibble: cond_ok[cond] bit nzcv (Arm ARM C1.2.4, ConditionHolds()).
static u16 cond_ok[16];
static void init_cond(void) {
  for (u32 c = 0; c < 16; c++) {
    u16 m = 0;
    for (u32 f = 0; f < 16; f++) {
      u32 n = f >> 3 & 1, z = f >> 2 & 1, cc = f >> 1 & 1, v = f & 1, r;
      switch (c >> 1) {
        case 0: r = z; break;
        case 1: r = cc; break;
        case 2: r = n; break;
        case 3: r = v; break;
        case 4: r = cc && !z; break;
        case 5: r = n == v; break;
        case 6: r = n == v && !z; break;
        default: r = 1; break;
      }
      if ((c & 1) && c != 15) r = !r;
      if (r) m |= (u16)(1 << f);
    }
    cond_ok[c] = m;
  }
}
static inline int cond(u32 c) { return cond_ok[c] >> (NZCV >> 28) & 1; }

// AddWithCarry (Arm ARM C6 shared pseudocode), setting NZCV when flags.
static inline u64 addc(int sf, u64 a, u64 b, u32 cin, int flags) {
  if (sf) {
    u64 r = a + b + cin;
    if (flags) {
      u64 c = cin ? r <= a : r < a;
      u64 v = ((a ^ r) & (b ^ r)) >> 63;
      NZCV = (r >> 63) << 31 | (u64)(r == 0) << 30 | c << 29 | v << 28;
    }
    return r;
  }
  u64 r = (a & 0xffffffffull) + (b & 0xffffffffull) + cin;
  u32 r32 = (u32)r;
  if (flags) {
    u64 c = r >> 32;
    u64 v = (((u32)a ^ r32) & ((u32)b ^ r32)) >> 31;
    NZCV = (u64)(r32 >> 31) << 31 | (u64)(r32 == 0) << 30 | c << 29 | v << 28;
  }
  return r32;
}
static inline void nz_flags(int sf, u64 r) {
  if (sf) NZCV = (r >> 63) << 31 | (u64)(r == 0) << 30;
  else NZCV = (u64)((u32)r >> 31) << 31 | (u64)((u32)r == 0) << 30;
}

// DecodeBitMasks (Arm ARM C6 shared pseudocode). 0 when the encoding is reserved.
static int bitmasks(u32 n, u32 imms, u32 immr, int immediate, int sf, u64 *wmask, u64 *tmask) {
  u32 v = (n << 6) | (~imms & 0x3f);
  if (!v) return 0;
  u32 len = 31 - (u32)__builtin_clz(v);
  if (len < 1) return 0;
  u32 levels = (1u << len) - 1;
  if (immediate && (imms & levels) == levels) return 0;
  u32 s = imms & levels, r = immr & levels, d = (s - r) & levels;
  u32 esize = 1u << len;
  u64 emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
  u64 welem = s + 1 == 64 ? ~0ull : (1ull << (s + 1)) - 1;
  u64 telem = d + 1 == 64 ? ~0ull : (1ull << (d + 1)) - 1;
  // ROR within esize
  if (r) welem = ((welem >> r) | (welem << (esize - r))) & emask;
  u64 w = 0, t = 0;
  for (u32 i = 0; i < 64; i += esize) { w |= welem << i; t |= telem << i; }
  if (!sf) { w &= 0xffffffffull; t &= 0xffffffffull; }
  *wmask = w;
  *tmask = t;
  return 1;
}

// Shifted register operand (LSL, LSR, ASR, ROR).
static inline u64 shifted(int sf, u64 v, u32 type, u32 amt) {
  if (sf) {
    switch (type) {
      case 0: return v << amt;
      case 1: return v >> amt;
      case 2: return (u64)((i64)v >> amt);
      default: return ror64(v, amt);
    }
  }
  u32 w = (u32)v;
  switch (type) {
    case 0: return (u32)(w << amt);
    case 1: return w >> amt;
    case 2: return (u32)((i32)w >> amt);
    default: return ror32(w, amt);
  }
}
// ExtendReg: UXTB..SXTX, then LSL by shift (0..4).
static inline u64 extended(u64 v, u32 option, u32 shift) {
  switch (option) {
    case 0: v = (u8)v; break;
    case 1: v = (u16)v; break;
    case 2: v = (u32)v; break;
    case 3: break;
    case 4: v = (u64)(i64)(signed char)v; break;
    case 5: v = (u64)(i64)(short)v; break;
    case 6: v = (u64)(i64)(i32)v; break;
    default: break;
  }
  return v << shift;
}

static u64 umulh(u64 a, u64 b) {
  u64 al = (u32)a, ah = a >> 32, bl = (u32)b, bh = b >> 32;
  u64 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  u64 mid = (ll >> 32) + (u32)lh + (u32)hl;
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}
static u64 smulh(u64 a, u64 b) {
  u64 h = umulh(a, b);
  if ((i64)a < 0) h -= b;
  if ((i64)b < 0) h -= a;
  return h;
}

// CRC32/CRC32C (FEAT_CRC32, which cortex-a57 has: ID_AA64ISAR0_EL1.CRC32 = 1), bit-reflected.
static u32 crc32_bits(u32 acc, u64 val, u32 bytes, u32 poly) {
  for (u32 i = 0; i < bytes * 8; i++) {
    u32 bit = (acc ^ (u32)(val >> i)) & 1;
    acc = (acc >> 1) ^ (bit ? poly : 0);
  }
  return acc;
}

// ---- the interpreter ---------------------------------------------------------------------
static u32 stop_word;
#define UNDEF() do { stop_word = w; goto undefined; } while (0)
#define FAULT() goto mem_fault

static u8 *fetch_base; // host chunk of the 64 KiB block pc is in, when that block is all RAM
static u64 fetch_key = ~0ull;

static int is_bp(u64 pc) {
  u32 n = (u32)st[S_NBP];
  for (u32 i = 0; i < n; i++) if (st[S_BP + i] == pc) return 1;
  return 0;
}

// The TLBI operations of Armv8.0 (Arm ARM C5.5 "A64 system instructions for TLB maintenance";
// no FEAT_TLBIOS/TLBIRANGE on cortex-a57): the EL1 ones, and the EL2 ones at EL2 only.
static int tlbi_ok(u32 op1, u32 crm, u32 op2) {
  if (op1 == 0) return (crm == 3 || crm == 7) && ((0xafu >> op2) & 1);                   // vmalle1, vae1, aside1, vaae1, vale1, vaale1 (+is)
  if (op1 == 4 && st[S_EL] == 2) {
    if (crm == 0 || crm == 4) return op2 == 1 || op2 == 5;                                // ipas2e1, ipas2le1 (+is)
    if (crm == 3 || crm == 7) return (0x73u >> op2) & 1;                                  // alle2, vae2, alle1, vale2, vmalls12e1 (+is)
  }
  return 0;
}

static int ready;
// Runs at most budget instructions. resume: a breakpoint at the starting pc does not stop it.
EXPORT(run) u32 run(double budget_f, int resume) {
  if (!ready) { init_cond(); ready = 1; }
  for (u32 i = 0; i < 31; i++) X[i] = st[i];
  X[31] = 0;
  SP = st[S_SP];
  NZCV = st[S_NZCV] & 0xf0000000ull;
  u64 pc = st[S_PC];
  u64 budget = budget_f <= 0 ? 0 : budget_f >= 1.8e19 ? ~0ull : (u64)budget_f;
  u64 left = budget;
  u32 stop = STOP_NONE;
  u32 w = 0;
  int have_bp = st[S_NBP] != 0;
  int first = resume;
  fetch_key = ~0ull;
  // ID_AA64PFR0_EL1.EL2 and .EL3 read 0 when QEMU runs without virtualization/secure (target/arm/cpu.c
  // arm_cpu_realizefn); the a57 value 0x2222 is with every EL present.
  sysreg_val[7] = st[S_EL] == 2 ? 0x0222 : 0x0022;
  sysreg_val[2] = st[S_EL] << 2;
  sysreg_val[3] = st[S_SCTLR1];
  sysreg_val[4] = st[S_SCTLR2];
  sysreg_val[18] = st[S_DAIF];
  mem_full = 0;

  for (;;) {
    if (have_bp && !first && is_bp(pc)) { stop = STOP_BREAKPOINT; break; }
    first = 0;
    if (!left) { stop = STOP_BUDGET; break; }
    if ((pc >> CHUNK_BITS) != fetch_key) {
      if (pc >= st[S_TRAP_BASE] && pc < st[S_TRAP_END]) { stop = STOP_TRAP; break; }
      if (pc & 3) { fault(pc, 4, 0); stop = STOP_PC_ALIGN; break; }
      u8 *p = span_at(pc) >= 4 ? xr(pc) : 0;
      if (!p) { fault(pc, 4, 0); stop = STOP_FAULT; break; }
      u32 slot = (u32)(pc >> CHUNK_BITS) & (TLB - 1);
      if (rtag[slot] == (pc >> CHUNK_BITS) + 1) { // the whole block is RAM: fetch from it directly
        fetch_key = pc >> CHUNK_BITS;
        fetch_base = rptr[slot];
      } else {
        __builtin_memcpy(&w, p, 4);
        goto fetched;
      }
    }
    __builtin_memcpy(&w, fetch_base + (pc & (CHUNK - 1)), 4);
  fetched:
    left--;
    u64 next = pc + 4;
    u32 rd = w & 31, rn = (w >> 5) & 31, rm = (w >> 16) & 31;
    int sf = w >> 31;

    switch ((w >> 25) & 15) {
      case 8: case 9: { // ---- data processing: immediate
        switch ((w >> 23) & 7) {
          case 0: case 1: { // ADR, ADRP
            u64 imm = sx(((w >> 3) & 0x1ffffc) | ((w >> 29) & 3), 21);
            if (w >> 31) wr(rd, (pc & ~0xfffull) + (imm << 12));
            else wr(rd, pc + imm);
            break;
          }
          case 2: { // ADD/ADDS/SUB/SUBS (immediate)
            u64 imm = (w >> 10) & 0xfff;
            if (w & (1u << 22)) imm <<= 12;
            int sub = (w >> 30) & 1, s = (w >> 29) & 1;
            u64 a = rsp(rn);
            u64 r = sub ? addc(sf, a, ~imm, 1, s) : addc(sf, a, imm, 0, s);
            if (!sf) r = (u32)r;
            if (s) wr(rd, r); else wsp(rd, r);
            break;
          }
          case 4: { // logical (immediate)
            u64 wm, tm;
            if (!sf && (w & (1u << 22))) UNDEF();
            if (!bitmasks((w >> 22) & 1, (w >> 10) & 63, (w >> 16) & 63, 1, sf, &wm, &tm)) UNDEF();
            u64 a = X[rn], r;
            switch ((w >> 29) & 3) {
              case 0: r = a & wm; break;
              case 1: r = a | wm; break;
              case 2: r = a ^ wm; break;
              default: r = a & wm; break;
            }
            if (!sf) r = (u32)r;
            if (((w >> 29) & 3) == 3) { nz_flags(sf, r); wr(rd, r); }
            else wsp(rd, r);
            break;
          }
          case 5: { // move wide
            u32 opc = (w >> 29) & 3, hw = (w >> 21) & 3;
            if (opc == 1 || (!sf && hw >= 2)) UNDEF();
            u64 imm = (u64)((w >> 5) & 0xffff) << (16 * hw);
            u64 r;
            if (opc == 0) r = ~imm;
            else if (opc == 2) r = imm;
            else r = (X[rd] & ~(0xffffull << (16 * hw))) | imm;
            if (!sf) r = (u32)r;
            wr(rd, r);
            break;
          }
          case 6: { // bitfield: SBFM, BFM, UBFM
            u32 opc = (w >> 29) & 3, n = (w >> 22) & 1, immr = (w >> 16) & 63, imms = (w >> 10) & 63;
            if (opc == 3 || n != (u32)sf || (!sf && ((immr | imms) & 32))) UNDEF();
            u64 wm, tm;
            if (!bitmasks(n, imms, immr, 0, sf, &wm, &tm)) UNDEF();
            u64 src = X[rn];
            u64 dst = opc == 1 ? X[rd] : 0;
            u64 rot = sf ? ror64(src, immr) : ror32((u32)src, immr);
            u64 bot = (dst & ~wm) | (rot & wm);
            u64 top = opc == 0 ? ((src >> imms) & 1 ? ~0ull : 0) : dst;
            u64 r = (top & ~tm) | (bot & tm);
            if (!sf) r = (u32)r;
            wr(rd, r);
            break;
          }
          case 7: { // EXTR
            u32 imms = (w >> 10) & 63;
            if (((w >> 29) & 3) || (w & (1u << 21)) || ((w >> 22) & 1) != (u32)sf || (!sf && imms >= 32)) UNDEF();
            u64 r;
            if (sf) r = imms ? (X[rm] >> imms) | (X[rn] << (64 - imms)) : X[rm];
            else r = imms ? (u32)(((u32)X[rm] >> imms) | ((u32)X[rn] << (32 - imms))) : (u32)X[rm];
            wr(rd, r);
            break;
          }
          default: UNDEF(); // add/sub immediate with tags (MTE)
        }
        break;
      }

      case 10: case 11: { // ---- branches, exception generation, system
        u32 top = w >> 24;
        if ((w & 0xfc000000u) == 0x14000000u) { // B
          next = pc + (sx(w & 0x3ffffff, 26) << 2);
        } else if ((w & 0xfc000000u) == 0x94000000u) { // BL
          wr(30, pc + 4);
          next = pc + (sx(w & 0x3ffffff, 26) << 2);
        } else if ((w & 0x7e000000u) == 0x34000000u) { // CBZ, CBNZ
          u64 v = sf ? X[rd] : (u32)X[rd];
          if ((v == 0) != ((w >> 24) & 1)) next = pc + (sx((w >> 5) & 0x7ffff, 19) << 2);
        } else if ((w & 0x7e000000u) == 0x36000000u) { // TBZ, TBNZ
          u32 bit = ((w >> 26) & 32) | ((w >> 19) & 31);
          if (((X[rd] >> bit) & 1) == ((w >> 24) & 1)) next = pc + (sx((w >> 5) & 0x3fff, 14) << 2);
        } else if (top == 0x54) { // B.cond
          if (w & 0x10) UNDEF(); // BC.cond (FEAT_HBC)
          if (cond(w & 15)) next = pc + (sx((w >> 5) & 0x7ffff, 19) << 2);
        } else if ((w & 0xfe000000u) == 0xd6000000u) { // branch (register)
          u32 opc = (w >> 21) & 15;
          if (((w >> 16) & 31) != 31 || ((w >> 10) & 63) != 0 || rd != 0 || opc > 2) UNDEF();
          u64 t = X[rn];
          if (opc == 1) wr(30, pc + 4);
          next = t;
          if (t & 3) fetch_key = ~0ull; // the next fetch takes the PC alignment fault
        } else if ((w & 0xffc00000u) == 0xd5000000u) { // system
          u32 l = (w >> 21) & 1, op0 = (w >> 19) & 3, op1 = (w >> 16) & 7, crn = (w >> 12) & 15, crm = (w >> 8) & 15, op2 = (w >> 5) & 7;
          if (!l && op0 == 0 && op1 == 3 && crn == 2 && rd == 31) {
            // HINT: NOP, YIELD, WFE, WFI, SEV, SEVL, ESB, PSB, TSB, CSDB, BTI, PACIASP, AUTIASP, XPACLRI…
            // The allocated ones act as NOP on a CPU without PAuth and BTI (cortex-a57), and the
            // unallocated ones are NOP by definition (Arm ARM C5.2.10 "Hints").
          } else if (!l && op0 == 0 && crn == 3 && rd == 31 && op1 == 3) { // barriers
            switch (op2) {
              case 2: ops[OP_CLREX]++; break;
              case 4: ops[OP_DSB]++; break; // DSB (CRm 0 = SSBB, 4 = PSSBB: DSB forms)
              case 5: ops[OP_DMB]++; break;
              case 6: ops[OP_ISB]++; break;
              default: UNDEF(); // SB (FEAT_SB), DSB nXS, TCOMMIT…
            }
          } else if (!l && op0 == 0 && crn == 4 && rd == 31) { // MSR (immediate): DAIFSet, DAIFClr
            if (op1 == 3 && op2 == 6) sysreg_val[18] |= (u64)crm << 6;
            else if (op1 == 3 && op2 == 7) sysreg_val[18] &= ~((u64)crm << 6);
            else UNDEF();
            if (op2 == 6 || op2 == 7) sr_writes[18]++;
          } else if (op0 == 1 && !l) { // SYS: DC, IC, AT, TLBI
            if (crn == 7 && op1 == 3 && crm == 4 && op2 == 1) { // DC ZVA: zero the DCZID-sized block
              u64 a = X[rd] & ~63ull;
              if (!can_st(a, 64)) FAULT();
              for (u32 i = 0; i < 64; i += 8) st_(a + i, 8, 0);
              ops[OP_DC_ZVA]++;
            } else if (crn == 7 && op1 == 3 && crm == 11 && op2 == 1) ops[OP_DC_CVAU]++;
            else if (crn == 7 && op1 == 3 && crm == 10 && op2 == 1) ops[OP_DC_CVAC]++;
            else if (crn == 7 && op1 == 3 && crm == 14 && op2 == 1) ops[OP_DC_CIVAC]++;
            else if (crn == 7 && op1 == 3 && crm == 12 && op2 == 1) ops[OP_DC_CVAP]++;
            else if (crn == 7 && op1 == 0 && crm == 6 && op2 == 1) ops[OP_DC_IVAC]++;
            else if (crn == 7 && op1 == 0 && (crm == 6 || crm == 10 || crm == 14) && op2 == 2) ops[OP_DC_SW]++;
            else if (crn == 7 && op1 == 0 && crm == 1 && op2 == 0 && rd == 31) ops[OP_IC_IALLUIS]++;
            else if (crn == 7 && op1 == 0 && crm == 5 && op2 == 0 && rd == 31) ops[OP_IC_IALLU]++;
            else if (crn == 7 && op1 == 3 && crm == 5 && op2 == 1) ops[OP_IC_IVAU]++;
            else if (crn == 8 && tlbi_ok(op1, crm, op2)) ops[OP_TLBI]++; // no TLB is modelled
            else UNDEF();
          } else if (op0 >= 2) { // MRS, MSR (register)
            u32 key = ((w >> 5) & 0xffff);
            u32 i = 0;
            while (i < SYSREG_COUNT && sysreg_key[i] != key) i++;
            if (i == SYSREG_COUNT) UNDEF();
            if (i == 16 && sysreg_val[17] != 0) UNDEF(); // CCSIDR of a level other than L1 data
            if (i == 4 && st[S_EL] < 2) UNDEF();          // SCTLR_EL2 from EL1 (Arm ARM D23.2.118)
            if (l) {
              u64 v = i == 21 ? NZCV : sysreg_val[i];
              wr(rd, v);
              sr_reads[i]++;
            } else {
              if (!sysreg_writable[i]) UNDEF();
              if (i == 21) NZCV = X[rd] & 0xf0000000ull;
              else if (i == 18) sysreg_val[i] = X[rd] & 0x3c0ull;
              else if (i == 17) sysreg_val[i] = X[rd] & 0xfull;
              else sysreg_val[i] = X[rd];
              sr_writes[i]++;
            }
          } else UNDEF();
        } else UNDEF(); // SVC, HVC, SMC, BRK, HLT, DCPS, ERET, PAuth branches…
        break;
      }

      case 4: case 6: case 12: case 14: { // ---- loads and stores
        if (w & (1u << 26)) UNDEF(); // SIMD&FP registers
        u32 size = w >> 30, rt = rd;
        // SP as the base must be 16-byte aligned when SCTLR_ELx.SA is set (Arm ARM D1.3.4 "SP
        // alignment checking"): pairs and single registers (the literal form has no base).
        if (rn == 31 && (SP & 15) && (sysreg_val[st[S_EL] == 2 ? 4 : 3] & 8) && ((w >> 27) & 5) == 5) { fault(SP, 0, 0); stop = STOP_SP_ALIGN; goto stopped_no_commit; }
        switch ((w >> 27) & 7) {
          case 3: { // LDR (literal), LDRSW (literal), PRFM (literal)
            if (w & (1u << 24)) UNDEF();
            u64 a = pc + (sx((w >> 5) & 0x7ffff, 19) << 2);
            u64 v;
            if (size == 3) break; // PRFM: a hint
            if (!ld(a, size == 0 ? 4 : size == 1 ? 8 : 4, &v)) FAULT();
            wr(rt, size == 2 ? sx(v, 32) : v);
            break;
          }
          case 5: { // load/store pair
            u32 opc = size, l = (w >> 22) & 1, mode = (w >> 23) & 3;
            if (opc == 3 || (opc == 1 && !l)) UNDEF(); // STGP (MTE)
            if (mode == 0 && opc == 1) UNDEF();
            u32 rt2 = (w >> 10) & 31;
            u32 scale = opc == 2 ? 3 : 2, bytes = 1u << scale;
            u64 off = sx((w >> 15) & 0x7f, 7) << scale;
            u64 base = rsp(rn);
            u64 a = mode == 1 ? base : base + off;
            if (l) {
              u64 v1, v2;
              if (!ld(a, bytes, &v1) || !ld(a + bytes, bytes, &v2)) FAULT();
              if (opc == 1) { v1 = sx(v1, 32); v2 = sx(v2, 32); }
              if (mode == 1 || mode == 3) wsp(rn, base + off);
              wr(rt, v1);
              wr(rt2, v2);
            } else {
              u64 v1 = X[rt], v2 = X[rt2];
              if (!can_st(a, 2 * bytes)) FAULT();
              st_(a, bytes, v1);
              st_(a + bytes, bytes, v2);
              if (mode == 1 || mode == 3) wsp(rn, base + off);
            }
            break;
          }
          case 7: { // load/store register
            u32 opc = (w >> 22) & 3;
            u64 base = rsp(rn), a, wb = 0;
            int writeback = 0;
            if (w & (1u << 24)) { // unsigned immediate
              a = base + (((w >> 10) & 0xfff) << size);
            } else if (!(w & (1u << 21))) { // imm9: unscaled, post, unprivileged, pre
              u64 imm = sx((w >> 12) & 0x1ff, 9);
              u32 mode = (w >> 10) & 3;
              if (mode == 1) { a = base; wb = base + imm; writeback = 1; }
              else if (mode == 3) { a = base + imm; wb = a; writeback = 1; }
              else a = base + imm;
              if (writeback && size == 3 && opc == 2) UNDEF(); // no PRFM with write-back
              if (mode == 2 && size == 3 && opc == 2) UNDEF();
            } else if (((w >> 10) & 3) == 2) { // register offset
              u32 option = (w >> 13) & 7;
              if (!(option & 2)) UNDEF();
              a = base + extended(X[rm], option, (w & (1u << 12)) ? size : 0);
            } else UNDEF(); // atomic memory operations (LSE), LDRAA/LDRAB (PAuth)
            if (opc == 0) { // store
              if (!st_(a, 1u << size, X[rt])) FAULT();
              if (writeback) wsp(rn, wb);
            } else if (opc == 1) { // load, zero-extended
              u64 v;
              if (!ld(a, 1u << size, &v)) FAULT();
              if (writeback) wsp(rn, wb);
              wr(rt, v);
            } else if (size == 3) {
              if (opc == 3) UNDEF();
              // PRFM / PRFUM: a hint, no access (so never a fault)
            } else {
              if (size == 2 && opc == 3) UNDEF();
              u64 v;
              if (!ld(a, 1u << size, &v)) FAULT();
              v = sx(v, 8u << size);
              if (opc == 3) v = (u32)v;
              if (writeback) wsp(rn, wb);
              wr(rt, v);
            }
            break;
          }
          default: UNDEF(); // exclusives, load-acquire/store-release, LDAPR, tags, SIMD structures
        }
        break;
      }

      case 5: case 13: { // ---- data processing: register
        if (!(w & (1u << 28))) {
          u32 shift = (w >> 22) & 3, imm6 = (w >> 10) & 63;
          int shifted_form = !(w & (1u << 24)) || !(w & (1u << 21));
          if (shifted_form && !sf && (imm6 & 32)) UNDEF();
          if (!(w & (1u << 24))) { // logical (shifted register)
            u64 b = shifted(sf, X[rm], shift, imm6);
            if (w & (1u << 21)) b = ~b;
            u64 a = X[rn], r;
            u32 opc = (w >> 29) & 3;
            switch (opc) {
              case 0: r = a & b; break;
              case 1: r = a | b; break;
              case 2: r = a ^ b; break;
              default: r = a & b; break;
            }
            if (!sf) r = (u32)r;
            if (opc == 3) nz_flags(sf, r);
            wr(rd, r);
          } else if (!(w & (1u << 21))) { // add/sub (shifted register)
            if (shift == 3) UNDEF();
            u64 b = shifted(sf, X[rm], shift, imm6);
            int sub = (w >> 30) & 1, s = (w >> 29) & 1;
            u64 r = sub ? addc(sf, X[rn], ~b, 1, s) : addc(sf, X[rn], b, 0, s);
            wr(rd, sf ? r : (u32)r);
          } else { // add/sub (extended register)
            u32 imm3 = (w >> 10) & 7;
            if (shift != 0 || imm3 > 4) UNDEF();
            u64 b = extended(X[rm], (w >> 13) & 7, imm3);
            int sub = (w >> 30) & 1, s = (w >> 29) & 1;
            u64 r = sub ? addc(sf, rsp(rn), ~b, 1, s) : addc(sf, rsp(rn), b, 0, s);
            if (!sf) r = (u32)r;
            if (s) wr(rd, r); else wsp(rd, r);
          }
          break;
        }
        switch ((w >> 21) & 15) {
          case 0: { // ADC, ADCS, SBC, SBCS
            if ((w >> 10) & 63) UNDEF(); // RMIF, SETF (FEAT_FlagM)
            int sub = (w >> 30) & 1, s = (w >> 29) & 1;
            u64 b = sub ? ~X[rm] : X[rm];
            u64 r = addc(sf, X[rn], b, (u32)(NZCV >> 29) & 1, s);
            wr(rd, sf ? r : (u32)r);
            break;
          }
          case 2: { // CCMN, CCMP (register, immediate)
            if (!(w & (1u << 29)) || (w & (1u << 10)) || (w & 16)) UNDEF();
            if (cond((w >> 12) & 15)) {
              u64 b = (w & (1u << 11)) ? rm : X[rm];
              if ((w >> 30) & 1) addc(sf, X[rn], ~b, 1, 1);
              else addc(sf, X[rn], b, 0, 1);
            } else NZCV = (u64)(w & 15) << 28;
            break;
          }
          case 4: { // CSEL, CSINC, CSINV, CSNEG
            if ((w & (1u << 29)) || (w & (1u << 11))) UNDEF();
            u64 r;
            if (cond((w >> 12) & 15)) r = X[rn];
            else {
              r = X[rm];
              u32 op = ((w >> 29) & 2) | ((w >> 10) & 1);
              if (op == 1) r = r + 1;
              else if (op == 2) r = ~r;
              else if (op == 3) r = -r;
            }
            wr(rd, sf ? r : (u32)r);
            break;
          }
          case 6: {
            u32 opcode = (w >> 10) & 63;
            if (w & (1u << 30)) { // 1-source
              if (rm != 0 || (w & (1u << 29))) UNDEF(); // PAC/AUT (opcode2 1), FEAT_CSSC…
              u64 a = X[rn], r;
              switch (opcode) {
                case 0: // RBIT
                  r = 0;
                  for (u32 i = 0; i < (sf ? 64u : 32u); i++) r |= ((a >> i) & 1) << ((sf ? 63 : 31) - i);
                  break;
                case 1: { // REV16
                  r = ((a & 0x00ff00ff00ff00ffull) << 8) | ((a >> 8) & 0x00ff00ff00ff00ffull);
                  break;
                }
                case 2: // REV32 (sf=1), REV (sf=0)
                  r = ((u64)__builtin_bswap32((u32)(a >> 32)) << 32) | __builtin_bswap32((u32)a);
                  break;
                case 3:
                  if (!sf) UNDEF();
                  r = __builtin_bswap64(a);
                  break;
                case 4: // CLZ
                  r = sf ? (a ? (u64)__builtin_clzll(a) : 64) : ((u32)a ? (u64)__builtin_clz((u32)a) : 32);
                  break;
                case 5: // CLS: CLZ of x<N-1:1> EOR x<N-2:0>, here at bits N-2..0 of t
                  if (sf) { u64 t = a ^ (u64)((i64)a >> 1); r = t ? (u64)__builtin_clzll(t) - 1 : 63; }
                  else { u32 t = (u32)a ^ (u32)((i32)(u32)a >> 1); r = t ? (u64)__builtin_clz(t) - 1 : 31; }
                  break;
                default: UNDEF();
              }
              wr(rd, sf ? r : (u32)r);
            } else { // 2-source
              if (w & (1u << 29)) UNDEF();
              u64 a = X[rn], b = X[rm], r;
              switch (opcode) {
                case 2: // UDIV
                  if (sf) r = b ? a / b : 0;
                  else r = (u32)b ? (u32)a / (u32)b : 0;
                  break;
                case 3: // SDIV (division by zero gives 0; the overflow case wraps, Arm ARM C6 SDIV)
                  if (sf) r = !b ? 0 : ((i64)a == (i64)(1ull << 63) && (i64)b == -1) ? a : (u64)((i64)a / (i64)b);
                  else {
                    i32 x = (i32)a, y = (i32)b;
                    r = !y ? 0 : (x == (i32)0x80000000 && y == -1) ? (u32)x : (u32)(x / y);
                  }
                  break;
                case 8: case 9: case 10: case 11: // LSLV, LSRV, ASRV, RORV
                  r = shifted(sf, a, opcode - 8, (u32)b & (sf ? 63 : 31));
                  break;
                case 16: case 17: case 18: case 19: case 20: case 21: case 22: case 23: { // CRC32x, CRC32Cx
                  u32 sz = opcode & 3;
                  if ((sz == 3) != sf) UNDEF();
                  r = crc32_bits((u32)a, b, 1u << sz, (opcode & 4) ? 0x82f63b78u : 0xedb88320u);
                  break;
                }
                default: UNDEF(); // PACGA, SUBP (MTE), FEAT_CSSC min/max…
              }
              wr(rd, sf ? r : (u32)r);
            }
            break;
          }
          case 8: case 9: case 10: case 11: case 12: case 13: case 14: case 15: { // 3-source
            u32 op31 = (w >> 21) & 7, o0 = (w >> 15) & 1, ra = (w >> 10) & 31;
            if ((w >> 29) & 3) UNDEF();
            u64 a = X[rn], b = X[rm], c = X[ra], r;
            if (op31 == 0) {
              r = o0 ? c - a * b : c + a * b;
              if (!sf) r = (u32)r;
            } else if (!sf) UNDEF();
            else if (op31 == 1) { // SMADDL, SMSUBL
              u64 p = (u64)((i64)(i32)a * (i64)(i32)b);
              r = o0 ? c - p : c + p;
            } else if (op31 == 5) { // UMADDL, UMSUBL
              u64 p = (u64)(u32)a * (u32)b;
              r = o0 ? c - p : c + p;
            } else if (op31 == 2 && !o0) r = smulh(a, b); // SMULH
            else if (op31 == 6 && !o0) r = umulh(a, b);   // UMULH
            else UNDEF();
            wr(rd, r);
            break;
          }
          default: UNDEF();
        }
        break;
      }

      default: UNDEF(); // reserved (UDF, SVE, SME) and SIMD&FP data processing
    }
    pc = next;
    continue;

  mem_fault:
    if (mem_full) stop = STOP_MEMORY;
    else stop = STOP_FAULT;
    goto stopped_no_commit;
  undefined:
    stop = STOP_UNDEFINED;
  stopped_no_commit:
    left++; // the stopping instruction did not execute
    break;
  }

  // The stopping instruction is not retired; pc stays on it.
  for (u32 i = 0; i < 31; i++) st[i] = X[i];
  st[S_SP] = SP;
  st[S_PC] = pc;
  st[S_NZCV] = NZCV;
  st[S_INSNS] += budget - left;
  st[S_STOP] = stop;
  st[S_STOP_PC] = pc;
  st[S_STOP_WORD] = stop_word;
  st[S_STOP_ADDR] = fault_addr;
  st[S_STOP_SIZE] = fault_size;
  st[S_STOP_WRITE] = fault_write;
  st[S_SCTLR1] = sysreg_val[3];
  st[S_SCTLR2] = sysreg_val[4];
  st[S_DAIF] = sysreg_val[18];
  return stop;
}
