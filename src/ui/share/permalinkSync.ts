// The address bar is always the permalink: on start a "#v=1&s=…" hash is decoded and applied
// (or its error shown); afterwards every change of the snapshot rewrites the hash with
// history.replaceState — never the query string, never a request.
import { decodeHash, encodeSnapshot } from '../../core/permalink/codec';
import { buildSnapshot } from '../../state/shareSlice';
import { useStore } from '../../state/store';

/** Returns true when the hash held a link (applied, or rejected with a message). */
export async function applyHashOnStart(): Promise<boolean> {
  const hash = window.location.hash;
  if (!hash || hash === '#') return false;
  const r = await decodeHash(hash);
  if (r.ok) useStore.getState().applySnapshot(r.snapshot);
  else useStore.getState().setLinkError(`This link could not be opened: ${r.error}. The app is empty and ready: drop a kernel image or pick a sample.`);
  return true;
}

export function currentLink(): Promise<string> {
  return encodeSnapshot(buildSnapshot(useStore.getState()));
}

export function startHashSync(): () => void {
  let last = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = async () => {
    const s = useStore.getState();
    if (s.linkError && !s.inspection) return; // keep a rejected link visible until the user acts
    const link = await currentLink();
    if (link === last) return;
    last = link;
    history.replaceState(history.state, '', `#${link}`);
  };
  void write();
  const unsub = useStore.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(() => void write(), 100);
  });
  // a link pasted into the address bar of an open tab only changes the hash: apply it too
  const onHash = () => {
    if (window.location.hash === `#${last}`) return;
    last = window.location.hash.slice(1);
    void applyHashOnStart();
  };
  window.addEventListener('hashchange', onHash);
  return () => {
    clearTimeout(timer);
    unsub();
    window.removeEventListener('hashchange', onHash);
  };
}
