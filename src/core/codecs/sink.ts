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

function outputLimit(inputLength: number, opts: DecodeOptions): number {
  return Math.min(opts.maxOutput ?? DEFAULT_MAX_OUTPUT, Math.max(inputLength, 1) * (opts.maxRatio ?? DEFAULT_MAX_RATIO));
}

/** The expected size when given and allowed, else a guess of 4× the input (kernels compress 3–5×). */
export function initialSize(inputLength: number, opts: DecodeOptions): number {
  const limit = outputLimit(inputLength, opts);
  return opts.expectedSize && opts.expectedSize <= limit ? opts.expectedSize : Math.min(limit, Math.max(64 * 1024, inputLength * 4));
}

export class OutputSink {
  buf: Uint8Array;
  pos = 0;
  readonly limit: number;
  private nextProgress = PROGRESS_STEP;
  /** `buf`: where to write, when not a fresh array of the preallocation size (wasm memory). */
  constructor(
    readonly inputLength: number,
    readonly opts: DecodeOptions,
    buf?: Uint8Array,
  ) {
    this.limit = outputLimit(inputLength, opts);
    this.buf = buf ?? new Uint8Array(initialSize(inputLength, opts));
  }

  /** Make room for n more bytes; throws a 'bound' CodecError past the limit. */
  ensure(n: number, inputOffset: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    this.checkLimit(need, inputOffset);
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    this.buf = this.resize(Math.min(size, this.limit));
  }

  /** A buffer of `size` bytes that starts with buf[0 .. pos): here a fresh array and a copy. */
  protected resize(size: number): Uint8Array {
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    return next;
  }

  /** Throws the bound error when the output would reach `need` bytes. */
  checkLimit(need: number, inputOffset: number): void {
    if (need <= this.limit) return;
    const mib = (this.limit / 1048576).toFixed(this.limit < 1048576 ? 2 : 0);
    throw new CodecError(`stopped at ${mib} MiB of output: over the ${this.limit === (this.opts.maxOutput ?? DEFAULT_MAX_OUTPUT) ? 'output limit' : `expansion ratio limit (${this.opts.maxRatio ?? DEFAULT_MAX_RATIO}×)`} — a decompression bomb, or raise the limit`, inputOffset, 'bound');
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
    this.checkLimit(out.length, inputOffset);
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
