// A virtualized hex view in the manner of ImHex and VS Code's hex editor: a column header,
// 16 bytes a row in two groups of 8, parsed regions tinted field by field (like Kaitai's IDE),
// drag selection, find (hex bytes or text), go to an offset (absolute, or relative: +0x40), a
// data inspector for the bytes at the cursor and a footer with the cursor and the selection.
// Only the visible rows exist in the DOM. Browsers cap an element's height (Chromium ~33.5M px),
// so for big files the scrollbar is scaled: a spacer of at most MAX_SCROLL px maps its scroll
// position proportionally onto the row range.
// Keyboard: arrows, PgUp/PgDn, Home/End (Ctrl: file), Shift extends, g goes to, f finds.
// A screen reader hears the cursor's offset and byte (the footer), not the grid.
import { Fragment, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type Field, findField, walkFields } from '../../core/bytes/field';
import { hex } from '../../core/bytes/hex';
import { findBytes, parseFindQuery, parseGoto } from '../../core/bytes/inspectValue';
import { useStore } from '../../state/store';
import { activeLayer } from '../../state/unpackSlice';
import { useNum } from '../format';
import { CopyAs } from './CopyAs';
import { DataInspector } from './DataInspector';

const ROW = 18;
const PER_ROW = 16;
const MAX_SCROLL = 4_000_000;
/** Fields larger than this (a compressed payload) are not tinted: the dump stays readable. */
const MAX_TINT = 4096;
const TINTS = 6;
/** A find looks at this many bytes between yields to the event loop (the main thread never blocks). */
const FIND_CHUNK = 4 * 1024 * 1024;

interface Region {
  start: number;
  end: number;
  tint: number;
  name: string;
}

/** The leaf fields, in offset order, each with a tint that differs from its neighbour's. */
function regionsOf(fields: readonly Field[]): Region[] {
  const leaves = [...walkFields(fields)].filter((f) => !f.children && f.size > 0 && f.size <= MAX_TINT).sort((a, b) => a.offset - b.offset);
  return leaves.map((f, i) => ({ start: f.offset, end: f.offset + f.size, tint: i % TINTS, name: f.name }));
}

