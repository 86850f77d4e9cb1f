// arm64 kexec_file_load placement: image_load() (arch/arm64/kernel/kexec_image.c) and
// load_other_segments() (arch/arm64/kernel/machine_kexec_file.c), over the generic
// kexec_add_buffer() in placement.ts. Domain notes §3.3, §3.4.
import { hex } from '../bytes/hex';
import { type Cma, KImage, type Segment, ULONG_MAX, type Walk } from './placement';
import { type MemoryMap, freeRanges, usableMemory } from './memoryMap';
import type { MemRegion } from './memoryText';
import type { KexecFdtResult } from '../devicetree/kexecFdt';

/** What load_other_segments() knows when it calls of_kexec_alloc_and_setup_fdt(). */
export interface DtbContext {
  initrd?: { addr: bigint; len: bigint };
  crash?: { elfAddr: bigint; elfSize: bigint; crashk: MemRegion };
}

export const SZ_64K = 0x10000n;
export const SZ_2M = 0x200000n; // MIN_KIMG_ALIGN (arch/arm64/include/asm/boot.h)
export const SZ_1G = 0x40000000n;
export const EINVAL = 22;

export interface KernelVersion {
  major: number;
  minor: number;
}

export function parseVersion(v: string): KernelVersion | undefined {
  const m = /^(\d+)\.(\d+)/.exec(v.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export const atLeast = (v: KernelVersion, major: number, minor: number) => v.major > major || (v.major === major && v.minor >= minor);

export interface Arm64LoadInput {
  memory: MemoryMap;
  /** Image header values (booting.rst). */
  imageSize: bigint;
  textOffset: bigint;
  /** Bytes of the file passed to the syscall (bufsz of the kernel segment). */
  kernelLen: bigint;
  initrdLen?: bigint;
  /** Packed DTB size the kernel will build (fdt_totalsize after fdt_pack), when no devicetree is given. */
  dtbLen: bigint;
  /** Builds the devicetree as the kernel does at this point of the load (then its size is the dtb's bufsz). */
  buildDtb?: (ctx: DtbContext) => KexecFdtResult;
  crash: boolean;
  pageSize: bigint;
  version: KernelVersion;
  /** CPUs (num_possible_cpus) for the ELF core header size. */
  cpus: number;
  /** 6.17+: default CMA area, used unless KEXEC_FILE_NO_CMA. */
  cma?: Cma;
  noCma?: boolean;
}

export interface LoadResult {
  segments: Segment[];
  /** image->start: where the CPU jumps (kernel segment mem after text_offset). */
  entry?: bigint;
  errno?: number;
  error?: string;
  /** Lines for the "why" of the whole load (retry loop, walk mode). */
  trace: string[];
  notes: string[];
  /** The devicetree the kernel built for the placed dtb segment (when one was given). */
  dtb?: KexecFdtResult;
}

/** kexec_walk_memblock(): the crash region alone for a crash image, else the free memblock ranges. */
export function memblockWalk(map: MemoryMap, crash: boolean): Walk {
  if (crash) {
    const c = map.crashRegion as MemRegion;
    return { label: 'crashk_res', ranges: () => [c] };
  }
  const free = freeRanges(map);
  const reversed = [...free].reverse();
  return { label: 'free memblock', ranges: (topDown) => (topDown ? reversed : free) };
}

/**
 * Size of the ELF core header crash_prepare_elf64_headers() builds (kernel/crash_core.c):
 * Ehdr + (cpus + 1 vmcoreinfo + ranges + 1 kernel text) Phdrs, aligned to ELF_CORE_HEADER_ALIGN
 * (4096). Ranges = memblock memory (for_each_mem_range) minus crashk_res (prepare_elf_headers).
 */
export function elfHeaderSize(map: MemoryMap, cpus: number): bigint {
  const c = map.crashRegion;
  let ranges = 0;
  for (const m of usableMemory(map)) {
    if (!c || c.end < m.start || c.start > m.end) ranges++;
    else ranges += (c.start > m.start ? 1 : 0) + (c.end < m.end ? 1 : 0);
  }
  const phdrs = BigInt(cpus + 1 + ranges + 1);
  return ((64n + 56n * phdrs + 4095n) / 4096n) * 4096n;
}

export function arm64Load(inp: Arm64LoadInput): LoadResult {
  const trace: string[] = [];
  const notes: string[] = [];
  if (inp.imageSize === 0n) {
    return { segments: [], trace, notes, errno: EINVAL, error: 'EINVAL: image_size is 0 (a pre-3.17 Image); image_load() refuses it' };
  }
  if (inp.crash && !inp.memory.crashRegion) {
    // kexec_file_load with KEXEC_FILE_ON_CRASH and no crashkernel= reservation: kimage_file_alloc_init fails.
    return { segments: [], trace, notes, errno: EINVAL, error: 'no crash kernel region (crashkernel= not reserved): a crash load cannot be placed' };
  }
  const cma = !inp.crash && !inp.noCma && inp.cma && atLeast(inp.version, 6, 17) ? inp.cma : undefined;
  const img = new KImage(inp.pageSize, memblockWalk(inp.memory, inp.crash), cma);
  if (inp.crash) trace.push(`crash load: every buffer goes inside crashk_res ${hex(inp.memory.crashRegion!.start)}..${hex(inp.memory.crashRegion!.end)} (kexec_walk_memblock)`);
  else trace.push('normal load: holes are searched in free memblock ranges (memblock.memory minus memblock.reserved, NOMAP skipped) — arm64 selects ARCH_KEEP_MEMBLOCK');
  const retry = atLeast(inp.version, 5, 10);
  let dtb: KexecFdtResult | undefined;

  // image_load(): memsz = image_size + text_offset, 2 MiB aligned, bottom-up from 0.
  const kbuf = { role: 'kernel', bufsz: inp.kernelLen, memsz: inp.imageSize + inp.textOffset, bufAlign: SZ_2M, bufMin: 0n, bufMax: ULONG_MAX, topDown: false };
  for (let attempt = 1; ; attempt++) {
    const r = img.add(kbuf);
    if ('errno' in r) {
      trace.push(`kernel attempt ${attempt}: no 2 MiB-aligned hole${attempt > 1 ? ' above the previous one' : ''}`);
      trace.push(...r.why);
      return { segments: img.segments, trace, notes, errno: r.errno, error: 'EADDRNOTAVAIL: Could not find any suitable kernel location' };
    }
    const kseg = r.segment;
    const before = img.segments.length;
    const other = loadOtherSegments(img, kseg.mem, kseg.memsz, inp);
    if (other.dtb) dtb = other.dtb;
    if (!other.errno) {
      trace.push(`kernel attempt ${attempt}: ${hex(kseg.mem)} — the other segments fit`);
      break;
    }
    img.truncate(before - 1); // load_other_segments' out_err, then image_load drops the kernel segment
    trace.push(`kernel attempt ${attempt}: ${hex(kseg.mem)} — ${other.role} could not be placed (${other.reason}); ${retry ? 'retry above it' : 'no retry loop before 5.10: the load fails'}`);
    if (other.role === 'dtb' && other.errno === EINVAL) {
      // The devicetree fails the same way at every kernel position: the retry loop walks every
      // hole, and userspace sees the last kexec_add_buffer() error, not the dtb's.
      const why = `Preparing for new dtb failed — ${other.reason}`;
      return retry
        ? { segments: [], trace, notes, errno: 99, error: `EADDRNOTAVAIL: ${why}; image_load()'s retry loop then tries every other kernel position, fails the same way, and returns the last kexec_add_buffer() error`, ...(dtb ? { dtb } : {}) }
        : { segments: [], trace, notes, errno: EINVAL, error: `EINVAL: ${why}`, ...(dtb ? { dtb } : {}) };
    }
    if (!retry) return { segments: img.segments, trace, notes, errno: other.errno, error: `EADDRNOTAVAIL: ${other.role} could not be placed` };
    // the retry loop (108aa503657e, 5.10): next hole above this kernel position
    kbuf.bufMin = kseg.mem + kseg.memsz;
    kbuf.memsz = kseg.memsz;
  }
  // image_load(): the segment is reported after text_offset.
  const k = img.segments.find((s) => s.role === 'kernel') as Segment;
  if (inp.textOffset) {
    k.mem += inp.textOffset;
    k.memsz -= inp.textOffset;
    k.why.push(`text_offset ${hex(inp.textOffset)}: segment starts at base + text_offset`);
  }
  if (cma) notes.push('CMA placement (6.17+) is modelled from the code as read; whether kexec_alloc_contig honours buf_min/buf_max is unverified (domain notes §3.6).');
  return { segments: img.segments, entry: k.mem, trace, notes, ...(dtb ? { dtb } : {}) };
}

/** load_other_segments(): elfcorehdr (crash), initrd, dtb — all above the kernel. */
function loadOtherSegments(img: KImage, kernelMem: bigint, kernelSize: bigint, inp: Arm64LoadInput): { errno?: number; role?: string; reason?: string; dtb?: KexecFdtResult } {
  const bufMin = kernelMem + kernelSize; // "not allocate anything below the kernel"
  const ctx: DtbContext = {};
  if (inp.crash) {
    const sz = elfHeaderSize(inp.memory, inp.cpus);
    const r = img.add({ role: 'elfcorehdr', bufsz: sz, memsz: sz, bufAlign: SZ_64K, bufMin, bufMax: ULONG_MAX, topDown: true });
    if ('errno' in r) return { errno: r.errno, role: 'elfcorehdr', reason: r.why[r.why.length - 1] };
    ctx.crash = { elfAddr: r.segment.mem, elfSize: sz, crashk: inp.memory.crashRegion as MemRegion };
  }
  if (inp.initrdLen !== undefined && inp.initrdLen > 0n) {
    // "within 1GB-aligned window of up to 32GB in size"
    const bufMax = (kernelMem / SZ_1G) * SZ_1G + 32n * SZ_1G;
    const r = img.add({ role: 'initrd', bufsz: inp.initrdLen, memsz: inp.initrdLen, bufAlign: 0n, bufMin, bufMax, topDown: false });
    if ('errno' in r) return { errno: r.errno, role: 'initrd', reason: `not within ${hex(bufMin)}..${hex(bufMax)} (32 GiB window above the kernel)` };
    ctx.initrd = { addr: r.segment.mem, len: inp.initrdLen };
  }
  // of_kexec_alloc_and_setup_fdt() records the initrd (and the crash ranges) in /chosen, then
  // fdt_pack(): that packed size is the segment's bufsz. Without a devicetree the size is an input.
  const dtb = inp.buildDtb?.(ctx);
  if (dtb && !dtb.dtb) return { errno: EINVAL, role: 'dtb', reason: dtb.error ?? 'the devicetree could not be built', dtb };
  const len = dtb?.dtb ? BigInt(dtb.dtb.length) : inp.dtbLen;
  const r = img.add({ role: 'dtb', bufsz: len, memsz: len, bufAlign: SZ_2M, bufMin, bufMax: ULONG_MAX, topDown: true });
  if ('errno' in r) return { errno: r.errno, role: 'dtb', reason: r.why[r.why.length - 1], ...(dtb ? { dtb } : {}) };
  if (dtb) r.segment.why.push(`bufsz ${hex(len)}: the devicetree of_kexec_alloc_and_setup_fdt() built from the given one, after fdt_pack()`);
  return dtb ? { dtb } : {};
}
