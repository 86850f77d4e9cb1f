// gzip (RFC 1952) — zboot's gzip payload is `gzip -9n` output (Makefile.zboot cmd_gzip).
// Fast path: the platform's DecompressionStream('gzip') (browsers, workers, Node ≥ 18), read in
// chunks into the bounded sink; fallback: pako's streaming Inflate. perf-notes: gzip.
import { CodecError, type OutputSink } from './sink';

const CHUNK = 1 << 20;

export function hasNativeGzip(): boolean {
  return typeof DecompressionStream === 'function';
}

export async function gzipDecodeNative(src: Uint8Array, sink: OutputSink): Promise<void> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let fed = 0;
  const feed = (async () => {
    try {
      for (; fed < src.length; fed += CHUNK) await writer.write(src.subarray(fed, Math.min(src.length, fed + CHUNK)) as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch {
      /* the reader side reports the error */
    }
  })();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      sink.write(value, Math.min(fed, src.length));
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    await writer.abort().catch(() => undefined);
    if (e instanceof CodecError) throw e;
    throw new CodecError(`gzip: ${e instanceof Error ? e.message : String(e)}`, Math.min(fed, src.length), /unexpected end|incomplete|truncat/i.test(String(e)) ? 'truncated' : 'corrupt');
  }
  await feed;
}

export async function gzipDecodePako(src: Uint8Array, sink: OutputSink): Promise<void> {
  const { Inflate } = await import('pako');
  const inf = new Inflate();
  let at = 0;
  let failure: CodecError | undefined;
  inf.onData = (chunk: Uint8Array) => {
    if (failure) return;
    try {
      sink.write(chunk, at);
    } catch (e) {
      failure = e as CodecError;
    }
  };
  for (; at < src.length && !failure; at += CHUNK) {
    const end = Math.min(src.length, at + CHUNK);
    inf.push(src.subarray(at, end), end === src.length);
    if (inf.err) throw new CodecError(`gzip: ${inf.msg || 'corrupt data'}`, at, 'corrupt');
  }
  if (failure) throw failure;
  if (!inf.ended) throw new CodecError('gzip: stream ends before the end of the deflate data', src.length, 'truncated');
}
