// Every parsed field as an expandable tree (role="tree"). Selecting a row highlights its bytes
// in the hex view; a selection made in the hex view expands and reveals the row here.
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { Field } from '../../core/bytes/field';
import { useStore } from '../../state/store';
import { activeLayer } from '../../state/unpackSlice';
import { GlossaryText } from '../common/GlossaryText';
import { useNum } from '../format';

interface Row {
  field: Field;
  depth: number;
  parent?: string;
}

const rowId = (id: string) => `field-${id.replace(/[^\w-]/g, '_')}`;

function ancestors(fields: readonly Field[], id: string, path: string[] = []): string[] | undefined {
  for (const f of fields) {
    if (f.id === id) return path;
    if (f.children) {
      const p = ancestors(f.children, id, [...path, f.id]);
      if (p) return p;
    }
  }
  return undefined;
}

export function FieldTree() {
  const ins = useStore((s) => activeLayer(s).inspection);
  const selected = useStore((s) => s.selectedFieldId);
  const selectField = useStore((s) => s.selectField);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const listRef = useRef<HTMLDivElement>(null);
  const num = useNum();

  // Reveal the selected field: open its ancestors. Adjusting state during render (keyed on the
  // selection) is React's documented alternative to an effect for derived state.
  const [revealed, setRevealed] = useState<string | undefined>();
  if (ins && selected && selected !== revealed) {
    setRevealed(selected);
    const path = ancestors(ins.fields, selected);
    if (path && path.some((p) => !expanded.has(p))) setExpanded(new Set([...expanded, ...path]));
  }

  const rows = useMemo(() => {
    const out: Row[] = [];
    const walk = (fs: readonly Field[], depth: number, parent?: string) => {
      for (const f of fs) {
        out.push({ field: f, depth, ...(parent ? { parent } : {}) });
        if (f.children && expanded.has(f.id)) walk(f.children, depth + 1, f.id);
      }
    };
    if (ins) walk(ins.fields, 0);
    return out;
  }, [ins, expanded]);

  useEffect(() => {
    if (!selected) return;
    listRef.current?.querySelector(`[data-field-id="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected, rows]);

  if (!ins) return null;
  const toggle = (id: string) => {
    const n = new Set(expanded);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    setExpanded(n);
  };
  // Arrow keys walk the visible rows (WAI-ARIA tree pattern): ↑/↓ move, → opens or enters, ← closes or leaves.
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = rows.findIndex((r) => r.field.id === selected);
    const cur = rows[i];
    let next: string | undefined;
    if (e.key === 'ArrowDown') next = rows[Math.min(rows.length - 1, i + 1)]?.field.id;
    else if (e.key === 'ArrowUp') next = rows[Math.max(0, i - 1)]?.field.id;
    else if (e.key === 'Home') next = rows[0]?.field.id;
    else if (e.key === 'End') next = rows[rows.length - 1]?.field.id;
    else if (e.key === 'ArrowRight' && cur?.field.children) {
      if (!expanded.has(cur.field.id)) toggle(cur.field.id);
      else next = cur.field.children[0]?.id;
    } else if (e.key === 'ArrowLeft' && cur) {
      if (cur.field.children && expanded.has(cur.field.id)) toggle(cur.field.id);
      else next = cur.parent;
    } else return;
    e.preventDefault();
    if (next) selectField(next);
  };
  const valueText = (f: Field) => (typeof f.value === 'number' || typeof f.value === 'bigint' ? (num(f.value).startsWith('0x') ? f.display : `${num(f.value)}`) : f.display);
  return (
    <div
      className="tree"
      role="tree"
      aria-label="Header fields"
      ref={listRef}
      tabIndex={0}
      onKeyDown={onKey}
      onFocus={() => !selected && rows[0] && selectField(rows[0].field.id)}
      {...(selected ? { 'aria-activedescendant': rowId(selected) } : {})}
    >
      {rows.map(({ field: f, depth }) => {
        const open = expanded.has(f.id);
        return (
          <div
            key={f.id}
            id={rowId(f.id)}
            role="treeitem"
            aria-level={depth + 1}
            aria-expanded={f.children ? open : undefined}
            aria-selected={f.id === selected}
            data-field-id={f.id}
            className={`row${f.id === selected ? ' selected' : ''}`}
            style={{ paddingLeft: `${depth * 1.1 + 0.3}rem` }}
            title={`${f.meaning}${f.source ? `\n— ${f.source}` : ''}`}
            onClick={() => selectField(f.id)}
          >
            {f.children ? (
              // a mouse affordance; the keyboard uses → and ← on the tree (no focusable element inside a treeitem)
              <span
                className="twisty"
                aria-hidden="true"
                data-testid={`toggle-${f.id}`}
                onClick={(e) => {
                  e.stopPropagation();
                  toggle(f.id);
                }}
              >
                {open ? '▾' : '▸'}
              </span>
            ) : (
              <span className="twisty" />
            )}
            <span className="off">{num(f.offset, 6)}</span>
            <span className="name">{f.name}</span>
            {f.display && <span className="val">{valueText(f)}</span>}
            {f.raw && !f.children && f.size <= 8 && <span className="raw">{f.raw}</span>}
            <span className="meaning">
              <GlossaryText text={f.meaning} inline />
            </span>
          </div>
        );
      })}
    </div>
  );
}
