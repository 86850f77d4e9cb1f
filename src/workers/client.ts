// Main-thread side of the analysis worker: one request at a time, promise-based. A worker that
// dies (error event) is replaced and its pending request rejected, never left hanging.
import type { Inspection } from '../core/inspect';
import type { WorkerRequest, WorkerResponse } from './protocol';

type Pending = { resolve: (r: { inspection: Inspection; buffer: ArrayBuffer }) => void; reject: (e: Error) => void };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(message: string) {
  for (const p of pending.values()) p.reject(new Error(message));
  pending.clear();
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (ev: MessageEvent<WorkerResponse>) => {
    const msg = ev.data;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.kind === 'inspected') p.resolve({ inspection: msg.inspection, buffer: msg.buffer });
    else p.reject(new Error(msg.message));
  };
  w.onerror = (ev) => {
    ev.preventDefault();
    w.terminate();
    worker = undefined;
    failAll(`the analysis worker crashed: ${ev.message || 'unknown error'}`);
  };
  worker = w;
  return w;
}

/** Inspects `buffer` in the worker. The buffer is transferred (detached here) and returned. */
export function inspectInWorker(buffer: ArrayBuffer): Promise<{ inspection: Inspection; buffer: ArrayBuffer }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const req: WorkerRequest = { id, kind: 'inspect', buffer };
    getWorker().postMessage(req, [buffer]);
  });
}
