// Main-thread side of the signature worker: one short-lived worker per check (a user picks a CA
// rarely; nothing is worth keeping warm), terminated when it answers, fails or times out.
import type { SignatureCheck } from '../core/signature/verify';

export interface SignatureRequest {
  id: number;
  image: Blob;
  ca: Blob;
}
export type SignatureResponse = { id: number; check: SignatureCheck } | { id: number; error: string };

const TIMEOUT_MS = 60_000;
let nextId = 1;

export function verifyInWorker(image: Blob, ca: Blob): Promise<SignatureCheck> {
  const w = new Worker(new URL('./signature.worker.ts', import.meta.url), { type: 'module' });
  const id = nextId++;
  return new Promise<SignatureCheck>((resolve, reject) => {
    const settle = (f: () => void) => {
      clearTimeout(timer);
      w.terminate();
      f();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`the signature check did not answer within ${TIMEOUT_MS / 1000} s and was stopped`))), TIMEOUT_MS);
    w.onmessage = (ev: MessageEvent<SignatureResponse>) => {
      const m = ev.data;
      if (m?.id !== id) return;
      settle(() => ('check' in m ? resolve(m.check) : reject(new Error(m.error))));
    };
    w.onerror = (ev) => {
      ev.preventDefault?.();
      settle(() => reject(new Error(`the signature worker crashed: ${ev.message || 'a script error'}`)));
    };
    w.onmessageerror = () => settle(() => reject(new Error('a message from the signature worker could not be read')));
    w.postMessage({ id, image, ca } satisfies SignatureRequest);
  });
}
