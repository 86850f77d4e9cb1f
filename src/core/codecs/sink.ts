// Where every decoder writes: a growable output buffer with the hard bounds the app promises
// (absolute output size and expansion ratio), progress reporting and cancellation. Decoders
// call ensure() before writing, so a decompression bomb stops at the bound, not at OOM.

export class CodecError extends Error {
  constructor(
    message: string,
    /** Offset in the compressed input where the decoder stopped. */
    readonly inputOffset: number,
    readonly kind: 'corrupt' | 'truncated' | 'bound' | 'cancelled' | 'unsupported' = 'corrupt',
  ) {
    super(message);
  }
}

export interface DecodeOptions {
  /** Hard cap on output bytes (default 512 MiB). */
  maxOutput?: number;
  /** Hard cap on output/input (default 1000: a kernel compresses 3–5×, zero padding more). */
  maxRatio?: number;
  /** Expected output size (gzip ISIZE, the zboot le32 trailer): preallocation hint only. */
  expectedSize?: number;
  onProgress?: (inBytes: number, outBytes: number) => void;
  /** Checked between chunks; true stops the decoder with a 'cancelled' error. */
  isCancelled?: () => boolean;
}

export const DEFAULT_MAX_OUTPUT = 512 * 1024 * 1024;
export const DEFAULT_MAX_RATIO = 1000;
const PROGRESS_STEP = 1 << 20;

export class OutputSink {
  buf: Uint8Array;
  pos = 0;
  readonly limit: number;
  private nextProgress = PROGRESS_STEP;
  constructor(
    readonly inputLength: number,
    readonly opts: DecodeOptions,
  ) {
    const maxOut = opts.maxOutput ?? DEFAULT_MAX_OUTPUT;
    const ratio = opts.maxRatio ?? DEFAULT_MAX_RATIO;
    this.limit = Math.min(maxOut, Math.max(inputLength, 1) * ratio);
    const hint = opts.expectedSize && opts.expectedSize <= this.limit ? opts.expectedSize : Math.min(this.limit, Math.max(64 * 1024, inputLength * 4));
    this.buf = new Uint8Array(hint);
  }

  /** Make room for n more bytes; throws a 'bound' CodecError past the limit. */
  ensure(n: number, inputOffset: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    if (need > this.limit) {
      const mib = (this.limit / 1048576).toFixed(this.limit < 1048576 ? 2 : 0);
      throw new CodecError(`stopped at ${mib} MiB of output: over the ${this.limit === (this.opts.maxOutput ?? DEFAULT_MAX_OUTPUT) ? 'output limit' : `expansion ratio limit (${this.opts.maxRatio ?? DEFAULT_MAX_RATIO}×)`} — a decompression bomb, or raise the limit`, inputOffset, 'bound');
    }
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(Math.min(size, this.limit));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  write(chunk: Uint8Array, inputOffset: number): void {
    this.ensure(chunk.length, inputOffset);
    this.buf.set(chunk, this.pos);
    this.pos += chunk.length;
    this.tick(inputOffset);
  }

  /** A decoder that produced the whole output in one buffer hands it over instead of copying it. */
  adopt(out: Uint8Array, inputOffset: number): void {
    if (this.pos !== 0) return this.write(out, inputOffset);
    if (out.length > this.limit) this.ensure(out.length, inputOffset); // throws the bound error
    this.buf = out;
    this.pos = out.length;
  }

  /** Progress and cancellation; decoders call it every so often. */
  tick(inputOffset: number): void {
    if (this.pos < this.nextProgress) return;
    this.nextProgress = this.pos + PROGRESS_STEP;
    if (this.opts.isCancelled?.()) throw new CodecError('cancelled', inputOffset, 'cancelled');
    this.opts.onProgress?.(inputOffset, this.pos);
  }

  result(): Uint8Array {
    return this.buf.length === this.pos ? this.buf : this.buf.slice(0, this.pos);
  }
}
