import type { StateCreator } from 'zustand';
import { TARGET_PRESETS, type TargetSystem } from '../core/verdict/target';
import type { AppState } from './store';

export interface VerdictSlice {
  target: TargetSystem;
  targetPreset: string;
  setTarget: (patch: Partial<TargetSystem>, preset?: string) => void;
}

const DEFAULT = TARGET_PRESETS.find((p) => p.id === 'debian13-arm64')!;

export const createVerdictSlice: StateCreator<AppState, [], [], VerdictSlice> = (set, get) => ({
  target: DEFAULT.target,
  targetPreset: DEFAULT.id,
  setTarget(patch, preset) {
    set({ target: { ...get().target, ...patch }, targetPreset: preset ?? 'custom' });
  },
});
