import { Suspense, lazy, useEffect, useState } from 'react';
import { useStore } from '../state/store';
import { UnpackPanel } from './decompress/UnpackPanel';
import { HexView } from './hex/HexView';
import { OpenBar } from './open/OpenBar';
import { DEFAULT_SAMPLE, sampleUrl } from './samples';
import { SummaryCard } from './summary/SummaryCard';
import { FieldTree } from './tree/FieldTree';

// The layout view carries d3; it loads when first opened, not with the first page.
const LayoutView = lazy(() => import('./layout/LayoutView'));
const StepperView = lazy(() => import('./stepper/StepperView'));

type Tab = 'inspect' | 'layout' | 'step';

export function App() {
  const status = useStore((s) => s.status);
  const message = useStore((s) => s.statusMessage);
  const openUrl = useStore((s) => s.openUrl);
  const [tab, setTab] = useState<Tab>('inspect');

  // First run shows something real: the default built-in sample.
  useEffect(() => {
    if (useStore.getState().status === 'idle') void openUrl(DEFAULT_SAMPLE.file, sampleUrl(DEFAULT_SAMPLE));
  }, [openUrl]);

  return (
    <div className="app">
      <header>
        <h1>zboot-explorer</h1>
        <OpenBar />
      </header>
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
