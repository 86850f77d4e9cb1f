import { useEffect } from 'react';
import { useStore } from '../state/store';
import { OpenBar } from './open/OpenBar';
import { DEFAULT_SAMPLE, sampleUrl } from './samples';
import { ShareBar } from './share/ShareBar';
import { applyHashOnStart, startHashSync } from './share/permalinkSync';
import { Toolbar } from './Toolbar';
import { SnapshotNotice } from './summary/SnapshotNotice';
import { lazyView } from './common/LazyView';
import { HelpDialogs } from './help/HelpDialogs';
import { Tour } from './help/Tour';
import { InspectView } from './workbench/InspectView';
import { PresentBar } from './workbench/PresentBar';
import { StatusBar } from './workbench/StatusBar';

// The layout view carries d3: it is not part of the first page's JavaScript, but is fetched once
// the page is idle, so that opening it after a drop draws at once. The decompression worker
// compiles its wasm decoders then too.
const Layout = lazyView(() => import('./layout/LayoutView'));
const Stepper = lazyView(() => import('./stepper/StepperView'));

export function App() {
  const presenting = useStore((s) => s.presenting);
  const openUrl = useStore((s) => s.openUrl);
  const tab = useStore((s) => s.tab);
  const setTab = useStore((s) => s.setTab);
  const linkError = useStore((s) => s.linkError);

  // Global shortcuts (not while typing): ? sheet, 1/2/3 views, t tour, p presentation.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      const s = useStore.getState();
      if (e.key === '?') s.setShortcutsOpen(true);
      else if (e.key === '1') s.setTab('inspect');
      else if (e.key === '2') s.setTab('layout');
      else if (e.key === '3') s.setTab('step');
      else if (e.key === 't') s.setTourStep(0);
      else if (e.key === 'p') s.setPresenting(!s.presenting);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const prefetch = () => {
      void Promise.all([Layout.preload(), Stepper.preload()]);
      useStore.getState().prepareUnpack();
    };
    if ('requestIdleCallback' in window) {
      const id = requestIdleCallback(prefetch, { timeout: 3000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(prefetch, 1000);
    return () => clearTimeout(id);
  }, []);

  // A permalink in the address bar wins; otherwise the first run shows something real: the
  // default built-in sample. From then on the address bar follows every change.
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    void applyHashOnStart().then((hadLink) => {
      if (cancelled) return;
      if (!hadLink && useStore.getState().status === 'idle') void openUrl(DEFAULT_SAMPLE.file, sampleUrl(DEFAULT_SAMPLE));
      stop = startHashSync();
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [openUrl]);

  return (
    <div className={`app${presenting ? ' presenting' : ''}`}>
      {presenting ? (
        <PresentBar />
      ) : (
        <header className="topbar">
          <h1>zboot-explorer</h1>
          <nav role="tablist" aria-label="Views" className="tabs">
            {(['inspect', 'layout', 'step'] as const).map((t) => (
              <button key={t} type="button" role="tab" id={`tab-${t}`} aria-controls={`panel-${t}`} aria-selected={tab === t} onClick={() => setTab(t)}>
                {{ inspect: 'Inspect', layout: 'Lay out', step: 'Step' }[t]}
              </button>
            ))}
          </nav>
          <OpenBar />
          <ShareBar />
          <Toolbar />
        </header>
      )}
      <HelpDialogs />
      <Tour />
      <SnapshotNotice />
      {linkError && (
        <p className="callout error" role="alert" data-testid="link-error">
          {linkError}
        </p>
      )}
      <main id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} className="panel">
        {tab === 'inspect' ? <InspectView /> : tab === 'layout' ? <Layout.View /> : <Stepper.View />}
      </main>
      {!presenting && <StatusBar />}
    </div>
  );
}
