// The memory map drawn with d3: RAM, reservations, the placed segments, on a broken address axis
// (piecewiseScale) with zoom and pan (d3-zoom). Hover or focus a segment to see its numbers and
// the why-trace of its placement. The segments table beside it is the text equivalent.
import { select } from 'd3-selection';
import { type ZoomTransform, zoom, zoomIdentity } from 'd3-zoom';
import { useEffect, useMemo, useRef, useState } from 'react';
import { hex, humanSize } from '../../core/bytes/hex';
import type { Layout } from '../../core/kexec/layout';
import type { MemoryMap as Mem } from '../../core/kexec/memoryMap';
import type { Segment } from '../../core/kexec/placement';
import { segmentColor } from './colors';
import { piecewiseScale } from './piecewiseScale';

const W = 1000;
const ROWS = { ram: 30, reserved: 62, segments: 96, sub: 130 };
const H = 170;

export type Liveness = 'live' | 'writing' | 'dead' | 'idle';

interface Props {
  memory: Mem;
  layout?: Layout;
  selected?: string;
  onSelect: (role: string | undefined) => void;
  /** Per-role colouring for the stepper (live / being written / dead). */
  liveness?: Record<string, Liveness>;
  title?: string;
}

export function MemoryMap({ memory, layout, selected, onSelect, liveness, title = 'Physical memory map' }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [t, setT] = useState<ZoomTransform>(zoomIdentity);
  const [hover, setHover] = useState<Segment | undefined>();
  const segments = useMemo(() => layout?.segments ?? [], [layout]);

  const scale = useMemo(() => {
    const pts: bigint[] = [];
    for (const m of memory.memory) pts.push(m.start, m.end + 1n);
    for (const s of segments) pts.push(s.mem, s.mem + s.memsz);
    if (memory.crashRegion) pts.push(memory.crashRegion.start, memory.crashRegion.end + 1n);
    // the larger reservations shape the map too; tiny ones would only add clutter to the axis
    for (const r of memory.reserved) if (r.end - r.start >= 0x100000n) pts.push(r.start, r.end + 1n);
    return piecewiseScale(pts, W);
  }, [memory, segments]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, 2000])
      .translateExtent([[0, 0], [W, H]])
      .extent([[0, 0], [W, H]])
      .filter((ev: Event) => ev.type !== 'dblclick')
      .on('zoom', (ev: { transform: ZoomTransform }) => setT(ev.transform));
    select(svg).call(z);
    return () => {
      select(svg).on('.zoom', null);
    };
  }, []);

  const x = (a: bigint) => t.applyX(scale(a));
  const band = (start: bigint, endInclusive: bigint) => {
    const x0 = x(start);
    const x1 = x(endInclusive + 1n);
    return { x: x0, width: Math.max(1.5, x1 - x0) };
  };

  // axis labels at key points, skipping those that would overlap
  const ticks: Array<{ x: number; label: string }> = [];
  let lastX = -Infinity;
  scale.keys.forEach((k) => {
    const px = x(k);
    if (px < -1 || px > W + 1 || px - lastX < 78) return;
    ticks.push({ x: px, label: hex(k) });
    lastX = px;
  });

  const desc = segments.map((s) => `${s.role} at ${hex(s.mem)}, ${hex(s.memsz)} bytes`).join('; ');
  return (
    <div className="memmap">
      {/* The picture is role="img" (title + description; the segments table is its text
          equivalent); the segments are focusable buttons beside it, not inside it, so no
          interactive element sits in an image. */}
      <svg ref={svgRef} viewBox={`0 0 ${W} ${H}`} role="group" aria-label={title} className="memmap-svg">
        <g role="img" aria-labelledby="memmap-title memmap-desc">
        <title id="memmap-title">{title}</title>
        <desc id="memmap-desc">{`${memory.label}. ${desc || 'No segments placed.'} Zoom with the wheel, drag to pan; the segments table lists the same data.`}</desc>
        <defs>
          <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="var(--map-nomap-bg)" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="var(--map-nomap)" strokeWidth="2" />
          </pattern>
        </defs>
        <text x={2} y={ROWS.ram - 6} className="rowlabel">memblock.memory</text>
        <text x={2} y={ROWS.reserved - 6} className="rowlabel">memblock.reserved</text>
        <text x={2} y={ROWS.segments - 6} className="rowlabel">kexec segments</text>
        {memory.memory.map((m, i) => (
          <rect key={`m${i}`} {...band(m.start, m.end)} y={ROWS.ram} height={14} fill={m.flags === 'NOMAP' ? 'url(#hatch)' : 'var(--map-ram)'} className="ram">
            <title>{`${m.flags ?? 'RAM'} ${hex(m.start)}..${hex(m.end)} (${humanSize(m.end - m.start + 1n)})`}</title>
          </rect>
        ))}
        {memory.reserved.map((r, i) => (
          <rect key={`r${i}`} {...band(r.start, r.end)} y={ROWS.reserved} height={14} fill="var(--map-reserved)">
            <title>{`reserved ${hex(r.start)}..${hex(r.end)} (${humanSize(r.end - r.start + 1n)})`}</title>
          </rect>
        ))}
        {memory.crashRegion && (
          <rect {...band(memory.crashRegion.start, memory.crashRegion.end)} y={ROWS.segments - 4} height={26} fill="none" stroke="var(--map-crash)" strokeDasharray="4 2" strokeWidth={1.5}>
            <title>{`crashk_res ${hex(memory.crashRegion.start)}..${hex(memory.crashRegion.end)}`}</title>
          </rect>
        )}
        </g>
        {segments.map((s) => {
          const b = band(s.mem, s.mem + s.memsz - 1n);
          const live = liveness?.[s.role] ?? 'idle';
          return (
            <g
              key={s.role}
              tabIndex={0}
              role="button"
              aria-label={`${s.role}: ${hex(s.mem)} to ${hex(s.mem + s.memsz - 1n)}, ${hex(s.memsz)} bytes`}
              data-role={s.role}
              className={`seg live-${live}${selected === s.role ? ' selected' : ''}`}
              onMouseEnter={() => setHover(s)}
              onMouseLeave={() => setHover(undefined)}
              onFocus={() => setHover(s)}
              onBlur={() => setHover(undefined)}
              onClick={() => onSelect(s.role)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') onSelect(s.role);
              }}
            >
              <rect {...b} y={ROWS.segments} height={18} fill={segmentColor(s.role)} />
              <text x={b.x} y={ROWS.segments + 32} className="seglabel">{s.role}</text>
            </g>
          );
        })}
        <g aria-hidden="true">
        {(layout?.subRegions ?? []).filter((r) => r.size > 0n).map((r) => (
          <rect key={r.role} {...band(r.start, r.start + r.size - 1n)} y={ROWS.sub} height={10} fill="var(--map-sub)">
            <title>{`${r.role}: ${hex(r.start)} +${hex(r.size)} — ${r.note}`}</title>
          </rect>
        ))}
        <g className="axis" transform={`translate(0, ${H - 14})`}>
          <line x1={0} x2={W} y1={0} y2={0} />
          {ticks.map((tk) => (
            <g key={tk.label} transform={`translate(${tk.x},0)`}>
              <line y1={-4} y2={0} />
              <text y={11} textAnchor="middle">{tk.label}</text>
            </g>
          ))}
        </g>
        </g>
      </svg>
      {hover && (
        <div className="maptip" role="tooltip">
          <strong>{hover.role}</strong> {hex(hover.mem)}..{hex(hover.mem + hover.memsz - 1n)} · memsz {hex(hover.memsz)} · bufsz {hex(hover.bufsz)} · align {hex(hover.align)}
          <div className="why">
            <em>why here:</em>
            <ul>
              {hover.why.slice(0, 8).map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <ul className="legend" aria-label="Legend">
        <li><span className="sw" style={{ background: 'var(--map-ram)' }} />RAM (memblock.memory)</li>
        <li><span className="sw hatch" />NOMAP (never used)</li>
        <li><span className="sw" style={{ background: 'var(--map-reserved)' }} />reserved at boot</li>
        {memory.crashRegion && <li><span className="sw dashed" />crashk_res</li>}
        {segments.map((s) => (
          <li key={s.role}><span className="sw" style={{ background: segmentColor(s.role) }} />{s.role}</li>
        ))}
        <li className="hint">wheel: zoom · drag: pan · Tab to a segment for its numbers</li>
      </ul>
    </div>
  );
}
