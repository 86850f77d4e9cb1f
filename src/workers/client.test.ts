// Worker faults, injected with a fake Worker: a crash, a hang, an unreadable message, a cancel.
// Each rejects its promise with a message, and the next request gets a fresh worker.
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerRequest } from './protocol';
import { inspectInWorker, setInspectTimeout, setWorkerFactory, unpackInWorker, warmUnpacker } from './client';

type Behaviour = 'ok' | 'crash' | 'hang' | 'garbled' | 'slow-unpack';

class FakeWorker {
  static spawned: FakeWorker[] = [];
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: { message: string; preventDefault?: () => void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  constructor(readonly behaviour: Behaviour) {
    FakeWorker.spawned.push(this);
  }
  postMessage(req: WorkerRequest) {
    setTimeout(() => {
      if (this.terminated) return;
      if (this.behaviour === 'crash') this.onerror?.({ message: 'Uncaught RangeError: Array buffer allocation failed' });
      else if (this.behaviour === 'garbled') this.onmessageerror?.();
      else if (this.behaviour === 'ok' && req.kind === 'inspect') this.onmessage?.({ data: { id: req.id, kind: 'inspected', inspection: { format: 'unknown' }, buffer: new ArrayBuffer(8) } });
      else if (this.behaviour === 'slow-unpack') this.onmessage?.({ data: { id: req.id, kind: 'progress', inBytes: 1, outBytes: 2 } });
      else if (this.behaviour === 'ok' && req.kind === 'unpack') this.onmessage?.({ data: { id: req.id, kind: 'failed', message: 'fake: no decoder' } });
    }, 5);
  }
  terminate() {
    this.terminated = true;
  }
}

const use = (...behaviours: Behaviour[]) => {
  FakeWorker.spawned = [];
  let i = 0;
  setWorkerFactory(() => new FakeWorker(behaviours[Math.min(i++, behaviours.length - 1)] as Behaviour) as unknown as Worker);
};

afterEach(() => setInspectTimeout(120_000));

describe('analysis worker faults', () => {
  it('a crash rejects with the error and the next file gets a new worker', async () => {
    use('crash', 'ok');
    await expect(inspectInWorker(new Blob([new Uint8Array(8)]))).rejects.toThrow(/worker crashed: Uncaught RangeError/);
    expect(FakeWorker.spawned[0]!.terminated).toBe(true);
    await expect(inspectInWorker(new Blob([new Uint8Array(8)]))).resolves.toMatchObject({ inspection: { format: 'unknown' } });
    expect(FakeWorker.spawned).toHaveLength(2);
  });
  it('a hang is cut by the watchdog, never left pending', async () => {
    use('hang', 'ok');
    setInspectTimeout(50);
    await expect(inspectInWorker(new Blob([new Uint8Array(8)]))).rejects.toThrow(/did not answer/);
    expect(FakeWorker.spawned[0]!.terminated).toBe(true);
    await expect(inspectInWorker(new Blob([new Uint8Array(8)]))).resolves.toBeTruthy();
  });
  it('an unreadable message rejects', async () => {
    use('garbled');
    await expect(inspectInWorker(new Blob([new Uint8Array(8)]))).rejects.toThrow(/could not be read/);
  });
  it('cancel terminates the decompression worker and rejects as cancelled', async () => {
    use('slow-unpack');
    let progress = 0;
    const job = unpackInWorker(new Blob([new Uint8Array(8)]), { compression: 'gzip', payloadOffset: 0, maxOutput: 1 << 20, maxRatio: 10 }, () => progress++);
    await new Promise((r) => setTimeout(r, 20));
    job.cancel();
    await expect(job.promise).rejects.toMatchObject({ cancelled: true });
    expect(FakeWorker.spawned[0]!.terminated).toBe(true);
    expect(progress).toBe(1);
  });
  it('a crashing decompression worker rejects with its message', async () => {
    use('crash');
    const job = unpackInWorker(new Blob([new Uint8Array(8)]), { compression: 'gzip', payloadOffset: 0, maxOutput: 1 << 20, maxRatio: 10 }, () => undefined);
    await expect(job.promise).rejects.toThrow(/crashed/);
    expect(FakeWorker.spawned[0]!.terminated).toBe(true);
  });
  it('a decompression worker that fails while warming up is dropped: the first file gets a working one', async () => {
    use('crash', 'ok');
    warmUnpacker();
    await new Promise((r) => setTimeout(r, 20));
    expect(FakeWorker.spawned[0]!.terminated).toBe(true);
    const job = unpackInWorker(new Blob([new Uint8Array(8)]), { compression: 'gzip', payloadOffset: 0, maxOutput: 1 << 20, maxRatio: 10 }, () => undefined);
    await expect(job.promise).rejects.toThrow('fake: no decoder'); // answered by the second worker, not left hanging
    expect(FakeWorker.spawned).toHaveLength(2);
  });
});
