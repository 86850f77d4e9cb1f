// Thin adapter: runs core/inspect off the main thread.
import { inspectBytes } from '../core/inspect';
import type { WorkerRequest, WorkerResponse } from './protocol';

const post = (msg: WorkerResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);

self.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  try {
    const inspection = await inspectBytes(new Uint8Array(req.buffer));
    post({ id: req.id, kind: 'inspected', inspection, buffer: req.buffer }, [req.buffer]);
  } catch (e) {
    // The core does not throw on bad input; reaching here is a bug, reported rather than hung.
    post({ id: req.id, kind: 'failed', message: e instanceof Error ? e.message : String(e), buffer: req.buffer }, [req.buffer]);
  }
};
