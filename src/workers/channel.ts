// One worker and the requests in flight on it. Each request has its own pending entry, keyed
// by its id: a response is delivered only to the request whose id it carries, so two requests
// on one worker can never steal each other's answer. Each request also owns its watchdog; when
// it fires, that request alone is rejected, and the worker is stopped only if it serves no other
// request (a worker busy with someone else's file is not presumed dead). A worker that dies
// (error event, unreadable message) takes every request in flight on it with it: all are
// rejected with the reason, and the channel is closed so its owner starts a fresh one.
import type { WorkerRequest, WorkerResponse } from './protocol';

type Final = Exclude<WorkerResponse, { kind: 'progress' }>;
type WithoutId<R> = R extends { id: number } ? Omit<R, 'id'> : never;
/** A request as its caller writes it: the channel assigns the id. */
export type RequestBody = WithoutId<WorkerRequest>;

interface Pending {
  resolve: (m: Final) => void;
  reject: (e: Error) => void;
  onProgress?: (inBytes: number, outBytes: number) => void;
  timer?: ReturnType<typeof setTimeout>;
}

export interface RequestOptions {
  transfer?: Transferable[];
  onProgress?: (inBytes: number, outBytes: number) => void;
  /** Rejects this request (and stops the worker if it serves no other) after this long without an answer. */
  timeoutMs?: number;
}

/** Rejection of a request its caller withdrew (a newer file replaced it, or Cancel). */
export class CancelledError extends Error {
  readonly cancelled = true;
  constructor(message = 'cancelled') {
    super(message);
  }
}

let nextId = 1;

export class WorkerChannel {
  private readonly pending = new Map<number, Pending>();
  private dead = false;

  constructor(
    readonly worker: Worker,
    /** Called once when the worker is terminated or dies, so the owner drops this channel. */
    private readonly onClosed: (c: WorkerChannel) => void,
  ) {
    worker.onmessage = (ev: MessageEvent<WorkerResponse>) => {
      const m = ev.data;
      const p = m ? this.pending.get(m.id) : undefined;
      // an answer to a request that was cancelled or timed out: nobody is waiting for it
      if (!m || !p) return;
      if (m.kind === 'progress') {
        p.onProgress?.(m.inBytes, m.outBytes);
        return;
      }
      this.settle(m.id);
      p.resolve(m);
    };
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.close(new Error(`the analysis worker crashed: ${ev.message || 'out of memory or a script error'}`));
    };
    worker.onmessageerror = () => this.close(new Error('a message from the analysis worker could not be read'));
  }

  get closed(): boolean {
    return this.dead;
  }

  /** How many requests are waiting for an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends a request that expects no answer (e.g. warm-up). */
  post(req: RequestBody): void {
    if (!this.dead) this.worker.postMessage({ ...req, id: nextId++ });
  }

  /** Sends `req` (its id is assigned here) and resolves with the worker's final answer to it. */
  request(req: RequestBody, opts: RequestOptions = {}): { id: number; promise: Promise<Final> } {
    const id = nextId++;
    const promise = new Promise<Final>((resolve, reject) => {
      if (this.dead) return reject(new Error('the analysis worker was stopped'));
      const p: Pending = { resolve, reject, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };
      if (opts.timeoutMs) {
        const ms = opts.timeoutMs;
        p.timer = setTimeout(() => this.timeout(id, ms), ms);
      }
      this.pending.set(id, p);
      try {
        this.worker.postMessage({ ...req, id }, opts.transfer ?? []);
      } catch (e) {
        this.settle(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    return { id, promise };
  }

  /** Withdraws one request: it rejects with CancelledError; later answers to it are ignored. */
  cancel(id: number, reason?: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.settle(id);
    p.reject(new CancelledError(reason));
  }

  /** Stops the worker; every request still in flight rejects with `reason`. */
  terminate(reason: Error = new CancelledError()): void {
    this.close(reason);
  }

  private timeout(id: number, ms: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.settle(id);
    p.reject(new Error(`the analysis worker did not answer within ${Math.round(ms / 1000)} s${this.pending.size ? '' : ' and was stopped'}`));
    // stuck on this request, and nobody else's: stop it. Otherwise it is still working for others.
    if (this.pending.size === 0) this.close();
  }

  private settle(id: number): void {
    clearTimeout(this.pending.get(id)?.timer);
    this.pending.delete(id);
  }

  private close(reason?: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.worker.terminate();
    const all = [...this.pending.values()];
    for (const id of [...this.pending.keys()]) this.settle(id);
    if (reason) for (const p of all) p.reject(reason);
    this.onClosed(this);
  }
}
