// A virtualized hex view: only the visible rows exist in the DOM. Browsers cap an element's
// height (Chromium ~33.5M px), so for big files the scrollbar is scaled: a spacer of at most
// MAX_SCROLL px maps its scroll position proportionally onto the row range.
// Keyboard: arrows, PgUp/PgDn, Home/End (Ctrl: file), Shift extends, g goes to an offset.
// A screen reader hears the cursor's offset and byte (the status line), not the grid.
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { findField } from '../../core/bytes/field';
import { hex, parseSize } from '../../core/bytes/hex';
import { useStore } from '../../state/store';
import { activeLayer } from '../../state/unpackSlice';
import { useNum } from '../format';
import { CopyAs } from './CopyAs';

const ROW = 18;
const PER_ROW = 16;
const MAX_SCROLL = 4_000_000;

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
  const [scrollTop, setScrollTop] = useState(0);
  const hasBytes = bytes !== undefined;
  const [height, setHeight] = useState(400);
  const [gotoOpen, setGotoOpen] = useState(false);
  const [gotoError, setGotoError] = useState('');

  const total = bytes ? Math.ceil(bytes.length / PER_ROW) : 0;
  const visible = Math.ceil(height / ROW) + 1;
  const natural = total * ROW;
  const spacer = Math.min(natural, MAX_SCROLL);
  const maxFirst = Math.max(0, total - visible + 1);
  const first = Math.min(maxFirst, natural <= MAX_SCROLL ? Math.floor(scrollTop / ROW) : Math.round((scrollTop / Math.max(1, spacer - height)) * maxFirst));

  const sel = useMemo(() => (selectedId && ins ? findField(ins.fields, selectedId) : undefined), [selectedId, ins]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
    // the box exists only once there are bytes to show
  }, [hasBytes]);

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
      default:
        return;
    }
    e.preventDefault();
    moveCursor(Math.max(0, Math.min(last, next)), e.shiftKey);
  };

  const rows = [];
  for (let r = first; r < Math.min(total, first + visible); r++) {
    const base = r * PER_ROW;
    const cells = [];
    const chars = [];
    for (let i = 0; i < PER_ROW; i++) {
      const off = base + i;
      if (off >= bytes.length) break;
      const b = bytes[off] as number;
      const cls = `${off >= lo && off < hi ? (isRange ? 'sel' : 'hl') : ''}${off === cursor ? ' cur' : ''}`;
      cells.push(
        <span key={i} className={cls} data-offset={off} onClick={(e) => (e.shiftKey ? moveCursor(off, true) : selectByte(off))}>
          {b.toString(16).padStart(2, '0')}
        </span>,
      );
      chars.push(
        <span key={i} className={cls} data-offset={off} onClick={() => selectByte(off)}>
          {b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'}
        </span>,
      );
    }
    rows.push(
      <div key={r} className="hexrow" data-hex-row={r} style={{ top: natural <= MAX_SCROLL ? r * ROW : scrollTop + (r - first) * ROW }} aria-hidden="true">
        <span className="addr">{hex(base, 8)}</span>
        <span className="bytes">{cells}</span>
        <span className="chars">{chars}</span>
      </div>,
    );
  }
  const range: [number, number] | undefined = lo >= 0 ? [lo, hi] : undefined;
  return (
    <div className="hexwrap">
      <div className="hextools">
        <span className="hexstatus" aria-live="polite" data-testid="hex-status">
          {cursor !== undefined && cursor < bytes.length
            ? `offset ${num(cursor)} = ${hex(bytes[cursor] as number, 2)}${isRange ? ` · ${hi - lo} bytes selected` : sel ? ` · ${sel.name}` : ''}`
            : `${num(bytes.length)} bytes`}
        </span>
        {gotoOpen ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const v = parseSize(gotoRef.current?.value ?? '');
              if (v === undefined || v >= BigInt(bytes.length)) {
                setGotoError(`not an offset in this file (0 … ${hex(bytes.length - 1)})`);
                return;
              }
              setGotoError('');
              setGotoOpen(false);
              selectByte(Number(v));
              box.current?.focus();
            }}
          >
            <input ref={gotoRef} aria-label="Go to offset" placeholder="0x… or decimal" onKeyDown={(e) => e.key === 'Escape' && setGotoOpen(false)} />
            <button type="submit">Go</button>
            {gotoError && <span className="error" role="alert">{gotoError}</span>}
          </form>
        ) : (
          <button type="button" onClick={() => setGotoOpen(true)}>
            Go to… (g)
          </button>
        )}
        {range && <CopyAs bytes={bytes} range={range} />}
      </div>
      <div className="hex" ref={box} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} aria-label="Hex view" role="region" tabIndex={0} onKeyDown={onKey} aria-describedby="hex-help">
        <span id="hex-help" hidden>
          Arrow keys move the cursor, Shift extends the selection, g goes to an offset. The current offset and byte are announced above.
        </span>
        <div style={{ height: spacer, position: 'relative' }}>{rows}</div>
      </div>
    </div>
  );
}
