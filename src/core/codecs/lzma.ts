// LZMA "alone" (.lzma) as `lzma -9` writes it and lib/decompress_unlzma.c reads it: 13-byte
// header (properties, le32 dictionary size, le64 uncompressed size or ~0 = unknown, then an end
// marker), then the range-coded stream, decoded in windows of the bounded sink by lzdec.c (wasm)
// or, where WebAssembly is unavailable, by lzmaDecoder.ts.
import { LzmaDecoder, Stop } from './lzmaDecoder';
import { CodecError, type DecodeOptions, type OutputSink } from './sink';
import { LzError, type Lzdec, type WasmSink } from './wasm/lzdec';

const WINDOW = 1 << 20; // output per decode call: progress, cancel and the bound between calls
const HEADER = 13;

interface Header {
  lc: number;
  lp: number;
  pb: number;
  dictSize: number;
  /** Uncompressed size, Infinity when the header says unknown (then an end marker ends it). */
  total: number;
}

/** One stream being decoded into the sink, by either decoder. */
interface LzmaStream {
  /** Decodes from sink.pos up to `limit`, advancing sink.pos. */
  decode(limit: number): Stop;
  /** With sink.buf full: is the next symbol the end marker? (consumed if so) */
  probeEndMarker(): boolean;
  readonly finishedOK: boolean;
  readonly hasPending: boolean;
  readonly ip: number;
}

function header(src: Uint8Array): Header {
  if (src.length < HEADER) throw new CodecError('lzma header truncated (13 bytes needed)', src.length, 'truncated');
  let d = src[0] as number;
  if (d >= 9 * 5 * 5) throw new CodecError(`lzma properties byte ${d} is invalid`, 0, 'corrupt');
  const lc = d % 9;
  d = (d / 9) | 0;
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const lo = dv.getUint32(5, true);
  const hi = dv.getUint32(9, true);
  const total = lo === 0xffffffff && hi === 0xffffffff ? Infinity : hi * 2 ** 32 + lo;
  return { lc, lp: d % 5, pb: (d / 5) | 0, dictSize: Math.max(dv.getUint32(1, true), 1 << 12), total };
}

export function lzmaDecode(src: Uint8Array, sink: OutputSink): void {
  const h = header(src);
  checkDeclared(h, sink);
  const dec = new LzmaDecoder(h.dictSize);
  dec.setProperties(h.lc, h.lp, h.pb);
  dec.initRange(src, HEADER, src.length);
  run(h, sink, {
    decode(limit) {
      const r = dec.decode(src, src.length, sink.buf, sink.pos, limit, 0);
      sink.pos = r.pos;
      return r.stop;
    },
    probeEndMarker: () => dec.probeEndMarker(src, src.length, sink.buf, sink.pos, 0),
    get finishedOK() {
      return dec.finishedOK;
    },
    get hasPending() {
      return dec.hasPending;
    },
    get ip() {
      return dec.ip;
    },
  });
}

/** The same decode by lzdec.c in a fresh wasm instance; returns the sink it filled. */
export function lzmaDecodeWasm(w: Lzdec, src: Uint8Array, opts: DecodeOptions): WasmSink {
  const h = header(src);
  const probs = w.alloc(w.x.lzma_probs_size(h.lc, h.lp));
  const check = lzmaStatus(w, 'lzma');
  return w.decode(src, opts, (inAt, sink) => {
    checkDeclared(h, sink);
    w.x.lzma_props(probs, h.lc, h.lp, h.pb, h.dictSize);
    check(w.x.lzma_rc_init(inAt, src.length, HEADER));
    run(h, sink, {
      decode(limit) {
        const stop = check(w.x.lzma_decode(sink.at, sink.pos, limit, 0)) === 1 ? Stop.EndMarker : Stop.Limit;
        sink.pos = w.x.lzma_pos();
        return stop;
      },
      probeEndMarker: () => false, // growing wasm memory copies nothing: just grow
      get finishedOK() {
        return w.x.lzma_finished_ok() === 1;
      },
      get hasPending() {
        return w.x.lzma_pending() !== 0;
      },
      get ip() {
        return w.x.lzma_in_pos();
      },
    });
  });
}

/** lzdec.c's LZMA status codes as CodecErrors; `what` names the stream ('lzma', 'xz: LZMA2'). */
export function lzmaStatus(w: Lzdec, what: string): (r: number) => number {
  return (r) => {
    if (r >= 0) return r;
    const at = w.errorOffset;
    if (r === LzError.Truncated) throw new CodecError(`${what} data ends early`, at, 'truncated');
    if (r === LzError.Lookbehind) throw new CodecError(`${what} match distance reaches before the dictionary start`, at, 'corrupt');
    throw new CodecError(`${what} range coder corrupt`, at, 'corrupt');
  };
}

function checkDeclared(h: Header, sink: OutputSink): void {
  if (h.total !== Infinity && h.total > sink.limit) throw new CodecError(`lzma header declares ${h.total} bytes, over the output limit`, 5, 'bound');
}

function run(h: Header, sink: OutputSink, z: LzmaStream): void {
  const { total } = h;
  for (;;) {
    if (sink.pos === total) {
      if (z.finishedOK) return; // a known size needs no marker
      // only an end marker may follow the declared size (a literal written while finding out
      // lands past the buffer or in room that is dropped: the decode fails either way)
      if (z.decode(sink.pos + 1) !== Stop.EndMarker) throw new CodecError('lzma data continues past the declared size', z.ip, 'corrupt');
      break;
    }
    if (sink.pos === sink.buf.length && !z.hasPending && z.probeEndMarker()) break;
    if (sink.pos === sink.buf.length) sink.ensure(Math.min(WINDOW, sink.limit - sink.pos) || 1, z.ip);
    if (z.decode(Math.min(sink.buf.length, sink.pos + WINDOW, total)) === Stop.EndMarker) break;
    sink.tick(z.ip);
  }
  if (!z.finishedOK) throw new CodecError('lzma end marker with a non-zero range coder', z.ip, 'corrupt');
  if (total !== Infinity && sink.pos !== total) throw new CodecError(`lzma end marker after ${sink.pos} of the ${total} declared bytes`, z.ip, 'corrupt');
}
