// The firmware's memory map and page allocator: AllocatePages / FreePages / GetMemoryMap of
// UEFI 2.10 §7.2, with EDK2's allocation policy (MdeModulePkg/Core/Dxe/Mem/Page.c): AnyPages and
// MaxAddress take the *highest* free range that fits (CoreFindFreePagesI searches top-down),
// Address takes exactly the range asked for, and every change of the map changes the map key
// (ExitBootServices refuses a stale key, §7.4). Pure: no guest memory is touched here.
import {
  EFI_INVALID_PARAMETER, EFI_MEMORY_CACHEABILITY, EFI_MEMORY_RUNTIME, EFI_NOT_FOUND, EFI_OUT_OF_RESOURCES,
  EFI_PAGE_SIZE, EFI_SUCCESS, MT, U64,
} from './types';

export interface MemoryDescriptor {
  type: number;
  start: bigint;
  pages: bigint;
  attribute: bigint;
}

/** UEFI 2.10 §7.2.1 EFI_ALLOCATE_TYPE. */
export const ALLOCATE_TYPES = ['AllocateAnyPages', 'AllocateMaxAddress', 'AllocateAddress'] as const;

export interface AllocationEvent {
  op: 'allocate' | 'free';
  start: bigint;
  pages: bigint;
  type: number;
  /** Who asked: a service name, or the firmware itself ("firmware: …"). */
  by: string;
}

function attributesFor(type: number): bigint {
  return type === MT.RuntimeServicesCode || type === MT.RuntimeServicesData ? EFI_MEMORY_CACHEABILITY | EFI_MEMORY_RUNTIME : EFI_MEMORY_CACHEABILITY;
}

export class MemoryMap {
  /** Sorted by start, non-overlapping, adjacent entries of equal type and attribute merged. */
  private entries: MemoryDescriptor[];
  /** Bumped on every change; GetMemoryMap hands it out, ExitBootServices checks it. */
  key = 1n;
  readonly events: AllocationEvent[] = [];
  onEvent?: (e: AllocationEvent) => void;

  constructor(ram: { base: bigint; size: bigint }[]) {
    this.entries = ram
      .map((r) => {
        // Only whole pages are memory the allocator can hand out.
        const start = (r.base + EFI_PAGE_SIZE - 1n) & ~(EFI_PAGE_SIZE - 1n);
        const end = (r.base + r.size) & ~(EFI_PAGE_SIZE - 1n);
        return { type: MT.ConventionalMemory, start, pages: (end - start) / EFI_PAGE_SIZE, attribute: EFI_MEMORY_CACHEABILITY };
      })
      .filter((e) => e.pages > 0n)
      .sort((a, b) => (a.start < b.start ? -1 : 1));
  }

  descriptors(): readonly MemoryDescriptor[] {
    return this.entries;
  }

  /** Total pages of a type (or of all non-free types when omitted). */
  pagesOf(type?: number): bigint {
    let n = 0n;
    for (const e of this.entries) if (type === undefined ? e.type !== MT.ConventionalMemory : e.type === type) n += e.pages;
    return n;
  }

  typeAt(addr: bigint): number | undefined {
    const e = this.entries.find((d) => addr >= d.start && addr < d.start + d.pages * EFI_PAGE_SIZE);
    return e?.type;
  }

