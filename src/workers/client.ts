// Main-thread side of the analysis workers. Inspection and decompression each use a long-lived
// worker (so the wasm decoders stay compiled and warm); Cancel, an error or a bomb terminates
// the decompression worker outright and the next file gets a fresh one. A worker that
// dies (error event, unreadable message) or stops answering (watchdog) is terminated and
// replaced, and its pending request rejected: no promise is left pending forever.
import type { SizeWord } from '../core/codecs/trailer';
import type { Inspection } from '../core/inspect';
import type { UnpackedMessage, WorkerRequest, WorkerResponse } from './protocol';

let nextId = 1;

/** Replaceable for tests (a fake worker) — the app always uses the real module worker. */
export let spawnWorker = (): Worker => new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
export function setWorkerFactory(f: () => Worker): void {
  spawnWorker = f;
  inspector?.terminate();
  inspector = undefined;
  unpacker?.terminate();
  unpacker = undefined;
}

/** Inspection of even a 1 GiB file takes seconds; a worker silent for this long is presumed dead. */
export let INSPECT_TIMEOUT_MS = 120_000;
export function setInspectTimeout(ms: number): void {
  INSPECT_TIMEOUT_MS = ms;
}

/** Runs one request on `w`; resolves with the final message, forwards progress. */
function request(w: Worker, req: WorkerRequest, transfer: Transferable[], onProgress?: (i: number, o: number) => void, timeoutMs?: number): Promise<WorkerResponse> {
  return new Promise((resolve, reject) => {
    const timer = timeoutMs ? setTimeout(() => reject(new Error(`the analysis worker did not answer within ${Math.round(timeoutMs / 1000)} s and was stopped`)), timeoutMs) : undefined;
    const done = () => clearTimeout(timer);
    w.onmessage = (ev: MessageEvent<WorkerResponse>) => {
      const m = ev.data;
      if (!m || m.id !== req.id) return;
      if (m.kind === 'progress') onProgress?.(m.inBytes, m.outBytes);
      else {
        done();
        resolve(m);
      }
    };
    w.onerror = (ev) => {
      ev.preventDefault?.();
      done();
      reject(new Error(`the analysis worker crashed: ${ev.message || 'out of memory or a script error'}`));
    };
    w.onmessageerror = () => {
      done();
      reject(new Error('a message from the analysis worker could not be read'));
    };
    try {
      w.postMessage(req, transfer);
    } catch (e) {
      done();
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

let inspector: Worker | undefined;
let unpacker: Worker | undefined;

/** Terminates the inspecting worker; its pending request is rejected via the error path. */
export function cancelInspection(): void {
  const w = inspector;
  inspector = undefined;
  if (!w) return;
  w.terminate();
  w.onerror?.(new ErrorEvent('error', { message: 'cancelled' }));
}

/** Reads and inspects `file` in the worker; its bytes come back as a transferred buffer. */
export async function inspectInWorker(file: Blob): Promise<{ inspection: Inspection; buffer: ArrayBuffer }> {
  inspector ??= spawnWorker();
  const w = inspector;
  try {
    const m = await request(w, { id: nextId++, kind: 'inspect', file }, [], undefined, INSPECT_TIMEOUT_MS);
    if (m.kind === 'inspected') return { inspection: m.inspection, buffer: m.buffer };
    throw new Error(m.kind === 'failed' ? m.message : 'unexpected worker reply');
  } catch (e) {
    // whatever went wrong, the next file gets a fresh worker
    w.terminate();
    if (inspector === w) inspector = undefined;
    throw e;
  }
}

/** Starts the decompression worker and has it compile its wasm decoders, while the page is idle. */
export function warmUnpacker(): void {
  if (!unpacker) {
    const w = (unpacker = spawnWorker());
    // one that cannot even load is dropped now (else the first file would wait on a dead worker)
    w.onerror = (ev) => {
      ev.preventDefault?.();
      w.terminate();
      if (unpacker === w) unpacker = undefined;
    };
  }
  unpacker.postMessage({ id: nextId++, kind: 'warm' } satisfies WorkerRequest);
}

export interface UnpackJob {
  promise: Promise<UnpackedMessage>;
  cancel: () => void;
}

export class UnpackError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
    readonly cancelled = false,
  ) {
    super(message);
  }
}

export function unpackInWorker(
  payload: Blob,
  meta: { compression: string; payloadOffset: number; sizeWord?: SizeWord; maxOutput: number; maxRatio: number },
  onProgress: (inBytes: number, outBytes: number) => void,
): UnpackJob {
  unpacker ??= spawnWorker();
  const w = unpacker;
  const drop = () => {
    w.terminate();
    if (unpacker === w) unpacker = undefined;
  };
  let cancel!: () => void;
  const cancelled = new Promise<never>((_, reject) => {
    cancel = () => {
      drop();
      reject(new UnpackError('cancelled', undefined, true));
    };
  });
  const req: WorkerRequest = { id: nextId++, kind: 'unpack', payload, ...meta };
  const run = request(w, req, [], onProgress).then((m) => {
    if (m.kind === 'unpacked') return m as UnpackedMessage;
    throw new UnpackError(m.kind === 'failed' ? m.message : 'unexpected worker reply', m.kind === 'failed' ? m.offset : undefined);
  });
  // a failed job (corrupt stream, bomb, crash) retires its worker; a good one stays warm
  const promise = Promise.race([run, cancelled]).catch((e: unknown) => {
    drop();
    throw e;
  });
  return { promise, cancel };
}
