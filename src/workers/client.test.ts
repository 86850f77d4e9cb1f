// The worker client against a fake Worker the test drives by hand: which request it received,
// when it answers, progresses, crashes or garbles. Overlapping requests, a cancel during
// progress, a crash during the second of two requests, a watchdog that fires while the worker
// serves another request, and the faults of one request at a time.
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { CancelledError, cancelInspection, inspectInWorker, setInspectTimeout, setWorkerFactory, unpackInWorker, warmUnpacker } from './client';

class FakeWorker {
  static spawned: FakeWorker[] = [];
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: { message: string; preventDefault?: () => void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  received: WorkerRequest[] = [];
  constructor() {
    FakeWorker.spawned.push(this);
  }
  postMessage(req: WorkerRequest) {
    this.received.push(req);
  }
  terminate() {
    this.terminated = true;
  }
  /** The request of this kind, in order received. */
  req(n = 0, kind: WorkerRequest['kind'] = 'inspect'): WorkerRequest {
    const r = this.received.filter((q) => q.kind === kind)[n];
    if (!r) throw new Error(`no ${kind} request #${n}`);
    return r;
  }
  answer(m: WorkerResponse) {
    if (!this.terminated) this.onmessage?.({ data: m });
  }
  inspected(req: WorkerRequest, format: string) {
    this.answer({ id: req.id, kind: 'inspected', inspection: { format } as never, buffer: new ArrayBuffer(8) });
  }
  crash(message = 'Uncaught RangeError: Array buffer allocation failed') {
    if (!this.terminated) this.onerror?.({ message });
  }
}

const w = (i: number) => FakeWorker.spawned[i] as FakeWorker;
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const blob = () => new Blob([new Uint8Array(8)]);
const unpackMeta = { compression: 'gzip', payloadOffset: 0, maxOutput: 1 << 20, maxRatio: 10 };

function fresh() {
  FakeWorker.spawned = [];
  setWorkerFactory(() => new FakeWorker() as unknown as Worker);
}

afterEach(() => setInspectTimeout(120_000));

describe('requests matched by id', () => {
  it('overlapping inspections on one worker each get their own answer, whatever the order', async () => {
    fresh();
    const a = inspectInWorker(blob());
    const b = inspectInWorker(blob());
    expect(FakeWorker.spawned).toHaveLength(1);
    const [ra, rb] = [w(0).req(0), w(0).req(1)];
    expect(ra.id).not.toBe(rb.id);
    w(0).inspected(rb, 'pe'); // the second answers first
    await expect(b).resolves.toMatchObject({ inspection: { format: 'pe' } });
    w(0).inspected(ra, 'zboot');
    await expect(a).resolves.toMatchObject({ inspection: { format: 'zboot' } });
    expect(w(0).terminated).toBe(false);
  });

  it('an answer for an unknown id (a withdrawn request) is ignored, not delivered to another', async () => {
    fresh();
    const a = inspectInWorker(blob());
    w(0).answer({ id: w(0).req(0).id + 1000, kind: 'inspected', inspection: { format: 'pe' } as never, buffer: new ArrayBuffer(8) });
    w(0).inspected(w(0).req(0), 'zboot');
    await expect(a).resolves.toMatchObject({ inspection: { format: 'zboot' } });
  });

  it('a new inspection cancels the one it replaces: CancelledError, no watchdog firing later', async () => {
    fresh();
    // watchdogs of a few hundred ms and waits well inside them: a loaded CI machine delays timers
    setInspectTimeout(400);
    const first = inspectInWorker(blob());
    cancelInspection(); // what fileSlice.openBlob does before the next file
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    expect(w(0).terminated).toBe(true);
    const second = inspectInWorker(blob());
    expect(FakeWorker.spawned).toHaveLength(2);
    await tick(20);
    w(1).inspected(w(1).req(0), 'zboot');
    await expect(second).resolves.toMatchObject({ inspection: { format: 'zboot' } });
    await tick(600); // past the first request's watchdog: it was cleared with its request
    expect(w(1).terminated).toBe(false);
    const third = inspectInWorker(blob());
    expect(FakeWorker.spawned).toHaveLength(2); // the same worker, still alive
    w(1).inspected(w(1).req(1), 'pe');
    await expect(third).resolves.toMatchObject({ inspection: { format: 'pe' } });
  });

  it('a watchdog rejects its own request only and never stops a worker serving another', async () => {
    fresh();
    setInspectTimeout(500);
    const a = inspectInWorker(blob());
    await tick(250);
    const b = inspectInWorker(blob());
    await expect(a).rejects.toThrow(/did not answer within \d+ s$/);
    expect(w(0).terminated).toBe(false); // b is in flight on it
    w(0).inspected(w(0).req(1), 'zboot');
    await expect(b).resolves.toMatchObject({ inspection: { format: 'zboot' } });
    w(0).inspected(w(0).req(0), 'pe'); // a's late answer: dropped
  });
});

describe('faults', () => {
  it('a crash during the second of two requests rejects that one; the first keeps its answer; the next gets a new worker', async () => {
    fresh();
    const first = inspectInWorker(blob());
    const second = inspectInWorker(blob());
    w(0).inspected(w(0).req(0), 'zboot');
    await expect(first).resolves.toMatchObject({ inspection: { format: 'zboot' } });
    w(0).crash();
    await expect(second).rejects.toThrow(/worker crashed: Uncaught RangeError/);
    expect(w(0).terminated).toBe(true);
    const third = inspectInWorker(blob());
    expect(FakeWorker.spawned).toHaveLength(2);
    w(1).inspected(w(1).req(0), 'pe');
    await expect(third).resolves.toMatchObject({ inspection: { format: 'pe' } });
  });

  it('a crash with two requests in flight rejects both', async () => {
    fresh();
    const a = inspectInWorker(blob());
    const b = inspectInWorker(blob());
    w(0).crash();
    await expect(a).rejects.toThrow(/crashed/);
    await expect(b).rejects.toThrow(/crashed/);
  });

  it('a hang alone is cut by the watchdog and its worker stopped', async () => {
    fresh();
    setInspectTimeout(30);
    await expect(inspectInWorker(blob())).rejects.toThrow(/did not answer within 0 s and was stopped/);
    expect(w(0).terminated).toBe(true);
    const next = inspectInWorker(blob());
    w(1).inspected(w(1).req(0), 'pe');
    await expect(next).resolves.toBeTruthy();
  });

  it('an unreadable message rejects', async () => {
    fresh();
    const a = inspectInWorker(blob());
    w(0).onmessageerror?.();
    await expect(a).rejects.toThrow(/could not be read/);
  });

  it('a failed inspection rejects with the worker’s message', async () => {
    fresh();
    const a = inspectInWorker(blob());
    w(0).answer({ id: w(0).req(0).id, kind: 'failed', message: 'internal error: boom' });
    await expect(a).rejects.toThrow('internal error: boom');
  });
});

describe('decompression', () => {
  it('cancel during progress terminates the worker, rejects as cancelled, and later progress is dropped', async () => {
    fresh();
    let progress = 0;
    const job = unpackInWorker(blob(), unpackMeta, () => progress++);
    const r = w(0).req(0, 'unpack');
    w(0).answer({ id: r.id, kind: 'progress', inBytes: 1, outBytes: 2 });
    job.cancel();
    await expect(job.promise).rejects.toMatchObject({ cancelled: true });
    expect(w(0).terminated).toBe(true);
    w(0).onmessage?.({ data: { id: r.id, kind: 'progress', inBytes: 2, outBytes: 4 } });
    expect(progress).toBe(1);
    const next = unpackInWorker(blob(), unpackMeta, () => undefined);
    expect(FakeWorker.spawned).toHaveLength(2);
    w(1).answer({ id: w(1).req(0, 'unpack').id, kind: 'failed', message: 'fake: no decoder' });
    await expect(next.promise).rejects.toThrow('fake: no decoder');
  });

  it('cancelling a job already answered leaves the warm worker for the next file', async () => {
    fresh();
    const job = unpackInWorker(blob(), unpackMeta, () => undefined);
    w(0).answer({ id: w(0).req(0, 'unpack').id, kind: 'unpacked', codec: 'gzip', decoder: 'fake', data: new ArrayBuffer(4), inner: { format: 'arm64-image' } as never, kexecToolsLength: 4, warnings: [], ms: 1 });
    await expect(job.promise).resolves.toMatchObject({ codec: 'gzip' });
    job.cancel();
    expect(w(0).terminated).toBe(false);
    const next = unpackInWorker(blob(), unpackMeta, () => undefined);
    expect(FakeWorker.spawned).toHaveLength(1);
    next.cancel();
    await expect(next.promise).rejects.toMatchObject({ cancelled: true });
  });

  it('a crashing decompression worker rejects with its message', async () => {
    fresh();
    const job = unpackInWorker(blob(), unpackMeta, () => undefined);
    w(0).crash();
    await expect(job.promise).rejects.toThrow(/crashed/);
    expect(w(0).terminated).toBe(true);
  });

  it('a decompression worker that fails while warming up is dropped: the first file gets a working one', async () => {
    fresh();
    warmUnpacker();
    w(0).crash();
    expect(w(0).terminated).toBe(true);
    const job = unpackInWorker(blob(), unpackMeta, () => undefined);
    expect(FakeWorker.spawned).toHaveLength(2);
    w(1).answer({ id: w(1).req(0, 'unpack').id, kind: 'failed', message: 'fake: no decoder' });
    await expect(job.promise).rejects.toThrow('fake: no decoder'); // answered by the second worker, not left hanging
  });
});
