// kexec_add_buffer() and the hole search, as kernel/kexec_file.c does them (6.12; CMA from
// 6.17): memsz rounded up to PAGE_SIZE, buf_align raised to PAGE_SIZE, then
// locate_mem_hole_{bottom_up,top_down} over each walked range until one fits. Every candidate
// range is recorded with why it was rejected, so the UI can say "why here".
// Domain notes §3.2.
import { hex } from '../bytes/hex';
import type { MemRegion } from './memoryText';

export interface Segment {
  role: string;
  mem: bigint;
  memsz: bigint;
  bufsz: bigint;
  align: bigint;
  /** Placed in a CMA area (6.17+): loaded in place, no copy at reboot. */
  cma?: boolean;
  why: string[];
}

export interface KexecBuf {
  role: string;
  bufsz: bigint;
  memsz: bigint;
  bufAlign: bigint;
  bufMin: bigint;
  bufMax: bigint;
  topDown: boolean;
}

export const ULONG_MAX = (1n << 64n) - 1n;
export const EADDRNOTAVAIL = 99;

const alignUp = (v: bigint, a: bigint) => ((v + a - 1n) / a) * a;
const alignDown = (v: bigint, a: bigint) => (v / a) * a;

export interface Walk {
  /** The ranges kexec_walk_memblock() (or the crash region) hands to the callback, in order. */
  ranges(topDown: boolean): MemRegion[];
  label: string;
}

export interface Cma {
  start: bigint;
  end: bigint;
}

/** The kimage being built: its segments and the parameters every kexec_add_buffer shares. */
export class KImage {
  readonly segments: Segment[] = [];
  constructor(
    readonly pageSize: bigint,
    readonly walk: Walk,
    /** 6.17+ CMA area tried first for non-crash images unless KEXEC_FILE_NO_CMA. */
    readonly cma?: Cma,
  ) {}

  /** kimage_is_destination_range(): the first existing segment [mem, mem+memsz-1] overlapping [s, e]. */
  overlapping(s: bigint, e: bigint): Segment | undefined {
    return this.segments.find((seg) => e >= seg.mem && s <= seg.mem + seg.memsz - 1n);
  }

  /** kexec_add_buffer(); returns the segment or the errno with the trace. */
  add(kbuf: KexecBuf): { segment: Segment } | { errno: number; why: string[] } {
    const memsz = alignUp(kbuf.memsz, this.pageSize);
    const align = kbuf.bufAlign > this.pageSize ? kbuf.bufAlign : this.pageSize;
    const why: string[] = [
      `memsz ${hex(kbuf.memsz)} → ${hex(memsz)} (ALIGN to PAGE_SIZE ${hex(this.pageSize)}), buf_align ${hex(align)}, ` +
        `${kbuf.topDown ? 'top-down' : 'bottom-up'}, buf_min ${hex(kbuf.bufMin)}, buf_max ${kbuf.bufMax === ULONG_MAX ? 'ULONG_MAX' : hex(kbuf.bufMax)}`,
    ];
    const k = { ...kbuf, memsz, bufAlign: align };
    const cmaMem = this.tryCma(k, why);
    const mem = cmaMem ?? this.locate(k, why);
    if (mem === undefined) {
      why.push(`no range fits: -EADDRNOTAVAIL`);
      return { errno: EADDRNOTAVAIL, why };
    }
    const segment: Segment = { role: kbuf.role, mem, memsz, bufsz: kbuf.bufsz, align, why };
    if (cmaMem !== undefined) segment.cma = true;
    this.segments.push(segment);
    return { segment };
  }

