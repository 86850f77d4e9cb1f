// The memory kexec_file_load searches on arm64. arm64 selects ARCH_KEEP_MEMBLOCK, so
// kexec_walk_memblock() walks for_each_free_mem_range(): memblock.memory minus
// memblock.reserved, skipping NOMAP (and hotplug / driver-managed) regions
// (kernel/kexec_file.c, mm/memblock.c __next_mem_range / should_skip_region). Domain notes §3.2.
import { hex } from '../bytes/hex';
import {
  type IomemNode, type LineError, type MemRegion, crashRegionFromIomem, looksLikeIomem, looksLikeMemblock, parseIomem, parseMemblock,
} from './memoryText';

export interface MemoryMap {
  source: 'memblock' | 'iomem' | 'preset';
  label: string;
  memory: MemRegion[];
  reserved: MemRegion[];
  crashRegion?: MemRegion;
  /** Things the user must know about how this map was obtained. */
  notes: string[];
}

/** memblock keeps both arrays sorted and merged; a pasted listing may not be. */
export function normalize(regions: MemRegion[]): MemRegion[] {
  const sorted = [...regions].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: MemRegion[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1n && (last.flags ?? 'NONE') === (r.flags ?? 'NONE')) {
      if (r.end > last.end) last.end = r.end;
    } else out.push({ ...r });
  }
  return out;
}

/** Flags for_each_free_mem_range(…, MEMBLOCK_NONE, …) skips (should_skip_region). */
const SKIPPED = new Set(['NOMAP', 'DRIVER_MANAGED', 'HOTPLUG']);

export function usableMemory(map: MemoryMap): MemRegion[] {
  return map.memory.filter((m) => !SKIPPED.has(m.flags ?? 'NONE'));
}

/**
 * Free ranges, ascending, inclusive ends: each usable memory region intersected with the gaps
 * between reserved regions, byte-exact as __next_mem_range yields them (no page rounding).
 */
export function freeRanges(map: MemoryMap): MemRegion[] {
  const res = map.reserved;
  const out: MemRegion[] = [];
  for (const m of usableMemory(map)) {
    // first reserved region ending at or after m.start (both arrays are sorted)
    let lo = 0;
    let hi = res.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((res[mid] as MemRegion).end < m.start) lo = mid + 1;
      else hi = mid;
    }
    let gapStart = lo > 0 ? (res[lo - 1] as MemRegion).end + 1n : 0n;
    for (let i = lo; i <= res.length; i++) {
      const r = res[i];
      const gapEnd = r ? r.start - 1n : (1n << 64n) - 1n;
      const s = m.start > gapStart ? m.start : gapStart;
      const e = m.end < gapEnd ? m.end : gapEnd;
      if (s <= e) out.push({ start: s, end: e });
      if (r) gapStart = r.end + 1n;
      if (gapStart > m.end) break;
    }
  }
  return out;
}

export interface MemoryInputs {
  memoryText: string;
  reservedText?: string;
  iomemText?: string;
}

export function memoryFromText(inp: MemoryInputs): { map?: MemoryMap; errors: LineError[]; errorsIn?: string } {
  if (looksLikeMemblock(inp.memoryText)) {
    const mem = parseMemblock(inp.memoryText);
    if (mem.errors.length) return { errors: mem.errors, errorsIn: 'memblock memory' };
    const notes: string[] = [];
    let reserved: MemRegion[] = [];
    if (inp.reservedText?.trim()) {
      const r = parseMemblock(inp.reservedText);
      if (r.errors.length) return { errors: r.errors, errorsIn: 'memblock reserved' };
      reserved = r.regions;
    } else {
      notes.push('No memblock "reserved" listing given: every memory region is treated as free, which the real kernel never sees (its own image, DT and page tables are reserved).');
    }
    const map: MemoryMap = { source: 'memblock', label: 'pasted memblock listing', memory: normalize(mem.regions), reserved: normalize(reserved), notes };
    if (inp.iomemText?.trim()) {
      const io = parseIomem(inp.iomemText);
      if (io.errors.length) return { errors: io.errors, errorsIn: '/proc/iomem' };
      const c = crashRegionFromIomem(io.roots);
      if (c) map.crashRegion = c;
    }
    return { map, errors: [] };
  }
  if (looksLikeIomem(inp.memoryText)) {
    const io = parseIomem(inp.memoryText);
    if (io.errors.length) return { errors: io.errors, errorsIn: '/proc/iomem' };
    return { map: memoryFromIomem(io.roots), errors: [] };
  }
  return { errors: [{ line: 1, message: 'neither a debugfs memblock listing ("0: 0x…..0x… NONE") nor /proc/iomem ("40000000-7fffffff : System RAM")' }], errorsIn: 'memory' };
}

/**
 * An estimate from /proc/iomem: memory = "System RAM"; reserved = every range nested in it
 * (Kernel code/data, reserved, Crash kernel). iomem shows what was reserved at boot but not what
 * memblock has released since (e.g. the boot initrd), and hides memblock-only reservations.
 */
export function memoryFromIomem(roots: IomemNode[]): MemoryMap {
  const memory: MemRegion[] = [];
  const reserved: MemRegion[] = [];
  for (const r of roots) {
    if (r.name !== 'System RAM') continue;
    memory.push({ start: r.start, end: r.end, flags: 'NONE' });
    for (const c of r.children) reserved.push({ start: c.start, end: c.end, name: c.name });
  }
  const map: MemoryMap = {
    source: 'iomem',
    label: 'estimated from /proc/iomem',
    memory: normalize(memory),
    reserved: normalize(reserved.map((r) => ({ start: r.start, end: r.end }))),
    notes: [
      'Reservations are ESTIMATED from /proc/iomem: memory = "System RAM", reserved = every range nested in it. ' +
        'arm64 places into free memblock ranges (ARCH_KEEP_MEMBLOCK), which differ: memblock has already released ' +
        'the boot initrd, and reserves DT, page tables and per-CPU areas that iomem does not show. ' +
        'Paste /sys/kernel/debug/memblock/memory and …/reserved for exact results.',
    ],
  };
  const c = crashRegionFromIomem(roots);
  if (c) map.crashRegion = c;
  return map;
}

export function describeRegion(r: MemRegion): string {
  return `${hex(r.start)}..${hex(r.end)}`;
}
