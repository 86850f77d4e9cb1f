// Export the memory map on screen as SVG or PNG, titled with what it shows (the caption names the
// memory listing and, in the stepper, the step) and with its legend.
import { type RefObject, useState } from 'react';
import { useStore } from '../../state/store';
import { download, serializeSvg, svgToPng } from './exporters';

export function MapExport({ svg, caption }: { svg: RefObject<SVGSVGElement | null>; caption: string }) {
  const [said, setSaid] = useState('');
  const base = () => (useStore.getState().fileName ?? 'zboot-explorer').replace(/[^\w.-]+/g, '_');
  const exportSvg = () => {
    if (!svg.current) return;
    download(`${base()}.memory-map.svg`, new Blob([serializeSvg(svg.current, caption).text], { type: 'image/svg+xml' }));
    setSaid('SVG exported');
  };
  const exportPng = async () => {
    if (!svg.current) return;
    const s = serializeSvg(svg.current, caption);
    download(`${base()}.memory-map.png`, await svgToPng(s.text, s.width, s.height, 2));
    setSaid('PNG exported (2×)');
  };
  return (
    <>
      <button type="button" onClick={exportSvg}>Export SVG</button>
      <button type="button" onClick={() => void exportPng()}>Export PNG</button>
      <span role="status" className="muted small" data-testid="export-status">{said}</span>
    </>
  );
}
