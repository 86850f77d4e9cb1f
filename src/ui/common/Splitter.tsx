// A pane splitter, the WAI-ARIA "window splitter": a focusable separator whose value is the
// width (CSS px) of the pane it controls. Drag it, or focus it and use ←/→ (Shift: 10×),
// Home/End. Sizes live in the store per view ("view.pane"), so every view keeps its own.
// Our own (~60 lines) rather than a splitter package: the layout is a CSS grid already, and the
// initial bundle is budgeted.
import { type KeyboardEvent, type PointerEvent, useRef } from 'react';
import { useStore } from '../../state/store';

interface Props {
  /** Store key, "view.pane". */
  id: string;
  label: string;
  /** The id of the pane element it resizes. */
  controls: string;
  value: number;
  min: number;
  max: number;
  /** The pane is after the splitter: dragging right makes it narrower. */
  after?: boolean;
}

export function Splitter({ id, label, controls, value, min, max, after = false }: Props) {
  const setPaneSize = useStore((s) => s.setPaneSize);
  const drag = useRef<{ x: number; v: number } | undefined>(undefined);
  const clamp = (v: number) => Math.max(min, Math.min(max, v));
  const sign = after ? -1 : 1;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, v: value };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d) setPaneSize(id, clamp(d.v + sign * (e.clientX - d.x)));
  };
  const onPointerUp = () => {
    drag.current = undefined;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 160 : 16;
    let v: number | undefined;
    if (e.key === 'ArrowRight') v = value + sign * step;
    else if (e.key === 'ArrowLeft') v = value - sign * step;
    else if (e.key === 'Home') v = min;
    else if (e.key === 'End') v = max;
    if (v === undefined) return;
    e.preventDefault();
    e.stopPropagation(); // the stepper's ←/→ must not fire while resizing
    setPaneSize(id, clamp(v));
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-controls={controls}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      data-testid={`splitter-${id}`}
    />
  );
}

/** A pane width from the store, or its default; clamped to what the window allows. */
export function usePaneSize(id: string, dflt: number, min: number, max: number): number {
  const v = useStore((s) => s.paneSizes[id]);
  return Math.max(min, Math.min(max, v ?? dflt));
}
