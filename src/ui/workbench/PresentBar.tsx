// Presentation mode: the page goes fullscreen (where the browser allows it), the chrome is
// replaced by this one slim bar, type is large, and the keyboard drives it (←/→ step, Esc or p
// leaves). "Copy link" stays, so the audience can have the exact view.
import { useEffect } from 'react';
import { useStore } from '../../state/store';
import { ShareBar } from '../share/ShareBar';

export function PresentBar() {
  const setPresenting = useStore((s) => s.setPresenting);
  const tab = useStore((s) => s.tab);
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add('presenting');
    // fullscreen needs a user gesture and may be refused (iframes, headless): presenting works without it
    if (!document.fullscreenElement) root.requestFullscreen?.().catch(() => undefined);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setPresenting(false);
    };
    // leaving fullscreen with the browser's own Esc ends the presentation too
    const onFs = () => {
      if (!document.fullscreenElement) setPresenting(false);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFs);
    return () => {
      root.classList.remove('presenting');
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFs);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, [setPresenting]);
  return (
    <header className="presentbar">
      <strong>zboot-explorer</strong>
      <span className="muted">{{ inspect: 'Inspect', layout: 'Lay out', step: 'Step' }[tab]} · ←/→ step · 1/2/3 views · Esc leaves</span>
      <ShareBar />
      <button type="button" onClick={() => setPresenting(false)}>
        Exit presentation
      </button>
    </header>
  );
}
