// The memory map drawn with d3: RAM, reservations, the placed segments, on a broken address axis
// (piecewiseScale: gaps log-compressed, marked with break marks and "not to scale"; or linear,
// to scale) with zoom and pan (d3-zoom; wheel and drag, or + − 0 and ←/→ when focused, or the
// buttons). The SVG is drawn at its on-screen width in CSS pixels, so its text is 11–12 px at
// any window size. Hover or focus a segment: its numbers and why-trace show in the details box
// below, which keeps its place. The segments table beside it is the text equivalent.
import { select } from 'd3-selection';
import { type ZoomBehavior, type ZoomTransform, zoom, zoomIdentity } from 'd3-zoom';
import { type KeyboardEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import { hex, humanSize } from '../../core/bytes/hex';
import type { Layout } from '../../core/kexec/layout';
import type { MemoryMap as Mem } from '../../core/kexec/memoryMap';
import type { Segment } from '../../core/kexec/placement';
import { MapExport } from '../share/MapExport';
import { segmentColor } from './colors';
import { piecewiseScale } from './piecewiseScale';

const ROWS = { ram: 26, reserved: 58, segments: 92, sub: 146 };
const H = 184;
/** Narrowest a buffer is drawn (CSS px); its label carries its true size. */
const MIN_W = 3;
/** Approximate advance of an 11 px sans / mono character, for label placement. */
const CHAR = 6.7;
const MONO = 6.7;

export type Liveness = 'live' | 'writing' | 'dead' | 'idle';

interface Props {
  memory: Mem;
  layout?: Layout;
  selected?: string;
  onSelect: (role: string | undefined) => void;
  /** Per-role colouring for the stepper (live / being written / dead). */
  liveness?: Record<string, Liveness>;
  title?: string;
  /** Said in exports: where the memory listing came from, and the step when in the stepper. */
  exportCaption?: string;
}

/** Labels placed left to right on up to `rows` lines so none overlaps another, clamped inside [0, w]. */
function placeLabels<T>(items: Array<{ x: number; text: string; item: T }>, w: number, rows: number, char: number) {
  const ends = new Array<number>(rows).fill(-Infinity);
  return items
    .sort((a, b) => a.x - b.x)
    .map((it) => {
      const width = it.text.length * char;
      const x = Math.max(2, Math.min(w - width - 2, it.x));
      let row = ends.findIndex((e) => e + 6 <= x);
      if (row < 0) row = ends.indexOf(Math.min(...ends));
      ends[row] = x + width;
      return { ...it, x, row };
    });
}

export function MemoryMap({ memory, layout, selected, onSelect, liveness, title = 'Physical memory map', exportCaption }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | undefined>(undefined);
  const [W, setW] = useState(800);
  const [t, setT] = useState<ZoomTransform>(zoomIdentity);
  const [hover, setHover] = useState<Segment | undefined>();
  const [linear, setLinear] = useState(false);
  const [measuring, setMeasuring] = useState(false);
  const [marks, setMarks] = useState<bigint[]>([]);
  const segments = useMemo(() => layout?.segments ?? [], [layout]);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setW(Math.max(320, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const scale = useMemo(() => {
    const pts: bigint[] = [];
    for (const m of memory.memory) pts.push(m.start, m.end + 1n);
    for (const s of segments) pts.push(s.mem, s.mem + s.memsz);
    if (memory.crashRegion) pts.push(memory.crashRegion.start, memory.crashRegion.end + 1n);
    // the larger reservations shape the map too; tiny ones would only add clutter to the axis
    for (const r of memory.reserved) if (r.end - r.start >= 0x100000n) pts.push(r.start, r.end + 1n);
    return piecewiseScale(pts, W, linear);
  }, [memory, segments, W, linear]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, 4096])
      .translateExtent([[0, 0], [W, H]])
      .extent([[0, 0], [W, H]])
      .filter((ev: Event) => ev.type !== 'dblclick')
      .on('zoom', (ev: { transform: ZoomTransform }) => setT(ev.transform));
    zoomRef.current = z;
    select(svg).call(z).call(z.transform, zoomIdentity);
    return () => {
      select(svg).on('.zoom', null);
    };
  }, [W]);

  const zoomBy = (k: number) => {
    const svg = svgRef.current;
    if (svg && zoomRef.current) select(svg).call(zoomRef.current.scaleBy, k);
  };
  const panBy = (px: number) => {
    const svg = svgRef.current;
    if (svg && zoomRef.current) select(svg).call(zoomRef.current.translateBy, px / t.k, 0);
  };
  const reset = () => {
    const svg = svgRef.current;
    if (svg && zoomRef.current) select(svg).call(zoomRef.current.transform, zoomIdentity);
  };
  const onKey = (e: KeyboardEvent<SVGSVGElement>) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === '+' || e.key === '=') zoomBy(1.5);
    else if (e.key === '-' || e.key === '_') zoomBy(1 / 1.5);
    else if (e.key === '0') reset();
    else if (e.key === 'ArrowLeft') panBy(W / 8);
    else if (e.key === 'ArrowRight') panBy(-W / 8);
    else return;
    e.preventDefault();
    e.stopPropagation(); // the stepper's ←/→ and the view keys must not fire too
  };
  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    if (!measuring) return;
    const box = e.currentTarget.getBoundingClientRect();
    const a = scale.invert(t.invertX(e.clientX - box.left));
    setMarks((m) => (m.length >= 2 ? [a] : [...m, a]));
  };

  const x = (a: bigint) => t.applyX(scale(a));
  const band = (start: bigint, endInclusive: bigint) => {
    const x0 = x(start);
    const x1 = x(endInclusive + 1n);
    return { x: x0, width: Math.max(MIN_W, x1 - x0) };
  };
  // reservations narrower than 2 px are ticks of their own, not one merged bar
  const reservedBand = (start: bigint, endInclusive: bigint) => {
    const b = band(start, endInclusive);
    return x(endInclusive + 1n) - x(start) < 2 ? { x: b.x, width: 1 } : b;
  };

  // axis labels at key points, skipping those that would overlap; the end ones clamped inside
  const ticks: Array<{ x: number; label: string; anchor: 'start' | 'middle' | 'end' }> = [];
  let lastRight = -Infinity;
  scale.keys.forEach((k) => {
    const px = x(k);
    const label = hex(k);
    const w = label.length * MONO;
    if (px < -1 || px > W + 1) return;
    const anchor = px < w / 2 + 2 ? 'start' : px > W - w / 2 - 2 ? 'end' : 'middle';
    const left = anchor === 'start' ? px : anchor === 'end' ? px - w : px - w / 2;
    if (left < lastRight + 10) return;
    ticks.push({ x: px, label, anchor });
    lastRight = left + w;
  });
  // break marks where a gap is drawn compressed (every inner key point of the log scale)
  const breaks = linear ? [] : scale.keys.slice(1, -1).map(x).filter((px) => px > 4 && px < W - 4);

  const labels = placeLabels(
    segments.map((s) => ({ x: band(s.mem, s.mem + s.memsz - 1n).x, text: `${s.role} ${humanSize(s.memsz)}`, item: s })),
    W,
    2,
    CHAR,
  );
  const labelOf = new Map(labels.map((l) => [l.item.role, l]));

  const desc = segments.map((s) => `${s.role} at ${hex(s.mem)}, ${hex(s.memsz)} bytes`).join('; ');
  const caption = `${title} — ${memory.label}${exportCaption ? ` — ${exportCaption}` : ''}`;
  const measure =
    marks.length === 2
      ? (() => {
          const [a, b] = (marks[0]! <= marks[1]! ? marks : [marks[1]!, marks[0]!]) as [bigint, bigint];
          return `${hex(a)} → ${hex(b)}: ${hex(b - a)} (${humanSize(b - a)})`;
        })()
      : marks.length === 1
        ? `from ${hex(marks[0]!)} — click the second address`
        : 'click two addresses on the map';
  return (
    <div className="memmap" ref={wrapRef}>
      <div className="maptools" role="toolbar" aria-label="Map tools">
        <button type="button" onClick={() => zoomBy(1 / 1.5)} aria-label="Zoom out" title="Zoom out (−)">−</button>
        <span className="zoomlevel" data-testid="zoom-level" aria-live="polite">{`${t.k < 10 ? t.k.toFixed(1) : Math.round(t.k)}×`}</span>
        <button type="button" onClick={() => zoomBy(1.5)} aria-label="Zoom in" title="Zoom in (+)">+</button>
        <button type="button" onClick={reset} disabled={t.k === 1 && t.x === 0} title="Reset zoom (0)">Reset zoom</button>
        <label className="check">
          <input type="checkbox" checked={linear} onChange={(e) => setLinear(e.target.checked)} /> to scale
        </label>
        <button type="button" aria-pressed={measuring} onClick={() => { setMeasuring(!measuring); setMarks([]); }}>
          Measure
        </button>
        {measuring && <span className="mono small" data-testid="measure">{measure}</span>}
        <span className="spacer" />
        <MapExport svg={svgRef} caption={caption} />
      </div>
      {/* The picture is role="img" (title + description; the segments table is its text
          equivalent); the segments are focusable buttons beside it, not inside it, so no
          interactive element sits in an image. */}
      <svg
        ref={svgRef}
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-label={`${title}: + and − zoom, 0 resets, ← and → pan`}
        className={`memmap-svg${measuring ? ' measuring' : ''}`}
        tabIndex={0}
        onKeyDown={onKey}
        onClick={onClick}
        data-caption={caption}
      >
        <g role="img" aria-labelledby="memmap-title memmap-desc">
          <title id="memmap-title">{title}</title>
          <desc id="memmap-desc">{`${memory.label}. ${desc || 'No segments placed.'} ${linear ? 'Drawn to scale.' : 'Gaps compressed, not to scale.'} The segments table lists the same data.`}</desc>
          <defs>
            <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="var(--map-nomap-bg)" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="var(--map-nomap)" strokeWidth="2" />
            </pattern>
          </defs>
          <text x={4} y={ROWS.ram - 5} className="rowlabel">memblock.memory</text>
          <text x={4} y={ROWS.reserved - 5} className="rowlabel">memblock.reserved</text>
          <text x={4} y={ROWS.segments - 5} className="rowlabel">kexec segments</text>
          {memory.memory.map((m, i) => (
            <rect key={`m${i}`} {...band(m.start, m.end)} y={ROWS.ram} height={14} fill={m.flags === 'NOMAP' ? 'url(#hatch)' : 'var(--map-ram)'} className="ram">
              <title>{`${m.flags ?? 'RAM'} ${hex(m.start)}..${hex(m.end)} (${humanSize(m.end - m.start + 1n)})`}</title>
            </rect>
          ))}
          {memory.reserved.map((r, i) => (
            <rect key={`r${i}`} {...reservedBand(r.start, r.end)} y={ROWS.reserved} height={14} fill="var(--map-reserved)">
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
          const live = liveness ? (liveness[s.role] ?? 'idle') : 'live';
          const l = labelOf.get(s.role);
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
              <rect {...b} y={ROWS.segments} height={18} fill={segmentColor(s.role)} stroke={segmentColor(s.role)} />
              {l && (
                <text x={l.x} y={ROWS.segments + 32 + l.row * 14} className="seglabel">
                  {l.text}
                </text>
              )}
            </g>
          );
        })}
        <g aria-hidden="true">
          {(layout?.subRegions ?? []).filter((r) => r.size > 0n).map((r) => (
            <rect key={r.role} {...band(r.start, r.start + r.size - 1n)} y={ROWS.sub} height={8} fill="var(--map-sub)">
              <title>{`${r.role}: ${hex(r.start)} +${hex(r.size)} — ${r.note}`}</title>
            </rect>
          ))}
          {marks.map((m, i) => (
            <line key={`mk${i}`} className="measure-mark" x1={x(m)} x2={x(m)} y1={ROWS.ram - 4} y2={H - 18} />
          ))}
          <g className="axis" transform={`translate(0, ${H - 18})`}>
            <line x1={0} x2={W} y1={0} y2={0} />
            {breaks.map((bx, i) => (
              <path key={`b${i}`} className="break" d={`M${bx - 4},4 L${bx - 1},-4 M${bx + 1},4 L${bx + 4},-4`} />
            ))}
            {ticks.map((tk) => (
              <g key={tk.label} transform={`translate(${tk.x},0)`}>
                <line y1={-4} y2={0} />
                <text y={13} textAnchor={tk.anchor}>{tk.label}</text>
              </g>
            ))}
          </g>
        </g>
      </svg>
      <div className="mapdetails" data-testid="map-details">
        {hover ? (
          <div role="tooltip">
            <strong>{hover.role}</strong> {hex(hover.mem)}..{hex(hover.mem + hover.memsz - 1n)} · memsz {hex(hover.memsz)} ({humanSize(hover.memsz)}) · bufsz {hex(hover.bufsz)} · align {hex(hover.align)}
            <div className="why">
              <em>why here:</em>
              <ul>
                {hover.why.slice(0, 8).map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </div>
          </div>
        ) : (
          <span className="muted">Hover or focus a segment: its numbers and why it is there show here.</span>
        )}
      </div>
      <ul className="legend" aria-label="Legend">
        <li><span className="sw" style={{ background: 'var(--map-ram)' }} />RAM (memblock.memory)</li>
        <li><span className="sw hatch" />NOMAP (never used)</li>
        <li><span className="sw" style={{ background: 'var(--map-reserved)' }} />reserved at boot</li>
        {memory.crashRegion && <li><span className="sw dashed" />crashk_res</li>}
        {segments.map((s) => (
          <li key={s.role}><span className="sw" style={{ background: segmentColor(s.role) }} />{s.role}</li>
        ))}
        {liveness && (
          <li className="hint">
            solid: live · dashed outline: not yet used · red dashes: being written · faded: dead
          </li>
        )}
        <li className="hint">{linear ? 'to scale (buffers under 3 px drawn 3 px wide; true size in the label)' : 'not to scale: gaps compressed where the axis is broken (//)'}</li>
      </ul>
    </div>
  );
}
