// Thin adapter: runs core/inspect and core/unpack off the main thread.
import { inspectBytes } from '../core/inspect';
import { prepareDecoders } from '../core/codecs/decompress';
import { unpackPayload } from '../core/unpack';
import { sha256Hex } from '../core/bytes/sha256';
import { parseConfigFile } from '../core/verdict/configFile';
import type { WorkerRequest, WorkerResponse } from './protocol';

const post = (msg: WorkerResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);

self.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  try {
    if (req.kind === 'warm') return void (await prepareDecoders());
    if (req.kind === 'inspect') {
      const buffer = await req.file.arrayBuffer();
      const inspection = await inspectBytes(new Uint8Array(buffer));
      post({ id: req.id, kind: 'inspected', inspection, buffer }, [buffer]);
      return;
    }
    if (req.kind === 'config') {
      const bytes = new Uint8Array(await req.file.arrayBuffer());
      post({ id: req.id, kind: 'config-parsed', result: await parseConfigFile(bytes), sha256: await sha256Hex(bytes) });
      return;
    }
    const t0 = performance.now();
    const r = await unpackPayload(new Uint8Array(await req.payload.arrayBuffer()), req.compression, req.payloadOffset, req.sizeWord, {
      maxOutput: req.maxOutput,
      maxRatio: req.maxRatio,
      onProgress: (inBytes, outBytes) => post({ id: req.id, kind: 'progress', inBytes, outBytes }),
    }, 'fast', req.container);
    if (!r.ok) {
      post({ id: req.id, kind: 'failed', message: r.error, ...(r.offset !== undefined ? { offset: r.offset } : {}) });
      return;
    }
    const u = r.unpacked;
    // the decoder's buffer is exactly the output (sink.result()), so it can be transferred whole
    const data = u.data.byteOffset === 0 && u.data.byteLength === u.data.buffer.byteLength ? (u.data.buffer as ArrayBuffer) : u.data.slice().buffer;
    post(
      {
        id: req.id,
        kind: 'unpacked',
        codec: u.codec,
        decoder: u.decoder,
        data,
        inner: u.inner,
        ...(u.banner ? { banner: u.banner } : {}),
        ...(u.config ? { config: u.config } : {}),
        kexecToolsLength: u.kexecToolsLength,
        warnings: u.warnings,
        ms: performance.now() - t0,
      },
      [data],
    );
  } catch (e) {
    // The core does not throw on bad input; reaching here is a bug, reported rather than hung.
    post({ id: req.id, kind: 'failed', message: `internal error: ${e instanceof Error ? e.message : String(e)}` });
  }
};
