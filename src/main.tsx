import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/app.css';

// A tab left open across a deploy asks for a lazy chunk the new build no longer has: reload to get
// the new build, at most once in 10 s, so a chunk that is really missing shows its error instead
// of reloading forever.
const RELOADED_AT = 'zboot-explorer:preload-reload';
window.addEventListener('vite:preloadError', (e) => {
  const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
  if (Date.now() - last < 10_000) return;
  sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  e.preventDefault();
  location.reload();
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
