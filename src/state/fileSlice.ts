import type { StateCreator } from 'zustand';
import type { Inspection } from '../core/inspect';
import { MAX_JSON, parseSnapshotJson } from '../core/permalink/codec';
import { cancelInspection, inspectInWorker } from '../workers/client';
import type { AppState } from './store';

export type FileStatus = 'idle' | 'reading' | 'inspecting' | 'ready' | 'failed';

/** Files above this are refused before reading (hostile or mistaken drops); configurable. */
export const DEFAULT_MAX_FILE = 1024 * 1024 * 1024;

export interface FileSlice {
  fileName?: string;
  /** The file as dropped; read again (sliced) for the decompression worker, never copied here. */
  blob?: Blob;
  bytes?: Uint8Array;
  inspection?: Inspection;
  status: FileStatus;
  statusMessage?: string;
  /** Bumped per load so a slow older load never overwrites a newer one. */
  loadSeq: number;
  maxFile: number;
  setMaxFile: (n: number) => void;
  openBlob: (name: string, blob: Blob) => Promise<void>;
  /** Stops a running inspection: the worker is terminated, the app stays usable. */
  cancelInspect: () => void;
  openUrl: (name: string, url: string) => Promise<void>;
}

export const createFileSlice: StateCreator<AppState, [], [], FileSlice> = (set, get) => ({
  status: 'idle',
  loadSeq: 0,
  maxFile: DEFAULT_MAX_FILE,
  setMaxFile(maxFile) {
    set({ maxFile });
  },
  async openBlob(name, blob) {
    if (/\.json$/i.test(name) || blob.type === 'application/json') {
      // an exported snapshot, imported back: the same guards as a link
      if (blob.size > MAX_JSON) return get().setLinkError(`${name} is ${blob.size} bytes: too large for a snapshot`);
      const r = parseSnapshotJson(await blob.text());
      if (r.ok) get().applySnapshot(r.snapshot);
      else get().setLinkError(`${name} is not a snapshot this app can open: ${r.error}`);
      return;
    }
    const seq = get().loadSeq + 1;
    // the file this one replaces: its inspection and decompression are withdrawn, not left to
    // finish in the background (their late answers are dropped by id, and by loadSeq here)
    cancelInspection();
    get().cancelUnpack();
    get().cancelStub();
    // the previous file's fields must not show under the new name while it loads
    set({ loadSeq: seq, fileName: name, blob, inspection: undefined, bytes: undefined, linkError: undefined, status: 'reading', statusMessage: `Reading ${name}…`, selectedFieldId: undefined, hexCursor: undefined, layer: 'file', unpack: { status: 'idle' }, emuRun: { status: 'idle' }, emuCalls: [], emuAllocations: [] });
    const max = get().maxFile;
    if (blob.size > max) {
      set({ status: 'failed', statusMessage: `${name} is ${blob.size} bytes: over the ${max / 1024 / 1024} MiB file size limit, not read`, inspection: undefined, bytes: undefined });
      return;
    }
    try {
      set({ status: 'inspecting', statusMessage: `Reading and inspecting ${name} (${blob.size} bytes)…` });
      const { inspection, buffer: back } = await inspectInWorker(blob);
      if (get().loadSeq !== seq) return;
      const bytes = new Uint8Array(back);
      const snap = get().snapshot;
      if (snap?.image) {
        // a file dropped onto a snapshot: say whether it is the one the snapshot was made from,
        // and keep the snapshot's layout settings
        const match = inspection.sha256 === snap.image.sha256 ? 'same' : 'different';
        set({ status: 'ready', statusMessage: undefined, inspection, bytes, snapshot: { ...snap, match } });
      } else {
        set({ status: 'ready', statusMessage: undefined, inspection, bytes, snapshot: undefined });
        get().onInspected(inspection);
      }
      if (inspection.format === 'zboot' || inspection.format === 'compressed') get().startUnpack();
    } catch (e) {
      if (get().loadSeq !== seq) return;
      set({ status: 'failed', statusMessage: e instanceof Error ? e.message : String(e), inspection: undefined, bytes: undefined });
    }
  },
  cancelInspect() {
    cancelInspection();
    set({ loadSeq: get().loadSeq + 1, status: 'failed', statusMessage: 'Inspection cancelled.', inspection: undefined, bytes: undefined });
  },
  async openUrl(name, url) {
    set({ status: 'reading', statusMessage: `Loading ${name}…` });
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      await get().openBlob(name, await res.blob());
    } catch (e) {
      set({ status: 'failed', statusMessage: e instanceof Error ? e.message : String(e) });
    }
  },
});
