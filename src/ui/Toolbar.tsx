// Display settings: theme, teaching (presentation) mode, hex/decimal numbers, tour and help.
import { useEffect } from 'react';
import { useStore } from '../state/store';
import type { ThemeChoice } from '../state/uiSlice';

export function Toolbar() {
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  const teaching = useStore((s) => s.teaching);
  const setTeaching = useStore((s) => s.setTeaching);
  const setPresenting = useStore((s) => s.setPresenting);
  const base = useStore((s) => s.numberBase);
  const setBase = useStore((s) => s.setNumberBase);
  const setShortcuts = useStore((s) => s.setShortcutsOpen);
  const setTour = useStore((s) => s.setTourStep);
  const openGlossary = useStore((s) => s.openGlossary);

  // The effective theme follows the OS unless the person chose one.
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (mq.matches ? 'dark' : 'light') : theme;
    };
    apply();
    mq.addEventListener('change', apply);
    return () => mq.removeEventListener('change', apply);
  }, [theme]);
  useEffect(() => {
    document.documentElement.classList.toggle('teaching', teaching);
  }, [teaching]);

  return (
    <div className="toolbar" role="group" aria-label="Display">
      <label className="small">
        Theme{' '}
        <select aria-label="Theme" value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
          <option value="system">system</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </label>
      <button type="button" aria-pressed={base === 'dec'} onClick={() => setBase(base === 'hex' ? 'dec' : 'hex')} title="show numbers in decimal or hexadecimal">
        {base === 'hex' ? '0x' : '10'}
      </button>
      <button type="button" aria-pressed={teaching} onClick={() => setTeaching(!teaching)}>
        Teaching mode
      </button>
      <button type="button" onClick={() => setPresenting(true)} title="fullscreen, large type, keyboard only (p)">
        Present
      </button>
      <button type="button" onClick={() => setTour(0)}>
        Tour
      </button>
      <button type="button" onClick={() => openGlossary('')}>
        Glossary
      </button>
      <button type="button" onClick={() => setShortcuts(true)} aria-label="Keyboard shortcuts">
        ?
      </button>
    </div>
  );
}