  /**
   * AllocatePages (UEFI 2.10 §7.2.1). `align` is the allocation granularity: 4 KiB for the
   * stub's requests (EDK2 uses 64 KiB only for runtime types on AArch64).
   */
  allocate(allocType: number, type: number, pages: bigint, address: bigint, by: string, align = EFI_PAGE_SIZE): { status: bigint; address?: bigint } {
    if (allocType < 0 || allocType > 2) return { status: EFI_INVALID_PARAMETER };
    // §7.2.1: ConventionalMemory, PersistentMemory and the reserved range up to 0x6FFFFFFF are invalid.
    if (type === MT.ConventionalMemory || type === MT.PersistentMemory || (type > MT.PersistentMemory && type < 0x70000000)) {
      return { status: EFI_INVALID_PARAMETER };
    }
    if (pages <= 0n || pages > U64 / EFI_PAGE_SIZE) return { status: pages <= 0n ? EFI_INVALID_PARAMETER : EFI_OUT_OF_RESOURCES };
    const size = pages * EFI_PAGE_SIZE;
    let start: bigint | undefined;
    if (allocType === 2) {
      if (address & (EFI_PAGE_SIZE - 1n)) return { status: EFI_INVALID_PARAMETER };
      if (!this.isFree(address, size)) return { status: EFI_NOT_FOUND };
      start = address;
    } else {
      // AllocateMaxAddress: the last byte must not exceed *Memory (§7.2.1); AnyPages: no limit.
      const maxEnd = allocType === 1 ? address + 1n : 1n << 64n;
      for (let i = this.entries.length - 1; i >= 0 && start === undefined; i--) {
        const e = this.entries[i] as MemoryDescriptor;
        if (e.type !== MT.ConventionalMemory) continue;
        const end = e.start + e.pages * EFI_PAGE_SIZE;
        const top = end < maxEnd ? end : maxEnd;
        if (top < size) continue;
        const s = (top - size) & ~(align - 1n);
        if (s >= e.start) start = s;
      }
      if (start === undefined) return { status: EFI_OUT_OF_RESOURCES };
    }
    this.setType(start, pages, type);
    this.log({ op: 'allocate', start, pages, type, by });
    return { status: EFI_SUCCESS, address: start };
  }

  /** FreePages (§7.2.2): every page must be allocated; NOT_FOUND otherwise. */
  free(start: bigint, pages: bigint, by: string): bigint {
    if (start & (EFI_PAGE_SIZE - 1n)) return EFI_INVALID_PARAMETER;
    if (pages <= 0n) return EFI_INVALID_PARAMETER;
    const size = pages * EFI_PAGE_SIZE;
    let covered = 0n;
    let type = -1;
    for (const e of this.entries) {
      const eEnd = e.start + e.pages * EFI_PAGE_SIZE;
      const lo = e.start > start ? e.start : start;
      const hi = eEnd < start + size ? eEnd : start + size;
      if (hi <= lo) continue;
      if (e.type === MT.ConventionalMemory) return EFI_NOT_FOUND;
      type = e.type;
      covered += hi - lo;
    }
    if (covered !== size) return EFI_NOT_FOUND;
    this.setType(start, pages, MT.ConventionalMemory);
    this.log({ op: 'free', start, pages, type, by });
    return EFI_SUCCESS;
  }

  isFree(start: bigint, size: bigint): boolean {
    let covered = 0n;
    for (const e of this.entries) {
      if (e.type !== MT.ConventionalMemory) continue;
      const eEnd = e.start + e.pages * EFI_PAGE_SIZE;
      const lo = e.start > start ? e.start : start;
      const hi = eEnd < start + size ? eEnd : start + size;
      if (hi > lo) covered += hi - lo;
    }
    return covered === size;
  }

  private log(e: AllocationEvent): void {
    this.key++;
    this.events.push(e);
    this.onEvent?.(e);
  }

  /** Re-types [start, start+pages) (which lies inside RAM entries), splitting and merging. */
  private setType(start: bigint, pages: bigint, type: number): void {
    const end = start + pages * EFI_PAGE_SIZE;
    const out: MemoryDescriptor[] = [];
    for (const e of this.entries) {
      const eEnd = e.start + e.pages * EFI_PAGE_SIZE;
      if (eEnd <= start || e.start >= end) {
        out.push(e);
        continue;
      }
      if (e.start < start) out.push({ ...e, pages: (start - e.start) / EFI_PAGE_SIZE });
      const lo = e.start > start ? e.start : start;
      const hi = eEnd < end ? eEnd : end;
      out.push({ type, start: lo, pages: (hi - lo) / EFI_PAGE_SIZE, attribute: attributesFor(type) });
      if (eEnd > end) out.push({ ...e, start: end, pages: (eEnd - end) / EFI_PAGE_SIZE });
    }
    const merged: MemoryDescriptor[] = [];
    for (const e of out) {
      const last = merged[merged.length - 1];
      if (last && last.type === e.type && last.attribute === e.attribute && last.start + last.pages * EFI_PAGE_SIZE === e.start) {
        merged[merged.length - 1] = { ...last, pages: last.pages + e.pages };
      } else merged.push(e);
    }
    this.entries = merged;
  }
}
