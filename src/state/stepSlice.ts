import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export interface StepSlice {
  phaseIndex: number;
  setPhase: (i: number) => void;
}

export const createStepSlice: StateCreator<AppState, [], [], StepSlice> = (set) => ({
  phaseIndex: 0,
  setPhase(i) {
    set({ phaseIndex: Math.max(0, i) });
  },
});
