// The WebAssembly build of lzdec.c: its loader, its linear-memory layout and an OutputSink that
// writes straight into that memory. One instance per decode (memory cannot shrink, so a fresh one
// lets the garbage collector take a big decode's memory back); the module is compiled once.
// Layout: [lzdec.c's data and stack][LZMA probabilities][input + SLACK][output + SLACK],
// the output last so that growing the memory grows it in place.
import { CodecError, type DecodeOptions, OutputSink, initialSize } from '../sink';
import { LZDEC_WASM } from './lzdec.wasm';

/** Room lzdec.c's 8-byte wild copies may touch past an input or output end. */
const SLACK = 16;
const PAGE = 65536;

interface Exports {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  err_offset(): number;
  lz4_block(src: number, srcLen: number, dst: number, dstCap: number): number;
  lzo1x_block(src: number, srcLen: number, dst: number, dstLen: number): number;
  adler32(p: number, len: number): number;
  lzma_probs_size(lc: number, lp: number): number;
  lzma_props(probs: number, lc: number, lp: number, pb: number, dictSize: number): void;
  lzma_reset_state(): void;
  lzma_rc_init(src: number, srcLen: number, at: number): number;
  lzma_decode(out: number, pos: number, limit: number, dictStart: number): number;
  lzma_pos(): number;
  lzma_in_pos(): number;
  lzma_finished_ok(): number;
  lzma_pending(): number;
  crc32(crc: number, p: number, len: number): number;
  bcj_arm64(buf: number, len: number, pos: number): void;
}

/** lzdec.c's error codes. */
export const enum LzError {
  Truncated = -1,
  Corrupt = -2,
  Room = -3,
  Lookbehind = -4,
  EndMarker = -5,
  Size = -6,
  Leftover = -7,
  Run = -8,
}

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/** The compiled module, or undefined where WebAssembly is missing or refused (a CSP without 'wasm-unsafe-eval'). */
function lzdecModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (async () => {
    if (typeof WebAssembly !== 'object') return undefined;
    const text = atob(LZDEC_WASM);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return WebAssembly.compile(bytes).catch(() => undefined);
  })();
  return compiled;
}

export class Lzdec {
  private top: number;
  private constructor(readonly x: Exports) {
    this.top = align(x.__heap_base.value as number);
  }

  /** Compiles the module ahead of the first decode. */
  static async prepare(): Promise<void> {
    await lzdecModule();
  }

  /** A fresh instance, or undefined when WebAssembly is unavailable (callers fall back to JS). */
  static async create(): Promise<Lzdec | undefined> {
    const module = await lzdecModule();
    if (!module) return undefined;
    return new Lzdec((await WebAssembly.instantiate(module)).exports as unknown as Exports);
  }

  /** Reserves n bytes (+ SLACK) at the top of the used memory; returns their address. */
  alloc(n: number): number {
    const at = this.top;
    this.top = align(at + n + SLACK);
    this.reach(this.top);
    return at;
  }

  /** Copies bytes into the memory; returns their address. */
  place(bytes: Uint8Array): number {
    const at = this.alloc(bytes.length);
    new Uint8Array(this.x.memory.buffer, at, bytes.length).set(bytes);
    return at;
  }

  /** Grows the memory to at least `end` bytes (views of the old buffer become detached). */
  reach(end: number): void {
    const have = this.x.memory.buffer.byteLength;
    if (end <= have) return;
    try {
      this.x.memory.grow(Math.ceil((end - have) / PAGE));
    } catch {
      throw new CodecError(`out of memory: the decoder could not grow to ${Math.ceil(end / 1048576)} MiB`, 0, 'bound');
    }
  }

  /**
   * Copies the input in, makes an output sink after it (last, so that it grows in place) and runs
   * `decode` with the input's address; returns the filled sink.
   */
  decode(src: Uint8Array, opts: DecodeOptions, decode: (inAt: number, sink: WasmSink) => void): WasmSink {
    const inAt = this.place(src);
    const at = this.top;
    const size = initialSize(src.length, opts);
    this.reach(at + size + SLACK);
    const sink = new WasmSink(src.length, opts, this, at, size);
    decode(inAt, sink);
    return sink;
  }

  /** Where the last error happened, relative to the buffer the failing call was given. */
  get errorOffset(): number {
    return this.x.err_offset();
  }
}

/** An OutputSink whose buffer is a view of the wasm memory. */
export class WasmSink extends OutputSink {
  constructor(
    inputLength: number,
    opts: DecodeOptions,
    readonly w: Lzdec,
    /** Address of output byte 0 in the wasm memory. */
    readonly at: number,
    size: number,
  ) {
    super(inputLength, opts, new Uint8Array(w.x.memory.buffer, at, size));
  }

  /** The output sits last in the memory: growing the memory grows it, with nothing to copy. */
  protected override resize(size: number): Uint8Array {
    this.w.reach(this.at + size + SLACK);
    return new Uint8Array(this.w.x.memory.buffer, this.at, size);
  }

  /** A copy out of the wasm memory (which is about to be dropped with its instance). */
  override result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function align(n: number): number {
  return (n + 15) & ~15;
}