  private tryCma(k: KexecBuf, why: string[]): bigint | undefined {
    if (!this.cma) return undefined;
    // kexec_alloc_contig(): dma_alloc_from_contiguous(NULL, pages, get_order(buf_align)),
    // whose alignment is capped at CONFIG_CMA_ALIGNMENT (2^8 pages); first fit in the area.
    const cap = this.pageSize << 8n;
    const align = k.bufAlign < cap ? k.bufAlign : cap;
    let s = alignUp(this.cma.start, align);
    for (;;) {
      const e = s + k.memsz - 1n;
      if (e > this.cma.end) {
        why.push(`CMA area ${hex(this.cma.start)}..${hex(this.cma.end)}: no room (kexec_alloc_contig → -ENOMEM), falling back to the memblock walk`);
        return undefined;
      }
      const seg = this.overlapping(s, e);
      if (!seg || !seg.cma) {
        if (seg) {
          why.push(`CMA allocation at ${hex(s)} overlaps ${seg.role}: released (-EBUSY), falling back`);
          return undefined;
        }
        why.push(`CMA area: allocated at ${hex(s)} (alignment ${hex(align)}; buf_min/buf_max/top_down are not applied on this path) [unverified: 6.17 code as read]`);
        return s;
      }
      s = alignUp(seg.mem + seg.memsz, align);
    }
  }

  /** kexec_locate_mem_hole() → the walk → locate_mem_hole_callback(). */
  private locate(k: KexecBuf, why: string[]): bigint | undefined {
    const ranges = this.walk.ranges(k.topDown);
    let skippedSmall = 0;
    for (const r of ranges) {
      const sz = r.end - r.start + 1n;
      if (sz < k.memsz) {
        skippedSmall++;
        continue;
      }
      const name = `${this.walk.label} ${hex(r.start)}..${hex(r.end)}`;
      if (r.end < k.bufMin) {
        why.push(`${name}: ends below buf_min`);
        continue;
      }
      if (r.start > k.bufMax) {
        why.push(`${name}: starts above buf_max`);
        continue;
      }
      const mem = k.topDown ? this.topDown(r, k, name, why) : this.bottomUp(r, k, name, why);
      if (mem !== undefined) {
        if (skippedSmall) why.splice(1, 0, `${skippedSmall} smaller range(s) skipped (size < memsz)`);
        return mem;
      }
    }
    if (skippedSmall) why.push(`${skippedSmall} range(s) smaller than memsz`);
    return undefined;
  }

  /** locate_mem_hole_bottom_up(); an overlap steps one page and re-aligns, which amounts to the next aligned address past the segment. */
  private bottomUp(r: MemRegion, k: KexecBuf, name: string, why: string[]): bigint | undefined {
    let s = r.start > k.bufMin ? r.start : k.bufMin;
    for (;;) {
      s = alignUp(s, k.bufAlign);
      const e = s + k.memsz - 1n;
      if (e > r.end || e > k.bufMax) {
        why.push(`${name}: ${e > k.bufMax ? `end ${hex(e)} would pass buf_max` : `${hex(s)} + memsz runs past the range end`}`);
        return undefined;
      }
      const seg = this.overlapping(s, e);
      if (seg) {
        why.push(`${name}: ${hex(s)} overlaps ${seg.role} ${hex(seg.mem)}..${hex(seg.mem + seg.memsz - 1n)}, trying above it`);
        s = seg.mem + seg.memsz;
        continue;
      }
      why.push(`${name}: placed at ${hex(s)} (lowest ${hex(k.bufAlign)}-aligned address that fits)`);
      return s;
    }
  }

  /** locate_mem_hole_top_down(). */
  private topDown(r: MemRegion, k: KexecBuf, name: string, why: string[]): bigint | undefined {
    const top = r.end < k.bufMax ? r.end : k.bufMax;
    let s = top - k.memsz + 1n;
    for (;;) {
      s = alignDown(s, k.bufAlign);
      if (s < r.start || s < k.bufMin) {
        why.push(`${name}: the highest ${hex(k.bufAlign)}-aligned start ${s < 0n ? '(none)' : hex(s)} falls below ${s < r.start ? 'the range start' : 'buf_min'}`);
        return undefined;
      }
      const e = s + k.memsz - 1n;
      const seg = this.overlapping(s, e);
      if (seg) {
        why.push(`${name}: ${hex(s)} overlaps ${seg.role} ${hex(seg.mem)}..${hex(seg.mem + seg.memsz - 1n)}, trying below it`);
        s = seg.mem - k.memsz;
        continue;
      }
      why.push(`${name}: placed at ${hex(s)} (highest ${hex(k.bufAlign)}-aligned address that fits)`);
      return s;
    }
  }

  /** Undo the last n segments (load_other_segments' out_err, the retry loop). */
  truncate(n: number): void {
    this.segments.length = n;
  }
}