function regionAt(regions: Region[], off: number): Region | undefined {
  let lo = 0;
  let hi = regions.length - 1;
  let best: Region | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = regions[mid] as Region;
    if (r.start <= off) {
      best = r;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best && off < best.end ? best : undefined;
}

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

export function HexView() {
  const bytes = useStore((s) => activeLayer(s).bytes);
  const ins = useStore((s) => activeLayer(s).inspection);
  const selectedId = useStore((s) => s.selectedFieldId);
  const cursor = useStore((s) => s.hexCursor);
  const anchor = useStore((s) => s.hexAnchor);
  const selectByte = useStore((s) => s.selectByte);
  const moveCursor = useStore((s) => s.moveCursor);
  const num = useNum();
  const box = useRef<HTMLDivElement>(null);
  const gotoRef = useRef<HTMLInputElement>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const dragging = useRef(false);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const [gotoOpen, setGotoOpen] = useState(false);
  const [gotoError, setGotoError] = useState('');
  const [findText, setFindText] = useState('');
  const [findSaid, setFindSaid] = useState('');
  const hasBytes = bytes !== undefined;

  const total = bytes ? Math.ceil(bytes.length / PER_ROW) : 0;
  const visible = Math.ceil(height / ROW) + 1;
  const natural = total * ROW;
  const spacer = Math.min(natural, MAX_SCROLL);
  const maxFirst = Math.max(0, total - visible + 1);
  const first = Math.min(maxFirst, natural <= MAX_SCROLL ? Math.floor(scrollTop / ROW) : Math.round((scrollTop / Math.max(1, spacer - height)) * maxFirst));

  const sel = useMemo(() => (selectedId && ins ? findField(ins.fields, selectedId) : undefined), [selectedId, ins]);
  const regions = useMemo(() => (ins ? regionsOf(ins.fields) : []), [ins]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
    // the box exists only once there are bytes to show
  }, [hasBytes]);

  useEffect(() => {
    const up = () => {
      dragging.current = false;
    };
    window.addEventListener('pointerup', up);
    return () => window.removeEventListener('pointerup', up);
  }, []);

  // Bring the cursor (or the selected field) into view.
  useEffect(() => {
    const el = box.current;
    const target = cursor ?? sel?.offset;
    if (!el || target === undefined || !total) return;
    const row = Math.floor(target / PER_ROW);
    if (row >= first && row < first + visible - 2) return;
    const top = natural <= MAX_SCROLL ? row * ROW - ROW * 2 : (Math.max(0, row - 2) / Math.max(1, maxFirst)) * (spacer - height);
    el.scrollTop = Math.max(0, top);
    // Only a change of target should scroll, not every scroll position change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sel, cursor]);

  useEffect(() => {
    if (gotoOpen) gotoRef.current?.focus();
  }, [gotoOpen]);

  if (!bytes) return null;
  const [lo, hi] =
    anchor !== undefined && cursor !== undefined ? [Math.min(anchor, cursor), Math.max(anchor, cursor) + 1] : sel ? [sel.offset, sel.offset + Math.max(sel.size, 1)] : [-1, -1];
  const isRange = anchor !== undefined && cursor !== undefined;

  const find = async () => {
    const q = parseFindQuery(findText);
    if (!q.bytes) return setFindSaid(q.error ?? '');
    const needle = q.bytes;
    const start = (cursor ?? -1) + 1;
    setFindSaid('searching…');
    // from after the cursor to the end, then from the start: in chunks, yielding between them
    for (const [from, to] of [[start, bytes.length], [0, start]] as const) {
      for (let p = from; p < to; p += FIND_CHUNK) {
        const at = findBytes(bytes, needle, p, Math.min(to, p + FIND_CHUNK));
        if (at >= 0) {
          selectByte(at);
          if (needle.length > 1) moveCursor(at + needle.length - 1, true);
          setFindSaid(`found at ${hex(at)}${from === 0 && start > 0 ? ' (wrapped)' : ''}`);
          return;
        }
        await yieldToEventLoop();
      }
    }
    setFindSaid(`${q.kind === 'hex' ? 'bytes' : 'text'} not found`);
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const cur = cursor ?? 0;
    const page = PER_ROW * Math.max(1, visible - 2);
    const last = bytes.length - 1;
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowRight': next = cur + 1; break;
      case 'ArrowLeft': next = cur - 1; break;
      case 'ArrowDown': next = cur + PER_ROW; break;
      case 'ArrowUp': next = cur - PER_ROW; break;
      case 'PageDown': next = cur + page; break;
      case 'PageUp': next = cur - page; break;
      case 'Home': next = e.ctrlKey ? 0 : cur - (cur % PER_ROW); break;
      case 'End': next = e.ctrlKey ? last : Math.min(last, cur - (cur % PER_ROW) + PER_ROW - 1); break;
      case 'g':
        setGotoOpen(true);
        e.preventDefault();
        return;
      case 'f':
        findRef.current?.focus();
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    moveCursor(Math.max(0, Math.min(last, next)), e.shiftKey);
  };

  const down = (off: number, shift: boolean) => {
    if (off >= bytes.length) return;
    dragging.current = true;
    if (shift) moveCursor(off, true);
    else selectByte(off);
  };
  const enter = (off: number) => {
    if (dragging.current && off !== cursor) moveCursor(off, true);
  };

  /** Which byte of a run of `n` monospace characters starting at `start` the pointer is over. */
  const charAt = (e: { clientX: number; currentTarget: Element }, start: number, n: number) => {
    const box = e.currentTarget.getBoundingClientRect();
    return start + Math.max(0, Math.min(n - 1, Math.floor(((e.clientX - box.left) / Math.max(1, box.width)) * n)));
  };

  const rows = [];
  for (let r = first; r < Math.min(total, first + visible); r++) {
    const base = r * PER_ROW;
    const cells: Array<{ start: number; cls: string; text: string; gap: boolean }> = [];
    const chars: Array<{ start: number; cls: string; text: string }> = [];
    for (let i = 0; i < PER_ROW; i++) {
      const off = base + i;
      if (off >= bytes.length) break;
      const b = bytes[off] as number;
      const reg = regionAt(regions, off);
      const cls = `${reg ? `t${reg.tint}` : ''}${off >= lo && off < hi ? (isRange ? ' sel' : ' hl') : ''}${off === cursor ? ' cur' : ''}`;
      // the bytes too are runs of equally marked bytes ("xx " each, so every byte is 3 ch wide
      // and the pointer's x names the byte); a run never crosses the gap after the 8th byte
      const hx = `${b.toString(16).padStart(2, '0')} `;
      const cell = cells[cells.length - 1];
      if (cell && cell.cls === cls && i !== 8) cell.text += hx;
      else cells.push({ start: off, cls, text: hx, gap: i === 8 });
      // the ASCII column is one span per run of equally marked characters, not one per byte:
      // half the elements to lay out when a file opens (the pointer position names the byte)
      const ch = b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      const run = chars[chars.length - 1];
      if (run && run.cls === cls) run.text += ch;
      else chars.push({ start: off, cls, text: ch });
    }
    rows.push(
      <div key={r} className="hexrow" data-hex-row={r} style={{ top: natural <= MAX_SCROLL ? r * ROW : scrollTop + (r - first) * ROW }} aria-hidden="true">
        <span className="addr">{hex(base, 8)}</span>
        <span className="bytes">
          {cells.map((c) => (
            <Fragment key={c.start}>
              {c.gap && ' '}
              <span className={c.cls} data-offset={c.start} data-len={c.text.length / 3} onPointerDown={(e) => down(charAt(e, c.start, c.text.length / 3), e.shiftKey)} onPointerMove={(e) => enter(charAt(e, c.start, c.text.length / 3))}>
                {c.text}
              </span>
            </Fragment>
          ))}
        </span>
        <span className="chars">
          {chars.map((c) => (
            <span key={c.start} className={c.cls} data-offset={c.start} onPointerDown={(e) => down(charAt(e, c.start, c.text.length), e.shiftKey)} onPointerMove={(e) => enter(charAt(e, c.start, c.text.length))}>
              {c.text}
            </span>
          ))}
        </span>
      </div>,
    );
  }
  const range: [number, number] | undefined = lo >= 0 ? [lo, hi] : undefined;
  const at = cursor !== undefined && cursor < bytes.length ? cursor : undefined;
  const region = at !== undefined ? regionAt(regions, at) : undefined;
  return (
    <div className="hexwrap">
      <div className="hextools">
        {gotoOpen ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const v = parseGoto(gotoRef.current?.value ?? '', cursor ?? 0);
              if (v === undefined || v < 0 || v >= bytes.length) {
                setGotoError(`not an offset in this file (0 … ${hex(bytes.length - 1)}; +N / -N from the cursor)`);
                return;
              }
              setGotoError('');
              setGotoOpen(false);
              selectByte(v);
              box.current?.focus();
            }}
          >
            <input ref={gotoRef} aria-label="Go to offset" placeholder="0x…, decimal, +0x40" onKeyDown={(e) => e.key === 'Escape' && setGotoOpen(false)} />
            <button type="submit">Go</button>
            {gotoError && <span className="error" role="alert">{gotoError}</span>}
          </form>
        ) : (
          <button type="button" onClick={() => setGotoOpen(true)}>
            Go to… (g)
          </button>
        )}
        <form
          className="find"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            void find();
          }}
        >
          <input ref={findRef} aria-label="Find hex bytes or text" placeholder='find: 4d 5a or "MZ"' value={findText} onChange={(e) => setFindText(e.target.value)} />
          <button type="submit">Find next</button>
          <span className="muted" role="status" data-testid="find-status">{findSaid}</span>
        </form>
        {range && <CopyAs bytes={bytes} range={range} />}
      </div>
      <div className="hex" ref={box} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} aria-label="Hex view" role="region" tabIndex={0} onKeyDown={onKey} aria-describedby="hex-help">
        <span id="hex-help" hidden>
          Arrow keys move the cursor, Shift extends the selection, g goes to an offset, f finds. The current offset and byte are announced below.
        </span>
        <div className="hexrow hexhead" aria-hidden="true">
          <span className="addr">offset</span>
          <span className="bytes">{`${Array.from({ length: 8 }, (_, i) => `0${i.toString(16)} `).join('')} ${Array.from({ length: 8 }, (_, i) => `0${(i + 8).toString(16)} `).join('')}`}</span>
          <span className="chars">ASCII</span>
        </div>
        <div style={{ height: spacer, position: 'relative' }}>{rows}</div>
      </div>
      <div className="hexfoot">
        <span className="hexstatus" aria-live="polite" data-testid="hex-status">
          {at !== undefined ? `offset ${num(at)} = ${hex(bytes[at] as number, 2)}${isRange ? ` · ${hi - lo} bytes selected` : sel ? ` · ${sel.name}` : ''}` : `${num(bytes.length)} bytes`}
        </span>
        {range && (
          <span className="muted" data-testid="hex-selection">
            selection {hex(lo)}–{hex(hi - 1)} · length {num(hi - lo)}
          </span>
        )}
        {region && !isRange && <span className="muted">in {region.name}</span>}
      </div>
      {at !== undefined && <DataInspector bytes={bytes} offset={at} />}
    </div>
  );
}
