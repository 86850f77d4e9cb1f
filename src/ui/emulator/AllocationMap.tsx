// The guest's RAM as a strip, allocations drawn as they happen (d3-scale positions, d3-axis
// ticks): colour is the EFI memory type, the newest allocation is outlined, hover says who
// asked. Its text equivalent is the list beside it.
import { axisBottom } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { memo, useEffect, useMemo, useRef } from 'react';
import { hex, humanSize } from '../../core/bytes/hex';
import type { AllocationEvent } from '../../core/emulator/uefi/memoryMap';
import { memoryTypeName } from '../../core/emulator/uefi/types';
import { liveRegions } from './liveRegions';

const COLORS: Record<string, string> = {
  LoaderCode: '#d62728', LoaderData: '#1f77b4', BootServicesCode: '#9467bd', BootServicesData: '#8c8cd9',
  RuntimeServicesCode: '#ff7f0e', RuntimeServicesData: '#ffbb78', ACPIReclaimMemory: '#2ca02c',
};

export const AllocationMap = memo(function AllocationMap({ events, ram }: { events: readonly AllocationEvent[]; ram: { base: bigint; size: bigint } }) {
  const W = 900;
  const regions = useMemo(() => liveRegions(events), [events]);
  const axisRef = useRef<SVGGElement>(null);
  const x = useMemo(() => scaleLinear().domain([Number(ram.base), Number(ram.base + ram.size)]).range([0, W]), [ram]);
  useEffect(() => {
    if (axisRef.current) select(axisRef.current).call(axisBottom(x).ticks(8).tickFormat((v) => hex(BigInt(Math.round(Number(v))))));
  }, [x]);
  const newest = events.length - 1;
  const types = [...new Set(regions.map((r) => memoryTypeName(r.type)))];
  return (
    <figure className="emu-map" data-testid="emu-map">
      <svg viewBox={`-10 0 ${W + 20} 70`} role="img" aria-label={`Guest RAM ${hex(ram.base)}–${hex(ram.base + ram.size)} with ${regions.length} allocated regions`}>
        <rect x={0} y={10} width={W} height={30} fill="var(--bg-subtle, #eee)" stroke="currentColor" strokeOpacity={0.3} />
        {regions.map((r) => {
          const t = memoryTypeName(r.type);
          const x0 = x(Number(r.start));
          const w = Math.max(1.5, x(Number(r.end)) - x0);
          return (
            <rect key={`${r.seq}-${r.start}`} data-testid="emu-region" x={x0} y={10} width={w} height={30} fill={COLORS[t] ?? '#7f7f7f'} stroke={r.seq === newest ? 'currentColor' : 'none'} strokeWidth={2}>
              <title>{`${t} ${hex(r.start)}–${hex(r.end)} (${humanSize(r.end - r.start)}), ${r.by}`}</title>
            </rect>
          );
        })}
        <g ref={axisRef} transform="translate(0,42)" />
      </svg>
      <figcaption>
        {types.map((t) => (
          <span key={t} className="emu-legend">
            <svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill={COLORS[t] ?? '#7f7f7f'} /></svg> {t}{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
});
