import type { StateCreator } from 'zustand';
import { findField, innermostFieldAt } from '../core/bytes/field';
import type { AppState } from './store';
import { activeLayer } from './unpackSlice';

export interface SelectionSlice {
  selectedFieldId?: string;
  /** Byte offset the hex view's cursor is on (in the active layer). */
  hexCursor?: number;
  selectField: (id: string | undefined) => void;
  /** Selecting a byte selects the innermost field holding it. */
  selectByte: (offset: number) => void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selectField(id) {
    const f = id ? findField(activeLayer(get()).inspection?.fields ?? [], id) : undefined;
    set({ selectedFieldId: id, hexCursor: f ? f.offset : get().hexCursor });
  },
  selectByte(offset) {
    const f = innermostFieldAt(activeLayer(get()).inspection?.fields ?? [], offset);
    set({ hexCursor: offset, selectedFieldId: f?.id });
  },
});
