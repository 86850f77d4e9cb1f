import type { StateCreator } from 'zustand';
import { sizeWord } from '../core/codecs/trailer';
import { DEFAULT_MAX_OUTPUT, DEFAULT_MAX_RATIO } from '../core/codecs/sink';
import type { Inspection } from '../core/inspect';
import type { UnpackedMessage } from '../workers/protocol';
import { UnpackError, unpackInWorker, warmUnpacker } from '../workers/client';
import type { AppState } from './store';

export type Layer = 'file' | 'inner';

export type UnpackState =
  | { status: 'idle' }
  | { status: 'running'; inBytes: number; outBytes: number; total: number; expected?: number; startedAt: number; updatedAt: number }
  | { status: 'done'; result: Omit<UnpackedMessage, 'data'>; data: Uint8Array }
  | { status: 'failed'; message: string; offset?: number }
  | { status: 'cancelled' };

export interface UnpackSlice {
  unpack: UnpackState;
  layer: Layer;
  maxOutput: number;
  maxRatio: number;
  setLayer: (l: Layer) => void;
  setLimits: (maxOutput: number, maxRatio: number) => void;
  startUnpack: () => void;
  cancelUnpack: () => void;
  /** Starts the decompression worker and compiles its decoders ahead of the first file. */
  prepareUnpack: () => void;
}

let current: { cancel: () => void } | undefined;

export const createUnpackSlice: StateCreator<AppState, [], [], UnpackSlice> = (set, get) => ({
  unpack: { status: 'idle' },
  layer: 'file',
  maxOutput: DEFAULT_MAX_OUTPUT,
  maxRatio: DEFAULT_MAX_RATIO,
  setLayer(layer) {
    set({ layer, selectedFieldId: undefined, hexCursor: undefined });
  },
  setLimits(maxOutput, maxRatio) {
    set({ maxOutput, maxRatio });
  },
  cancelUnpack() {
    current?.cancel();
    current = undefined;
  },
  prepareUnpack() {
    warmUnpacker();
  },
  startUnpack() {
    const { blob, bytes, inspection, loadSeq } = get();
    if (!blob || !bytes || !inspection) return;
    // a zboot payload, or a compressed plain Image whose stream is the whole file
    const c = inspection.compressed;
    const z = c ? { payloadOffset: 0, payloadSize: bytes.length, compression: c.codec as string } : inspection.zboot;
    if (!z || z.payloadOffset === undefined || z.payloadSize === undefined || z.compression === undefined) return;
    if (z.payloadOffset + z.payloadSize > bytes.length) {
      set({ unpack: { status: 'failed', message: 'the payload runs past the end of the file (payload_size at 0xc)', offset: 0xc } });
      return;
    }
    get().cancelUnpack();
    const sw = c && c.codec !== 'gzip' ? undefined : sizeWord(bytes, z.compression, z.payloadOffset, z.payloadSize);
    const total = z.payloadSize;
    set({ unpack: { status: 'running', inBytes: 0, outBytes: 0, total, ...(sw ? { expected: sw.value } : {}), startedAt: performance.now(), updatedAt: performance.now() } });
    // Only the payload crosses to the worker, as a Blob slice it reads itself.
    const job = unpackInWorker(
      blob.slice(z.payloadOffset, z.payloadOffset + z.payloadSize),
      { compression: z.compression, payloadOffset: z.payloadOffset, ...(sw ? { sizeWord: sw } : {}), container: c ? 'file' : 'zboot', maxOutput: get().maxOutput, maxRatio: get().maxRatio },
      (inBytes, outBytes) => {
        const u = get().unpack;
        if (u.status === 'running' && get().loadSeq === loadSeq) set({ unpack: { ...u, inBytes, outBytes, updatedAt: performance.now() } });
      },
    );
    current = job;
    void job.promise.then(
      ({ data, ...result }) => {
        if (get().loadSeq !== loadSeq) return;
        set({ unpack: { status: 'done', result, data: new Uint8Array(data) } });
        get().onUnpacked(result.inner);
      },
      (e: unknown) => {
        if (get().loadSeq !== loadSeq) return;
        if (e instanceof UnpackError && e.cancelled) set({ unpack: { status: 'cancelled' } });
        else set({ unpack: { status: 'failed', message: e instanceof Error ? e.message : String(e), ...(e instanceof UnpackError && e.offset !== undefined ? { offset: e.offset } : {}) } });
      },
    );
  },
});

/** The fields/bytes the tree and hex view show, for the active layer. */
export function activeLayer(s: AppState): { inspection?: Inspection; bytes?: Uint8Array } {
  if (s.layer === 'inner' && s.unpack.status === 'done') return { inspection: s.unpack.result.inner, bytes: s.unpack.data };
  return { inspection: s.inspection, bytes: s.bytes };
}
