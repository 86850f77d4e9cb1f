// The qemu-aarch64 side of the differential tests: runs one A64 instruction per case under
// `qemu-aarch64 -cpu cortex-a57` and reports the state after it. Built by qemuOracle.ts with
//   aarch64-linux-gnu-gcc -nostdlib -static -O2 -ffreestanding -fno-tree-loop-distribute-patterns
// No libc: raw Linux syscalls (arch/arm64 numbers, include/uapi/asm-generic/unistd.h).
//
// Each case (stdin): u32 word, u32 nzcv, u64 x[31], u64 sp. The word is written to SLOT in a
// 64 KiB code pad whose every other word is 0 (UDF #0), so after the instruction the CPU traps
// at the pc it reached. The whole register file is loaded and read back through the signal
// frame (the arm64 struct sigcontext, arch/arm64/include/uapi/asm/sigcontext.h), so nothing but
// the instruction under test runs between the two states: a signal from the slot itself is the
// instruction's (SIGILL: undefined; SIGSEGV/SIGBUS: its access faulted), one from elsewhere is the
// trap after it (UDF in the pad, or a fetch fault where a branch went).
// Each result (stdout): u32 signal, u32 number of changed data bytes, u64 si_addr, u64 x[31],
// u64 sp, u64 pc, u64 pstate, then (u16 offset, u8 value, u8 0) per data byte that differs from
// the initial pattern. DATA is restored between cases.
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

#define PAD 0x10000000ul
#define PAD_SIZE 0x10000ul
#define SLOT (PAD + 0x8000ul)
#define DATA 0x20000000ul
#define DATA_SIZE 0x2000ul

static long sys6(long n, long a, long b, long c, long d, long e, long f) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
  return x0;
}
#define SYS_read 63
#define SYS_write 64
#define SYS_exit_group 94
#define SYS_sigaltstack 132
#define SYS_rt_sigaction 134
#define SYS_mmap 222

static u8 pattern(u64 i) { return (u8)((i * 2654435761u) >> 13); }

static u8 outbuf[1 << 20];
static u64 outlen;
static void flush(void) {
  u64 off = 0;
  while (off < outlen) {
    long n = sys6(SYS_write, 1, (long)(outbuf + off), (long)(outlen - off), 0, 0, 0);
    if (n <= 0) sys6(SYS_exit_group, 3, 0, 0, 0, 0, 0);
    off += (u64)n;
  }
  outlen = 0;
}
static void out(const void *p, u64 n) {
  if (outlen + n > sizeof outbuf) flush();
  for (u64 i = 0; i < n; i++) outbuf[outlen + i] = ((const u8 *)p)[i];
  outlen += n;
}
static int in(void *p, u64 n) {
  u64 off = 0;
  while (off < n) {
    long r = sys6(SYS_read, 0, (long)((u8 *)p + off), (long)(n - off), 0, 0, 0);
    if (r <= 0) return 0;
    off += (u64)r;
  }
  return 1;
}

struct sigcontext_ { u64 fault_address, regs[31], sp, pc, pstate; };
// struct ucontext (arch/arm64/include/uapi/asm/ucontext.h): flags, link, stack_t (24 bytes),
// sigset_t padded to 128 bytes, then the 16-byte-aligned sigcontext at offset 176.
#define MCONTEXT(uc) ((struct sigcontext_ *)((u8 *)(uc) + 176))
struct siginfo_ { int signo, errno_, code, pad; u64 addr; };

static u8 main_stack[65536] __attribute__((aligned(16)));
static int running;
static void finish(void) {
  flush();
  sys6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
}

static void handler(int sig, struct siginfo_ *info, void *uc) {
  struct sigcontext_ *mc = MCONTEXT(uc);
  if (running) {
    u32 head[2] = { (u32)sig, 0 };
    u8 *d = (u8 *)DATA;
    for (u64 i = 0; i < DATA_SIZE; i++) if (d[i] != pattern(i)) head[1]++;
    out(head, 8);
    u64 addr = info->addr;
    out(&addr, 8);
    out(mc->regs, 31 * 8);
    out(&mc->sp, 8);
    out(&mc->pc, 8);
    out(&mc->pstate, 8);
    for (u64 i = 0; i < DATA_SIZE; i++) {
      if (d[i] != pattern(i)) {
        u8 rec[4] = { (u8)i, (u8)(i >> 8), d[i], 0 };
        out(rec, 4);
        d[i] = pattern(i);
      }
    }
  }
  struct { u32 word, nzcv; u64 x[31], sp; } c;
  if (!in(&c, sizeof c)) {
    running = 0;
    mc->pc = (u64)finish;
    mc->sp = (u64)(main_stack + sizeof main_stack);
    return;
  }
  *(volatile u32 *)SLOT = c.word;
  __asm__ volatile("dc cvau, %0; dsb ish; ic ivau, %0; dsb ish; isb" : : "r"(SLOT) : "memory");
  for (int i = 0; i < 31; i++) mc->regs[i] = c.x[i];
  mc->sp = c.sp;
  mc->pc = SLOT;
  mc->pstate = (mc->pstate & ~0xf0000000ul) | (c.nzcv & 0xf0000000u);
  running = 1;
}

static void restorer(void) { __asm__ volatile("mov x8, #139; svc #0"); } // rt_sigreturn

static u8 alt_stack[65536] __attribute__((aligned(16)));

void _start(void) {
  if (sys6(SYS_mmap, (long)PAD, PAD_SIZE, 7, 0x32, -1, 0) != (long)PAD) sys6(SYS_exit_group, 4, 0, 0, 0, 0, 0); // RWX, MAP_PRIVATE|ANONYMOUS|FIXED
  if (sys6(SYS_mmap, (long)DATA, DATA_SIZE, 3, 0x32, -1, 0) != (long)DATA) sys6(SYS_exit_group, 5, 0, 0, 0, 0, 0);
  u8 *d = (u8 *)DATA;
  for (u64 i = 0; i < DATA_SIZE; i++) d[i] = pattern(i);
  struct { void *sp; int flags, pad; u64 size; } ss = { alt_stack, 0, 0, sizeof alt_stack };
  sys6(SYS_sigaltstack, (long)&ss, 0, 0, 0, 0, 0);
  struct { void *handler; u64 flags; void *restorer; u64 mask; } sa = { (void *)handler, 4 | 0x08000000 | 0x04000000, (void *)restorer, ~0ul };
  static const int sigs[] = { 4, 5, 7, 8, 11 }; // SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV
  for (int i = 0; i < 5; i++) sys6(SYS_rt_sigaction, sigs[i], (long)&sa, 0, 8, 0, 0);
  __asm__ volatile(".inst 0x00000001"); // UDF #1: the first signal loads case 0
  finish();
}
