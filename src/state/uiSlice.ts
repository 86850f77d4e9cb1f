import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** Pane widths in CSS px, keyed "view.pane": each view keeps its own. */
export type PaneSizes = Record<string, number>;

const PANES_KEY = 'zboot-explorer.panes';

// Pane sizes survive a reload (local to this browser; nothing leaves it).
function loadPaneSizes(): PaneSizes {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(PANES_KEY);
    const v: unknown = raw ? JSON.parse(raw) : {};
    if (!v || typeof v !== 'object') return {};
    return Object.fromEntries(Object.entries(v).filter(([, n]) => typeof n === 'number' && Number.isFinite(n) && n > 0 && n < 10_000)) as PaneSizes;
  } catch {
    return {};
  }
}

export interface UiSlice {
  theme: ThemeChoice;
  teaching: boolean;
  /** Presentation mode: fullscreen, chrome hidden, large type, keyboard only. */
  presenting: boolean;
  paneSizes: PaneSizes;
  numberBase: 'hex' | 'dec';
  shortcutsOpen: boolean;
  glossaryTerm?: string;
  tourStep?: number;
  setTheme: (t: ThemeChoice) => void;
  setTeaching: (on: boolean) => void;
  setPresenting: (on: boolean) => void;
  setPaneSize: (key: string, px: number) => void;
  setNumberBase: (b: 'hex' | 'dec') => void;
  setShortcutsOpen: (on: boolean) => void;
  openGlossary: (term: string | undefined) => void;
  setTourStep: (s: number | undefined) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  theme: 'system',
  teaching: false,
  presenting: false,
  paneSizes: loadPaneSizes(),
  numberBase: 'hex',
  shortcutsOpen: false,
  setTheme: (theme) => set({ theme }),
  setTeaching: (teaching) => set({ teaching }),
  setPresenting: (presenting) => set({ presenting }),
  setPaneSize(key, px) {
    const paneSizes = { ...get().paneSizes, [key]: Math.round(px) };
    set({ paneSizes });
    try {
      localStorage.setItem(PANES_KEY, JSON.stringify(paneSizes));
    } catch {
      // storage refused (private mode, quota): the sizes still hold for this session
    }
  },
  setNumberBase: (numberBase) => set({ numberBase }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  openGlossary: (glossaryTerm) => set({ glossaryTerm }),
  setTourStep: (tourStep) => set({ tourStep }),
});
