// The status line at the foot of the window: the open file (in every view), then the message;
// one fixed-height row, so a message appearing or
// going never moves the panes (messages longer than the row are cut, whole in the title).
import { useStore } from '../../state/store';

export function StatusBar() {
  const status = useStore((s) => s.status);
  const message = useStore((s) => s.statusMessage);
  const cancelInspect = useStore((s) => s.cancelInspect);
  const fileName = useStore((s) => s.fileName);
  const format = useStore((s) => s.inspection?.format);
  const snapshot = useStore((s) => !s.inspection && !!s.snapshot?.image);
  return (
    <footer className="statusbar">
      {fileName && (
        <span className="openfile" title={fileName}>
          <span className="mono" data-testid="open-file">{fileName}</span>
          {format && <span className="badge" data-testid="open-format">{format}</span>}
          {snapshot && <span className="badge">snapshot</span>}
        </span>
      )}
      <div className="status" role="status" aria-live="polite" title={message ?? ''}>
        {status === 'failed' ? <span className="error">{message}</span> : message}
      </div>
      {status === 'inspecting' && (
        <>
          <progress aria-label="Inspection progress" />
          <button type="button" onClick={cancelInspect}>
            Cancel
          </button>
        </>
      )}
    </footer>
  );
}
