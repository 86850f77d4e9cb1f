// Main-thread side of the analysis workers. Inspection and decompression each use a long-lived
// worker (so the wasm decoders stay compiled and warm), each behind a WorkerChannel: requests are
// matched to answers by id, each request has its own watchdog, and a worker that dies rejects
// every request in flight on it, so no promise is left pending forever. The next request after a
// death, a Cancel or a failed decode gets a fresh worker.
import type { SizeWord } from '../core/codecs/trailer';
import type { Inspection } from '../core/inspect';
import type { ConfigFileResult } from '../core/verdict/configFile';
import { CancelledError, WorkerChannel } from './channel';
import type { UnpackedMessage } from './protocol';

export { CancelledError } from './channel';

/** Replaceable for tests (a fake worker) — the app always uses the real module worker. */
export let spawnWorker = (): Worker => new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
export function setWorkerFactory(f: () => Worker): void {
  spawnWorker = f;
  inspector?.terminate();
  unpacker?.terminate();
}

/** Inspection of even a 1 GiB file takes seconds; a worker silent for this long is presumed dead. */
export let INSPECT_TIMEOUT_MS = 120_000;
export function setInspectTimeout(ms: number): void {
  INSPECT_TIMEOUT_MS = ms;
}

let inspector: WorkerChannel | undefined;
let unpacker: WorkerChannel | undefined;

function inspectorChannel(): WorkerChannel {
  return (inspector ??= new WorkerChannel(spawnWorker(), (c) => {
    if (inspector === c) inspector = undefined;
  }));
}

function unpackerChannel(): WorkerChannel {
  return (unpacker ??= new WorkerChannel(spawnWorker(), (c) => {
    if (unpacker === c) unpacker = undefined;
  }));
}

/**
 * Stops every inspection in flight: each rejects with CancelledError. The worker is terminated
 * (it is busy with a file nobody wants any more), so the next file starts at once on a fresh one
 * instead of queueing behind it.
 */
export function cancelInspection(): void {
  if (inspector?.inFlight) inspector.terminate(new CancelledError('inspection cancelled'));
}

/** Reads and inspects `file` in the worker; its bytes come back as a transferred buffer. */
export async function inspectInWorker(file: Blob): Promise<{ inspection: Inspection; buffer: ArrayBuffer }> {
  const { promise } = inspectorChannel().request({ kind: 'inspect', file }, { timeoutMs: INSPECT_TIMEOUT_MS });
  const m = await promise;
  if (m.kind === 'inspected') return { inspection: m.inspection, buffer: m.buffer };
  throw new Error(m.kind === 'failed' ? m.message : 'unexpected worker reply');
}

/** Parses a kernel configuration file in a worker of its own (the inspecting one may be busy). */
export async function parseConfigInWorker(file: Blob): Promise<{ result: ConfigFileResult; sha256: string }> {
  // a channel of its own: the inspecting worker may be busy with a large image
  const channel = new WorkerChannel(spawnWorker(), () => {});
  try {
    const m = await channel.request({ kind: 'config', file }, { timeoutMs: INSPECT_TIMEOUT_MS }).promise;
    if (m.kind === 'config-parsed') return { result: m.result, sha256: m.sha256 };
    throw new Error(m.kind === 'failed' ? m.message : 'unexpected worker reply');
  } finally {
    channel.terminate();
  }
}

/** Starts the decompression worker and has it compile its wasm decoders, while the page is idle. */
export function warmUnpacker(): void {
  // one that cannot even load closes its channel on the error event, so the first file gets a new one
  unpackerChannel().post({ kind: 'warm' });
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
  payload: Blob,
  meta: { compression: string; payloadOffset: number; sizeWord?: SizeWord; container?: 'zboot' | 'file'; maxOutput: number; maxRatio: number },
  onProgress: (inBytes: number, outBytes: number) => void,
): UnpackJob {
  const channel = unpackerChannel();
  const { id, promise: answer } = channel.request({ kind: 'unpack', payload, ...meta }, { onProgress });
  let settled = false;
  const promise = answer.then(
    (m) => {
      settled = true;
      if (m.kind === 'unpacked') return m as UnpackedMessage;
      // a failed decode (corrupt stream, bomb) retires its worker; a good one stays warm
      channel.terminate();
      throw new UnpackError(m.kind === 'failed' ? m.message : 'unexpected worker reply', m.kind === 'failed' ? m.offset : undefined);
    },
    (e: unknown) => {
      settled = true;
      if (e instanceof CancelledError) throw new UnpackError('cancelled', undefined, true);
      throw e;
    },
  );
  // Cancel stops the decoder mid-stream: the worker is terminated (unless it also serves another
  // job, whose answer must still arrive) and the next file gets a fresh one. A job already
  // answered leaves its warm worker alone.
  const cancel = () => {
    if (settled) return;
    if (channel.inFlight > 1) channel.cancel(id);
    else channel.terminate(new CancelledError());
  };
  return { promise, cancel };
}
