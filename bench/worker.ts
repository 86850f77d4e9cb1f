// Bench worker: the same core decoders the app's worker runs, or (choice 'reference') the npm
// decoder the budget compares them with, timed inside a browser worker.
import { type Codec, type DecoderChoice, decompress } from '../src/core/codecs/decompress';
import { REFERENCE, referenceDecode } from './reference';

type Choice = DecoderChoice | 'reference';

self.onmessage = async (ev: MessageEvent<{ codec: Codec; buffer: ArrayBuffer; expectedSize: number; choice: Choice }>) => {
  const { codec, buffer, expectedSize, choice } = ev.data;
  const src = new Uint8Array(buffer);
  try {
    const t0 = performance.now();
    const out =
      choice === 'reference'
        ? { data: await referenceDecode(codec, src, expectedSize), decoder: REFERENCE[codec] }
        : await decompress(codec, src, { expectedSize, maxOutput: 1 << 30 }, choice);
    const ms = performance.now() - t0;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', out.data as Uint8Array<ArrayBuffer>));
    const sha = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    (self as unknown as Worker).postMessage({ ok: true, ms, outLen: out.data.length, sha, decoder: out.decoder });
  } catch (e) {
    (self as unknown as Worker).postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
