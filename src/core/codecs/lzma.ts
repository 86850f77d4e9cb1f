// LZMA "alone" (.lzma) as `lzma -9` writes it and lib/decompress_unlzma.c reads it: 13-byte
// header (properties, le32 dictionary size, le64 uncompressed size or ~0 = unknown, then an end
// marker), then the range-coded stream, decoded by lzmaDecoder.ts in windows of the bounded sink.
import { LzmaDecoder, Stop } from './lzmaDecoder';
import { CodecError, type OutputSink } from './sink';

const WINDOW = 1 << 20; // output per decode call: progress, cancel and the bound between calls

export function lzmaDecode(src: Uint8Array, sink: OutputSink): void {
  if (src.length < 13) throw new CodecError('lzma header truncated (13 bytes needed)', src.length, 'truncated');
  let d = src[0] as number;
  if (d >= 9 * 5 * 5) throw new CodecError(`lzma properties byte ${d} is invalid`, 0, 'corrupt');
  const lc = d % 9;
  d = (d / 9) | 0;
  const lp = d % 5;
  const pb = (d / 5) | 0;
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const dictSize = Math.max(dv.getUint32(1, true), 1 << 12);
  const sizeLo = dv.getUint32(5, true);
  const sizeHi = dv.getUint32(9, true);
  const sizeKnown = !(sizeLo === 0xffffffff && sizeHi === 0xffffffff);
  const total = sizeKnown ? sizeHi * 2 ** 32 + sizeLo : Infinity;
  if (total > sink.limit && sizeKnown) throw new CodecError(`lzma header declares ${total} bytes, over the output limit`, 5, 'bound');
  const dec = new LzmaDecoder(dictSize);
  dec.setProperties(lc, lp, pb);
  dec.initRange(src, 13, src.length);

  for (;;) {
    if (sink.pos === total || (sink.pos === sink.buf.length && !dec.hasPending)) {
      // the declared size is reached, or the buffer is full: only an end marker may follow
      if (sink.pos === total && dec.finishedOK) return; // a known size needs no marker
      if (dec.probeEndMarker(src, src.length, sink.buf, sink.pos, 0)) break;
      if (sink.pos === total) throw new CodecError('lzma data continues past the declared size', dec.ip, 'corrupt');
    }
    if (sink.pos === sink.buf.length) sink.ensure(Math.min(WINDOW, sink.limit - sink.pos) || 1, dec.ip);
    const limit = Math.min(sink.buf.length, sink.pos + WINDOW, total);
    const r = dec.decode(src, src.length, sink.buf, sink.pos, limit, 0);
    sink.pos = r.pos;
    if (r.stop === Stop.EndMarker) break;
    sink.tick(dec.ip);
  }
  if (!dec.finishedOK) throw new CodecError('lzma end marker with a non-zero range coder', dec.ip, 'corrupt');
  if (sizeKnown && sink.pos !== total) throw new CodecError(`lzma end marker after ${sink.pos} of the ${total} declared bytes`, dec.ip, 'corrupt');
}
