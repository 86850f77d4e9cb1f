import type { StateCreator } from 'zustand';
import type { Inspection } from '../core/inspect';
import { inspectInWorker } from '../workers/client';
import type { AppState } from './store';

export type FileStatus = 'idle' | 'reading' | 'inspecting' | 'ready' | 'failed';

export interface FileSlice {
  fileName?: string;
  bytes?: Uint8Array;
  inspection?: Inspection;
  status: FileStatus;
  statusMessage?: string;
  /** Bumped per load so a slow older load never overwrites a newer one. */
  loadSeq: number;
  openBuffer: (name: string, buffer: ArrayBuffer) => Promise<void>;
  openFile: (file: File) => Promise<void>;
  openUrl: (name: string, url: string) => Promise<void>;
}

export const createFileSlice: StateCreator<AppState, [], [], FileSlice> = (set, get) => ({
  status: 'idle',
  loadSeq: 0,
  async openBuffer(name, buffer) {
    const seq = get().loadSeq + 1;
    set({ loadSeq: seq, status: 'inspecting', statusMessage: `Inspecting ${name}…`, fileName: name, selectedFieldId: undefined, hexCursor: undefined });
    try {
      const { inspection, buffer: back } = await inspectInWorker(buffer);
      if (get().loadSeq !== seq) return;
      set({ status: 'ready', statusMessage: undefined, inspection, bytes: new Uint8Array(back) });
    } catch (e) {
      if (get().loadSeq !== seq) return;
      set({ status: 'failed', statusMessage: e instanceof Error ? e.message : String(e), inspection: undefined, bytes: undefined });
    }
  },
  async openFile(file) {
    set({ status: 'reading', statusMessage: `Reading ${file.name}…` });
    await get().openBuffer(file.name, await file.arrayBuffer());
  },
  async openUrl(name, url) {
    set({ status: 'reading', statusMessage: `Loading ${name}…` });
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      await get().openBuffer(name, await res.arrayBuffer());
    } catch (e) {
      set({ status: 'failed', statusMessage: e instanceof Error ? e.message : String(e) });
    }
  },
});
