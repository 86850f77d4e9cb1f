// xz (`xzkern`: scripts/xz_wrap.sh, CRC32 check, LZMA2, 32 MiB dictionary on 6.1 arm64) via
// xz-decompress (xz-embedded in wasm, MIT), streamed into the bounded sink. It has no ARM64 BCJ
// filter and caps the dictionary below 128 MiB (perf-notes §3): such streams get a clear error.
import { CodecError, type OutputSink } from './sink';

export async function xzDecode(src: Uint8Array, sink: OutputSink): Promise<void> {
  const { XzReadableStream } = await import('xz-decompress');
  const CHUNK = 1 << 20;
  let fed = 0;
  const input = new ReadableStream<Uint8Array>({
    pull(c) {
      if (fed >= src.length) return c.close();
      const end = Math.min(src.length, fed + CHUNK);
      c.enqueue(src.slice(fed, end));
      fed = end;
    },
  });
  const reader = new XzReadableStream(input).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      sink.write(value, fed);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    if (e instanceof CodecError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    const hint = /OPTIONS|6/.test(msg) ? ' (unsupported filter: the ARM64 BCJ filter of v6.12+ Image.xz is not in this decoder)' : /MEMLIMIT|4/.test(msg) ? ' (dictionary larger than this decoder allows)' : '';
    throw new CodecError(`xz: ${msg}${hint}`, fed, /BUF|DATA|truncat|end/i.test(msg) ? 'corrupt' : 'unsupported');
  }
}
