// Main-thread side of the analysis workers. Inspection uses one long-lived worker; every
// decompression gets a worker of its own, so Cancel can terminate it outright. A worker that
// dies (error event, OOM) is dropped and its pending request rejected, never left hanging.
import type { SizeWord } from '../core/codecs/trailer';
import type { Inspection } from '../core/inspect';
import type { UnpackedMessage, WorkerRequest, WorkerResponse } from './protocol';

let nextId = 1;

function spawn(): Worker {
  return new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
}

/** Runs one request on `w`; resolves with the final message, forwards progress. */
function request(w: Worker, req: WorkerRequest, transfer: Transferable[], onProgress?: (i: number, o: number) => void): Promise<WorkerResponse> {
  return new Promise((resolve, reject) => {
    w.onmessage = (ev: MessageEvent<WorkerResponse>) => {
      const m = ev.data;
      if (m.id !== req.id) return;
      if (m.kind === 'progress') onProgress?.(m.inBytes, m.outBytes);
      else resolve(m);
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      reject(new Error(`the analysis worker crashed: ${ev.message || 'out of memory or a script error'}`));
    };
    w.onmessageerror = () => reject(new Error('a worker message could not be read'));
    w.postMessage(req, transfer);
  });
}

let inspector: Worker | undefined;

/** Inspects `buffer` in the worker. The buffer is transferred (detached here) and returned. */
export async function inspectInWorker(buffer: ArrayBuffer): Promise<{ inspection: Inspection; buffer: ArrayBuffer }> {
  inspector ??= spawn();
  const w = inspector;
  try {
    const m = await request(w, { id: nextId++, kind: 'inspect', buffer }, [buffer]);
    if (m.kind === 'inspected') return { inspection: m.inspection, buffer: m.buffer };
    throw new Error(m.kind === 'failed' ? m.message : 'unexpected worker reply');
  } catch (e) {
    w.terminate();
    if (inspector === w) inspector = undefined;
    throw e;
  }
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
  payload: ArrayBuffer,
  meta: { compression: string; payloadOffset: number; sizeWord?: SizeWord; maxOutput: number; maxRatio: number },
  onProgress: (inBytes: number, outBytes: number) => void,
): UnpackJob {
  const w = spawn();
  let cancel!: () => void;
  const cancelled = new Promise<never>((_, reject) => {
    cancel = () => {
      w.terminate();
      reject(new UnpackError('cancelled', undefined, true));
    };
  });
  const req: WorkerRequest = { id: nextId++, kind: 'unpack', payload, ...meta };
  const run = request(w, req, [payload], onProgress).then((m) => {
    if (m.kind === 'unpacked') return m as UnpackedMessage;
    throw new UnpackError(m.kind === 'failed' ? m.message : 'unexpected worker reply', m.kind === 'failed' ? m.offset : undefined);
  });
  const promise = Promise.race([run, cancelled]).finally(() => w.terminate());
  return { promise, cancel };
}
