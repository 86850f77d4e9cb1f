// Copy the permalink; export the snapshot as JSON. (The map's SVG/PNG export sits on the map.)
import { useState } from 'react';
import { buildSnapshot } from '../../state/shareSlice';
import { useStore } from '../../state/store';
import { download } from './exporters';
import { currentLink } from './permalinkSync';

export function ShareBar() {
  const [said, setSaid] = useState('');
  const base = (useStore.getState().fileName ?? 'zboot-explorer').replace(/[^\w.-]+/g, '_');

  const copy = async () => {
    const url = `${location.origin}${location.pathname}#${await currentLink()}`;
    try {
      await navigator.clipboard.writeText(url);
      setSaid(`Link copied (${url.length} characters)`);
    } catch {
      setSaid(`Copy this link: ${url}`);
    }
  };
  const exportJson = () => {
    download(`${base}.snapshot.json`, new Blob([JSON.stringify(buildSnapshot(useStore.getState()), null, 2)], { type: 'application/json' }));
    setSaid('Snapshot JSON exported');
  };
  return (
    <div className="sharebar" role="group" aria-label="Share">
      <button type="button" onClick={() => void copy()}>Copy link</button>
      <button type="button" onClick={exportJson}>Export JSON</button>
      <span role="status" aria-live="polite" className="muted small sharesaid" data-testid="share-status" title={said}>{said}</span>
    </div>
  );
}
