import { useEffect } from 'react';
import { useStore } from '../state/store';
import { HexView } from './hex/HexView';
import { OpenBar } from './open/OpenBar';
import { DEFAULT_SAMPLE, sampleUrl } from './samples';
import { SummaryCard } from './summary/SummaryCard';
import { FieldTree } from './tree/FieldTree';

export function App() {
  const status = useStore((s) => s.status);
  const message = useStore((s) => s.statusMessage);
  const openUrl = useStore((s) => s.openUrl);

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
      <main>
        <SummaryCard />
        <div className="inspect">
          <FieldTree />
          <HexView />
        </div>
      </main>
    </div>
  );
}
