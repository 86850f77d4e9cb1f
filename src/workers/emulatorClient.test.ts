// The emulator worker's client with a fake Worker: messages forwarded in order, the worker
// terminated when the run ends, on Cancel and when it crashes — each with its own outcome.
import { describe, expect, it } from 'vitest';
import { EmulatorCancelled, emulateInWorker, setEmulatorFactory } from './emulatorClient';
import type { EmulateRequest, EmulatorMessage } from './emulatorProtocol';

class FakeWorker {
  onmessage: ((ev: { data: EmulatorMessage }) => void) | null = null;
  onerror: ((ev: { message: string; preventDefault?: () => void }) => void) | null = null;
  terminated = false;
  constructor(private readonly script: (w: FakeWorker) => void) {}
  postMessage(_req: EmulateRequest) {
    setTimeout(() => this.script(this), 1);
  }
  send(m: EmulatorMessage) {
    if (!this.terminated) this.onmessage?.({ data: m });
  }
  terminate() {
    this.terminated = true;
  }
}

const REQ: EmulateRequest = { kind: 'emulate', file: new Blob([]), cmdline: '', maxInstructions: 1, maxSeconds: 1 };

function spawnWith(script: (w: FakeWorker) => void): FakeWorker[] {
  const made: FakeWorker[] = [];
  setEmulatorFactory(() => {
    const w = new FakeWorker(script);
    made.push(w);
    return w as unknown as Worker;
  });
  return made;
}

describe('emulateInWorker', () => {
  it('forwards progress and trace batches, resolves with the report, then terminates the worker', async () => {
    const made = spawnWith((w) => {
      w.send({ kind: 'progress', instructions: 5, seconds: 0.1 });
      w.send({ kind: 'allocations', events: [] });
      w.send({ kind: 'done', report: { exit: 'kernel-entry' } as never });
    });
    const seen: string[] = [];
    const job = emulateInWorker(REQ, (m) => seen.push(m.kind));
    expect((await job.done).exit).toBe('kernel-entry');
    expect(seen).toEqual(['progress', 'allocations']);
    expect(made[0]!.terminated).toBe(true);
  });

  it('Cancel terminates the worker and rejects with EmulatorCancelled', async () => {
    const made = spawnWith(() => {});
    const job = emulateInWorker(REQ, () => {});
    job.cancel();
    await expect(job.done).rejects.toBeInstanceOf(EmulatorCancelled);
    expect(made[0]!.terminated).toBe(true);
  });

  it('a crashed worker rejects with its message', async () => {
    spawnWith((w) => w.onerror?.({ message: 'RangeError: WebAssembly.Memory(): could not allocate memory' }));
    await expect(emulateInWorker(REQ, () => {}).done).rejects.toThrow(/emulator worker crashed: RangeError/);
  });
});
