// Every parsed field as an expandable tree (role="tree"). Selecting a row highlights its bytes
// in the hex view; a selection made in the hex view expands and reveals the row here.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Field } from '../../core/bytes/field';
import { hex } from '../../core/bytes/hex';
import { useStore } from '../../state/store';
import { activeLayer } from '../../state/unpackSlice';

interface Row {
  field: Field;
  depth: number;
}

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
    const walk = (fs: readonly Field[], depth: number) => {
      for (const f of fs) {
        out.push({ field: f, depth });
        if (f.children && expanded.has(f.id)) walk(f.children, depth + 1);
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
  return (
    <div className="tree" role="tree" aria-label="Header fields" ref={listRef}>
      {rows.map(({ field: f, depth }) => {
        const open = expanded.has(f.id);
        return (
          <div
            key={f.id}
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
              <button
                type="button"
                className="twisty"
                aria-label={open ? `collapse ${f.name}` : `expand ${f.name}`}
                onClick={(e) => {
                  e.stopPropagation();
                  toggle(f.id);
                }}
              >
                {open ? '▾' : '▸'}
              </button>
            ) : (
              <span className="twisty" />
            )}
            <span className="off">{hex(f.offset, 6)}</span>
            <span className="name">{f.name}</span>
            {f.display && <span className="val">{f.display}</span>}
            {f.raw && !f.children && f.size <= 8 && <span className="raw">{f.raw}</span>}
            <span className="meaning">{f.meaning}</span>
          </div>
        );
      })}
    </div>
  );
}
