// One zustand store, one small slice per concern. Views read slices; core knows nothing of this.
import { create } from 'zustand';
import type { Inspection } from '../core/inspect';
import { type FileSlice, createFileSlice } from './fileSlice';
import { type SelectionSlice, createSelectionSlice } from './selectionSlice';

export type AppState = FileSlice & SelectionSlice;

export const useStore = create<AppState>()((...a) => ({
  ...createFileSlice(...a),
  ...createSelectionSlice(...a),
}));

export type { Inspection };
