import type { StateCreator } from 'zustand';
import { findField, innermostFieldAt } from '../core/bytes/field';
import type { AppState } from './store';
import { activeLayer } from './unpackSlice';

export interface SelectionSlice {
  selectedFieldId?: string;
  /** Byte offset the hex view's cursor is on (in the active layer). */
  hexCursor?: number;
  /** Other end of a Shift-extended byte selection. */
  hexAnchor?: number;
  selectField: (id: string | undefined) => void;
  /** Selecting a byte selects the innermost field holding it. */
  selectByte: (offset: number) => void;
  /** Move the cursor; with extend, keep (or start) a byte range from the anchor. */
  moveCursor: (offset: number, extend: boolean) => void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selectField(id) {
    const f = id ? findField(activeLayer(get()).inspection?.fields ?? [], id) : undefined;
    set({ selectedFieldId: id, hexCursor: f ? f.offset : get().hexCursor, hexAnchor: undefined });
  },
  selectByte(offset) {
    const f = innermostFieldAt(activeLayer(get()).inspection?.fields ?? [], offset);
    set({ hexCursor: offset, selectedFieldId: f?.id, hexAnchor: undefined });
  },
  moveCursor(offset, extend) {
    const { hexCursor, hexAnchor } = get();
    if (extend) {
      set({ hexCursor: offset, hexAnchor: hexAnchor ?? hexCursor ?? offset });
      return;
    }
    get().selectByte(offset);
  },
});
