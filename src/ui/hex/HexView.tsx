// A virtualized hex view: only the visible rows exist in the DOM. Browsers cap an element's
// height (Chromium ~33.5M px), so for big files the scrollbar is scaled: a spacer of at most
// MAX_SCROLL px maps its scroll position proportionally onto the row range.
import { useEffect, useMemo, useRef, useState } from 'react';
import { findField } from '../../core/bytes/field';
import { hex } from '../../core/bytes/hex';
import { useStore } from '../../state/store';
import { activeLayer } from '../../state/unpackSlice';

const ROW = 18;
const PER_ROW = 16;
const MAX_SCROLL = 4_000_000;

export function HexView() {
  const bytes = useStore((s) => activeLayer(s).bytes);
  const ins = useStore((s) => activeLayer(s).inspection);
  const selectedId = useStore((s) => s.selectedFieldId);
  const cursor = useStore((s) => s.hexCursor);
  const selectByte = useStore((s) => s.selectByte);
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

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
  }, []);

  // Bring the selected field (or cursor) into view.
  useEffect(() => {
    const el = box.current;
    const target = sel?.offset ?? cursor;
    if (!el || target === undefined || !total) return;
    const row = Math.floor(target / PER_ROW);
    if (row >= first && row < first + visible - 2) return;
    const top = natural <= MAX_SCROLL ? row * ROW - ROW * 2 : (Math.max(0, row - 2) / Math.max(1, maxFirst)) * (spacer - height);
    el.scrollTop = Math.max(0, top);
    // Only a change of target should scroll, not every scroll position change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sel, cursor]);

  if (!bytes) return null;
  const lo = sel ? sel.offset : -1;
  const hi = sel ? sel.offset + Math.max(sel.size, 1) : -1;
  const rows = [];
  for (let r = first; r < Math.min(total, first + visible); r++) {
    const base = r * PER_ROW;
    const cells = [];
    const chars = [];
    for (let i = 0; i < PER_ROW; i++) {
      const off = base + i;
      if (off >= bytes.length) break;
      const b = bytes[off] as number;
      const cls = `${off >= lo && off < hi ? 'hl' : ''}${off === cursor ? ' cur' : ''}`;
      cells.push(
        <span key={i} className={cls} data-offset={off} onClick={() => selectByte(off)}>
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
      <div key={r} className="hexrow" style={{ top: (natural <= MAX_SCROLL ? r * ROW : scrollTop + (r - first) * ROW) }}>
        <span className="addr">{hex(base, 8)}</span>
        <span className="bytes">{cells}</span>
        <span className="chars">{chars}</span>
      </div>,
    );
  }
  return (
    <div className="hexwrap">
      <div className="hexstatus" aria-live="polite">
        {cursor !== undefined && cursor < bytes.length
          ? `offset ${hex(cursor)} (${cursor}) = ${hex(bytes[cursor] as number, 2)}${sel ? ` · ${sel.name}` : ''}`
          : `${bytes.length} bytes`}
      </div>
      <div className="hex" ref={box} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} aria-label="Hex view" role="region" tabIndex={0}>
        <div style={{ height: spacer, position: 'relative' }}>{rows}</div>
      </div>
    </div>
  );
}
