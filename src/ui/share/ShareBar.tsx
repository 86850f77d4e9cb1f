// Copy the permalink; export the snapshot as JSON, the memory map as SVG or PNG.
import { useState } from 'react';
import { buildSnapshot } from '../../state/shareSlice';
import { useStore } from '../../state/store';
import { download, serializeSvg, svgToPng } from './exporters';
import { currentLink } from './permalinkSync';

export function ShareBar() {
  const tab = useStore((s) => s.tab);
  const [said, setSaid] = useState('');
  const base = (useStore.getState().fileName ?? 'zboot-explorer').replace(/[^\w.-]+/g, '_');
  const svg = () => document.querySelector<SVGSVGElement>('svg.memmap-svg');

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
  const exportSvg = () => {
    const el = svg();
    if (!el) return;
    download(`${base}.memory-map.svg`, new Blob([serializeSvg(el)], { type: 'image/svg+xml' }));
    setSaid('SVG exported');
  };
  const exportPng = async () => {
    const el = svg();
    if (!el) return;
    const vb = el.viewBox.baseVal;
    download(`${base}.memory-map.png`, await svgToPng(serializeSvg(el), vb.width, vb.height, 2));
    setSaid('PNG exported (2×)');
  };
  const mapShown = tab !== 'inspect';
  return (
    <div className="sharebar" role="group" aria-label="Share">
      <button type="button" onClick={() => void copy()}>Copy link</button>
      <button type="button" onClick={exportJson}>Export JSON</button>
      <button type="button" onClick={exportSvg} disabled={!mapShown} title={mapShown ? '' : 'open Lay out or Step to export the map'}>
        Export SVG
      </button>
      <button type="button" onClick={() => void exportPng()} disabled={!mapShown}>
        Export PNG
      </button>
      <span role="status" aria-live="polite" className="muted small" data-testid="share-status">{said}</span>
    </div>
  );
}
