import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface UiSlice {
  theme: ThemeChoice;
  teaching: boolean;
  numberBase: 'hex' | 'dec';
  shortcutsOpen: boolean;
  glossaryTerm?: string;
  tourStep?: number;
  setTheme: (t: ThemeChoice) => void;
  setTeaching: (on: boolean) => void;
  setNumberBase: (b: 'hex' | 'dec') => void;
  setShortcutsOpen: (on: boolean) => void;
  openGlossary: (term: string | undefined) => void;
  setTourStep: (s: number | undefined) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  theme: 'system',
  teaching: false,
  numberBase: 'hex',
  shortcutsOpen: false,
  setTheme: (theme) => set({ theme }),
  setTeaching: (teaching) => set({ teaching }),
  setNumberBase: (numberBase) => set({ numberBase }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  openGlossary: (glossaryTerm) => set({ glossaryTerm }),
  setTourStep: (tourStep) => set({ tourStep }),
});
