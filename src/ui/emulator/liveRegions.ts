// The allocations of a run replayed in order into what is allocated now, for the map: each
// `allocate` adds a region, each `free` cuts its range out of whatever it overlaps.
import type { AllocationEvent } from '../../core/emulator/uefi/memoryMap';

export interface LiveRegion {
  start: bigint;
  end: bigint;
  type: number;
  by: string;
  seq: number;
}

export function liveRegions(events: readonly AllocationEvent[]): LiveRegion[] {
  let out: LiveRegion[] = [];
  events.forEach((e, seq) => {
    const start = e.start;
    const end = e.start + e.pages * 0x1000n;
    if (e.op === 'allocate') {
      out.push({ start, end, type: e.type, by: e.by, seq });
      return;
    }
    const next: LiveRegion[] = [];
    for (const r of out) {
      if (r.end <= start || r.start >= end) next.push(r);
      else {
        if (r.start < start) next.push({ ...r, end: start });
        if (r.end > end) next.push({ ...r, start: end });
      }
    }
    out = next;
  });
  return out.sort((a, b) => (a.start < b.start ? -1 : 1));
}
