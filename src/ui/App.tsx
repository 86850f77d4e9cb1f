import { Suspense, lazy, useEffect } from 'react';
import { useStore } from '../state/store';
import { UnpackPanel } from './decompress/UnpackPanel';
import { HexView } from './hex/HexView';
import { OpenBar } from './open/OpenBar';
import { DEFAULT_SAMPLE, sampleUrl } from './samples';
import { ShareBar } from './share/ShareBar';
import { applyHashOnStart, startHashSync } from './share/permalinkSync';
import { SummaryCard } from './summary/SummaryCard';
import { FieldTree } from './tree/FieldTree';
import { VerdictCard } from './verdict/VerdictCard';

// The layout view carries d3; it loads when first opened, not with the first page.
const LayoutView = lazy(() => import('./layout/LayoutView'));
const StepperView = lazy(() => import('./stepper/StepperView'));

export function App() {
  const status = useStore((s) => s.status);
  const message = useStore((s) => s.statusMessage);
  const openUrl = useStore((s) => s.openUrl);
  const tab = useStore((s) => s.tab);
  const setTab = useStore((s) => s.setTab);
  const linkError = useStore((s) => s.linkError);

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
    <div className="app">
      <header>
        <h1>zboot-explorer</h1>
        <OpenBar />
        <ShareBar />
      </header>
      {linkError && (
        <p className="callout error" role="alert" data-testid="link-error">
          {linkError}
        </p>
      )}
      <div className="status" role="status" aria-live="polite">
        {status === 'failed' ? <span className="error">{message}</span> : message}
      </div>
      <nav role="tablist" aria-label="Views" className="tabs">
        {(['inspect', 'layout', 'step'] as const).map((t) => (
          <button key={t} type="button" role="tab" id={`tab-${t}`} aria-controls={`panel-${t}`} aria-selected={tab === t} onClick={() => setTab(t)}>
            {{ inspect: 'Inspect', layout: 'Lay out', step: 'Step' }[t]}
          </button>
        ))}
      </nav>
      <main>
        <SummaryCard />
        {tab === 'inspect' ? (
          <div id="panel-inspect" role="tabpanel" aria-labelledby="tab-inspect" className="panel">
            <VerdictCard />
            <UnpackPanel />
            <div className="inspect">
              <FieldTree />
              <HexView />
            </div>
          </div>
        ) : (
          <div id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} className="panel">
            <Suspense fallback={<p>Loading…</p>}>{tab === 'layout' ? <LayoutView /> : <StepperView />}</Suspense>
          </div>
        )}
      </main>
    </div>
  );
}
