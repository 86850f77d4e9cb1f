// Inspect: the file and its verdict in a compact column on the left, then the field tree and the
// hex view side by side at full height — the instruments get the screen. Both splitters keep
// their widths per view (the store's paneSizes).
import { useStore } from '../../state/store';
import { Command } from '../common/Command';
import { lazyView } from '../common/LazyView';
import { Splitter, usePaneSize } from '../common/Splitter';
import { UnpackPanel } from '../decompress/UnpackPanel';
import { HexView } from '../hex/HexView';
import { SbatTable } from '../sbat/SbatTable';
import { SignaturePanel } from '../signature/SignaturePanel';
import { SummaryCard } from '../summary/SummaryCard';
import { FieldTree } from '../tree/FieldTree';
import { VerdictCard } from '../verdict/VerdictCard';
import { useViewportWidth } from './useViewportWidth';

// The stub runner carries the emulator's worker client and a d3 map: fetched only for a zboot image.
const Emulator = lazyView(() => import('../emulator/EmulatorPanel'));

export function InspectView() {
  const fileName = useStore((s) => s.fileName);
  const signed = useStore((s) => (s.inspection?.certificates?.length ?? 0) > 0);
  const isZboot = useStore((s) => s.inspection?.format === 'zboot');
  const vw = useViewportWidth();
  const side = usePaneSize('inspect.side', vw >= 1600 ? 400 : 300, 220, Math.max(260, vw * 0.45));
  const hex = usePaneSize('inspect.hex', 610, 300, Math.max(340, vw - side - 260));
  return (
    <div className="wb wb-inspect" style={{ gridTemplateColumns: `${side}px auto minmax(0, 1fr) auto ${hex}px` }}>
      <aside className="pane side" id="pane-inspect-side" aria-label="File and verdict">
        <SummaryCard />
        <VerdictCard />
        <UnpackPanel />
        <SignaturePanel />
        <SbatTable />
        {isZboot && <Emulator.View />}
        {fileName && <Command label="by hand" cmd={`llvm-readobj --file-headers --sections ${fileName}`} />}
        {fileName && signed && <Command label="signature" cmd={`sbverify --list ${fileName}`} />}
      </aside>
      <Splitter id="inspect.side" label="Resize the file and verdict pane" controls="pane-inspect-side" value={side} min={220} max={Math.max(260, vw * 0.45)} />
      <div className="pane" id="pane-inspect-tree">
        <FieldTree />
      </div>
      <Splitter id="inspect.hex" label="Resize the hex view" controls="pane-inspect-hex" value={hex} min={300} max={Math.max(340, vw - side - 260)} after />
      <div className="pane" id="pane-inspect-hex">
        <HexView />
      </div>
    </div>
  );
}
