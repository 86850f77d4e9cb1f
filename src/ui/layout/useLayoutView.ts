import { useMemo } from 'react';
import { type LayoutView, deriveLayout } from '../../state/layoutSlice';
import { useStore } from '../../state/store';

/** The layout the views draw, derived from the store (recomputed when an input changes). */
export function useLayoutView(): LayoutView {
  const layoutSettings = useStore((s) => s.layoutSettings);
  const inspection = useStore((s) => s.inspection);
  const unpack = useStore((s) => s.unpack);
  const snapshot = useStore((s) => s.snapshot);
  const devicetree = useStore((s) => s.devicetree);
  const rngInitialized = useStore((s) => s.rngInitialized);
  return useMemo(
    () => deriveLayout({ layoutSettings, inspection, unpack, snapshot, devicetree, rngInitialized }),
    [layoutSettings, inspection, unpack, snapshot, devicetree, rngInitialized],
  );
}
