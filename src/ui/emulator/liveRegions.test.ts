import { describe, expect, it } from 'vitest';
import { liveRegions } from './liveRegions';

describe('liveRegions', () => {
  it('replays allocations and frees: a free cuts the slack out of an aligned allocation (alignedmem.c)', () => {
    const r = liveRegions([
      { op: 'allocate', start: 0x7edf1000n, pages: 0x20fn, type: 2, by: 'AllocatePages' },
      { op: 'free', start: 0x7edf1000n, pages: 0xfn, type: 2, by: 'FreePages' },
      { op: 'allocate', start: 0x40200000n, pages: 0x450n, type: 1, by: 'AllocatePages' },
    ]);
    expect(r.map((x) => [x.start, x.end, x.type])).toEqual([
      [0x40200000n, 0x40650000n, 1],
      [0x7ee00000n, 0x7f000000n, 2],
    ]);
  });
});
