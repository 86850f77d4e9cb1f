// Main-thread side of the emulator worker: one worker per run (the guest's RAM dies with it),
// terminated on Cancel — which also ends a runaway stub at once, whatever it is doing.
import type { EmulateRequest, EmulatorMessage } from './emulatorProtocol';

export interface EmulatorJob {
  cancel: () => void;
  done: Promise<Extract<EmulatorMessage, { kind: 'done' }>['report']>;
}

export class EmulatorCancelled extends Error {}

/** Replaceable for tests; the app uses the real module worker. */
export let spawnEmulator = (): Worker => new Worker(new URL('./emulator.worker.ts', import.meta.url), { type: 'module' });
export function setEmulatorFactory(f: () => Worker): void {
  spawnEmulator = f;
}

export function emulateInWorker(req: EmulateRequest, onMessage: (m: EmulatorMessage) => void): EmulatorJob {
  const w = spawnEmulator();
  let reject: (e: Error) => void = () => {};
  const done = new Promise<Extract<EmulatorMessage, { kind: 'done' }>['report']>((res, rej) => {
    reject = rej;
    w.onmessage = (ev: MessageEvent<EmulatorMessage>) => {
      const m = ev.data;
      if (m.kind === 'done') {
        w.terminate();
        res(m.report);
      } else if (m.kind === 'failed') {
        w.terminate();
        rej(new Error(m.message));
      } else onMessage(m);
    };
    w.onerror = (ev) => {
      ev.preventDefault?.();
      w.terminate();
      rej(new Error(`the emulator worker crashed: ${ev.message || 'out of memory or a script error'}`));
    };
  });
  w.postMessage(req);
  return {
    done,
    cancel: () => {
      w.terminate();
      reject(new EmulatorCancelled('cancelled'));
    },
  };
}
