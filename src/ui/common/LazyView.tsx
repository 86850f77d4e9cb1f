import { type ComponentType, useEffect, useState } from 'react';

// A view whose code loads on demand, without React's lazy/Suspense: a Suspense boundary holds
// back content that resolves after its fallback showed for up to 300 ms (React's fallback
// throttle), which made the first visit of the layout view wait that long even with its chunk
// already prefetched. `preload` starts the fetch early (when the page is idle).
export function lazyView(load: () => Promise<{ default: ComponentType }>) {
  let loaded: ComponentType | undefined;
  let pending: Promise<ComponentType> | undefined;
  const preload = () => (pending ??= load().then((m) => (loaded = m.default)));
  function View() {
    const [Component, setComponent] = useState(() => loaded);
    useEffect(() => {
      if (Component) return;
      let live = true;
      void preload().then((c) => live && setComponent(() => c));
      return () => {
        live = false;
      };
    }, [Component]);
    return Component ? <Component /> : <p>Loading…</p>;
  }
  return { View, preload };
}
