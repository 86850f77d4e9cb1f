// Main-thread side of the devicetree worker: one short-lived worker per request, terminated
// when it answers or after a timeout, so a hostile file can never leave a promise pending.
import type { DevicetreeRequest, DevicetreeResponse, PreparedMessage } from './devicetreeProtocol';

const TIMEOUT_MS = 60_000;
let nextId = 1;

export function prepareDevicetreeInWorker(req: Omit<DevicetreeRequest, 'id'>): Promise<PreparedMessage> {
  const w = new Worker(new URL('./devicetree.worker.ts', import.meta.url), { type: 'module' });
  const id = nextId++;
  return new Promise<PreparedMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the devicetree worker did not answer within ${TIMEOUT_MS / 1000} s and was stopped`)), TIMEOUT_MS);
    w.onmessage = (ev: MessageEvent<DevicetreeResponse>) => {
      const m = ev.data;
      if (m?.id !== id) return;
      clearTimeout(timer);
      if (m.kind === 'prepared') resolve(m);
      else reject(new Error(m.message));
    };
    w.onerror = (ev) => {
      ev.preventDefault?.();
      clearTimeout(timer);
      reject(new Error(`the devicetree worker crashed: ${ev.message || 'out of memory or a script error'}`));
    };
    w.postMessage({ id, ...req } satisfies DevicetreeRequest);
  }).finally(() => w.terminate());
}
