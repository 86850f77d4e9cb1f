// A broken (piecewise) address axis: the 64-bit physical address space with 16 KiB segments in
// it cannot be read on one linear scale. Every interesting boundary is a key point; each gap
// between key points gets a width that grows with the log of its length, so a 4 KiB DTB and
// 30 GiB of free RAM are both visible. Within a gap the mapping is linear. `linear` gives every
// gap its true share instead (to scale; small buffers then draw at the map's minimum width).
export interface PiecewiseScale {
  (addr: bigint): number;
  keys: bigint[];
  positions: number[];
  width: number;
  invert(x: number): bigint;
}

export function piecewiseScale(points: bigint[], width: number, linear = false): PiecewiseScale {
  const keys = [...new Set(points.map((p) => p.toString()))].map((s) => BigInt(s)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length < 2) keys.push((keys[0] ?? 0n) + 1n);
  const weights = keys.slice(1).map((k, i) => {
    const gap = Number(k - (keys[i] as bigint));
    return linear ? gap : 1 + Math.log2(1 + gap / 4096);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const positions = [0];
  for (const w of weights) positions.push((positions[positions.length - 1] as number) + (w / total) * width);
  const find = (addr: bigint) => {
    let lo = 0;
    let hi = keys.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] as bigint) <= addr) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const scale = ((addr: bigint) => {
    if (addr <= (keys[0] as bigint)) return 0;
    if (addr >= (keys[keys.length - 1] as bigint)) return width;
    const i = find(addr);
    const k0 = keys[i] as bigint;
    const k1 = keys[i + 1] as bigint;
    const p0 = positions[i] as number;
    return p0 + ((positions[i + 1] as number) - p0) * (Number(addr - k0) / Number(k1 - k0));
  }) as PiecewiseScale;
  scale.keys = keys;
  scale.positions = positions;
  scale.width = width;
  scale.invert = (x: number) => {
    let i = 0;
    while (i < positions.length - 2 && (positions[i + 1] as number) < x) i++;
    const k0 = keys[i] as bigint;
    const k1 = keys[i + 1] as bigint;
    const p0 = positions[i] as number;
    const f = Math.min(1, Math.max(0, (x - p0) / Math.max(1e-9, (positions[i + 1] as number) - p0)));
    return k0 + BigInt(Math.round(Number(k1 - k0) * f));
  };
  return scale;
}
