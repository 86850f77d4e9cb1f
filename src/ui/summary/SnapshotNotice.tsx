// Above every view while a snapshot from a link is open: the bytes are not part of it, and how
// to get them back; after the file is dropped, whether it is the one the snapshot was made from.
import { useStore } from '../../state/store';
import { SAMPLES, sampleUrl } from '../samples';

export function SnapshotNotice() {
  const snapshot = useStore((s) => s.snapshot);
  const ins = useStore((s) => s.inspection);
  const openUrl = useStore((s) => s.openUrl);
  const im = snapshot?.image;
  if (im && !ins) {
    const sample = SAMPLES.find((x) => x.file === im.name);
    return (
      <p className="callout snapshot-notice" data-testid="snapshot-notice">
        This is a snapshot from a link: the image's bytes are not included. Drop <strong>{im.name}</strong> to inspect it; its sha256 will be compared with the snapshot's.
        {sample && (
          <>
            {' '}
            <button type="button" className="link" onClick={() => void openUrl(im.name, sampleUrl(sample))}>
              It is a built-in sample: open it
            </button>
          </>
        )}
      </p>
    );
  }
  if (ins && snapshot?.match)
    return (
      <p className={`callout snapshot-notice${snapshot.match === 'different' ? ' error' : ''}`} data-testid="snapshot-match">
        {snapshot.match === 'same'
          ? 'This file is the one the snapshot was made from (sha256 matches).'
          : `This file differs from the snapshot's (sha256 ${snapshot.image?.sha256.slice(0, 16)}… expected, ${ins.sha256.slice(0, 16)}… found).`}
      </p>
    );
  return null;
}
