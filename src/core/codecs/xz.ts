// xz (`xzkern`: scripts/xz_wrap.sh, CRC32 check, LZMA2, 32 MiB dictionary on 6.1 arm64; and the
// arm64 Image.xz of v6.12+, `--arm64 --lzma2=lp=2,lc=2,dict=128MiB`: ARM64 BCJ, perf-notes §3).
// The container is parsed here after xz's doc/xz-file-format.txt (stream header, blocks with
// their filter chains and checks, index, footer, stream padding); LZMA2 chunks are decoded by
// lzdec.c in wasm, or by lzmaDecoder.ts where WebAssembly is unavailable. Every header CRC32,
// the index against the blocks, and each block's check (CRC32, CRC64 or SHA-256) are verified.
import { crc32, crc64 } from '../bytes/crc';
import { sha256Sync } from '../bytes/sha256';
import { bcjArm64 } from './bcj';
import { lzmaStatus } from './lzma';
import { LzmaDecoder, Stop } from './lzmaDecoder';
import { CodecError, type DecodeOptions, type OutputSink } from './sink';
import type { Lzdec, WasmSink } from './wasm/lzdec';

const MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const CHECK_SIZE = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64];
const CHECK_CRC32 = 1;
const CHECK_CRC64 = 4;
const CHECK_SHA256 = 10;
const FILTER_LZMA2 = 0x21;
const FILTER_ARM64 = 0x0a;
const FILTER_NAMES: Record<number, string> = { 3: 'Delta', 4: 'x86 BCJ', 5: 'PowerPC BCJ', 6: 'IA-64 BCJ', 7: 'ARM BCJ', 8: 'ARM-Thumb BCJ', 9: 'SPARC BCJ', 0x0b: 'RISC-V BCJ' };

/** What decodes LZMA2 chunks into the sink and post-processes a block: JS or lzdec.c. */
interface Engine {
  /** New lc/lp/pb (and every probability and the state reset). */
  props(lc: number, lp: number, pb: number, dictSize: number): void;
  resetState(): void;
  /** The chunk's range-coded data is src[at .. end). */
  rcInit(at: number, end: number): void;
  /** Decodes from sink.pos to `limit`, advancing sink.pos; matches reach back to dictStart. */
  decode(limit: number, dictStart: number): void;
  /** No match left over, the range coder finished, and exactly the chunk's bytes read. */
  chunkEndOK(end: number): boolean;
  crc32(start: number, end: number): number;
  bcjArm64(start: number, end: number, pos: number): void;
}

export function xzDecode(src: Uint8Array, sink: OutputSink): void {
  let dec = new LzmaDecoder(0);
  let chunkEnd = 0;
  decodeStreams(src, sink, {
    props(lc, lp, pb, dictSize) {
      if (dec.dictSize !== dictSize) dec = new LzmaDecoder(dictSize);
      dec.setProperties(lc, lp, pb);
    },
    resetState: () => dec.resetState(),
    rcInit(at, end) {
      dec.initRange(src, at, end);
      chunkEnd = end;
    },
    decode(limit, dictStart) {
      const r = dec.decode(src, chunkEnd, sink.buf, sink.pos, limit, dictStart);
      sink.pos = r.pos;
      if (r.stop === Stop.EndMarker) throw new CodecError('xz: an LZMA end marker inside an LZMA2 chunk', dec.ip, 'corrupt');
    },
    chunkEndOK: (end) => !dec.hasPending && dec.finishedOK && dec.ip === end,
    crc32: (start, end) => crc32(sink.buf, start, end),
    bcjArm64: (start, end, pos) => bcjArm64(sink.buf, start, end, pos),
  });
}

/** The same decode with lzdec.c's LZMA, CRC32 and BCJ (wasm) in a fresh instance; returns the sink it filled. */
export function xzDecodeWasm(w: Lzdec, src: Uint8Array, opts: DecodeOptions): WasmSink {
  const x = w.x;
  const probs = w.alloc(x.lzma_probs_size(4, 0)); // LZMA2: lc + lp <= 4
  const check = lzmaStatus(w, 'xz: LZMA2');
  return w.decode(src, opts, (inAt, sink) =>
    decodeStreams(src, sink, {
      props: (lc, lp, pb, dictSize) => x.lzma_props(probs, lc, lp, pb, dictSize),
      resetState: () => x.lzma_reset_state(),
      rcInit: (at, end) => void check(x.lzma_rc_init(inAt, end, at)),
      decode(limit, dictStart) {
        const r = check(x.lzma_decode(sink.at, sink.pos, limit, dictStart));
        sink.pos = x.lzma_pos();
        if (r === 1) throw new CodecError('xz: an LZMA end marker inside an LZMA2 chunk', x.lzma_in_pos(), 'corrupt');
      },
      chunkEndOK: (end) => x.lzma_pending() === 0 && x.lzma_finished_ok() === 1 && x.lzma_in_pos() === end,
      crc32: (start, end) => x.crc32(0, sink.at + start, end - start) >>> 0,
      bcjArm64: (start, end, pos) => x.bcj_arm64(sink.at + start, end - start, pos),
    }),
  );
}

/** One or more streams, with stream padding (multiples of 4 zero bytes) between and after. */
function decodeStreams(src: Uint8Array, sink: OutputSink, e: Engine): void {
  let p = decodeStream(src, 0, sink, e);
  for (;;) {
    while (p + 4 <= src.length && src[p] === 0 && src[p + 1] === 0 && src[p + 2] === 0 && src[p + 3] === 0) p += 4;
    if (p === src.length) return;
    p = decodeStream(src, p, sink, e);
  }
}

function decodeStream(src: Uint8Array, start: number, sink: OutputSink, e: Engine): number {
  const r = new Reader(src, start);
  r.need(12, 'stream header');
  if (!MAGIC.every((b, i) => src[start + i] === b)) throw new CodecError(`xz: no stream header magic (fd 37 7a 58 5a 00) at ${start}`, start, 'corrupt');
  const flags = [src[start + 6] as number, src[start + 7] as number] as const;
  if (flags[0] !== 0 || flags[1] > 0x0f) throw new CodecError(`xz: unsupported stream flags ${flags[0]} ${flags[1]}`, start + 6, 'unsupported');
  r.crc(start + 6, start + 8, 'stream header');
  const checkId = flags[1];
  const checkSize = CHECK_SIZE[checkId] as number;
  r.p = start + 12;
  const records: Array<[number, number]> = [];
  for (;;) {
    r.need(1, 'block header');
    if (src[r.p] === 0) break; // the index indicator
    records.push(decodeBlock(r, sink, e, checkId, checkSize));
  }

  const indexStart = r.p++;
  const count = r.vli('index');
  if (count !== records.length) throw new CodecError(`xz: the index lists ${count} blocks, the stream has ${records.length}`, indexStart, 'corrupt');
  for (const [i, [unpadded, uncompressed]] of records.entries()) {
    const at = r.p;
    if (r.vli('index') !== unpadded || r.vli('index') !== uncompressed) throw new CodecError(`xz: index record ${i} does not match block ${i}`, at, 'corrupt');
  }
  r.padding('index');
  r.crc(indexStart, r.p, 'index');
  r.p += 4;

  const footer = r.p;
  r.need(12, 'stream footer');
  r.crc(footer + 4, footer + 10, 'stream footer', footer);
  const backward = (r.u32(footer + 4) + 1) * 4;
  if (backward !== footer - indexStart) throw new CodecError(`xz: the footer's backward size ${backward} is not the index size ${footer - indexStart}`, footer + 4, 'corrupt');
  if (src[footer + 8] !== flags[0] || src[footer + 9] !== flags[1]) throw new CodecError('xz: stream footer flags differ from the header', footer + 8, 'corrupt');
  if (src[footer + 10] !== 0x59 || src[footer + 11] !== 0x5a) throw new CodecError('xz: no stream footer magic (59 5a)', footer + 10, 'corrupt');
  return footer + 12;
}

/** One block: header, LZMA2 chunks, padding, check. Returns its index record. */
function decodeBlock(r: Reader, sink: OutputSink, e: Engine, checkId: number, checkSize: number): [number, number] {
  const src = r.src;
  const hStart = r.p;
  const hSize = ((src[hStart] as number) + 1) * 4;
  r.need(hSize, 'block header');
  r.crc(hStart, hStart + hSize - 4, 'block header');
  const flags = src[hStart + 1] as number;
  if (flags & 0x3c) throw new CodecError(`xz: unsupported block flags 0x${flags.toString(16)}`, hStart + 1, 'unsupported');
  r.p = hStart + 2;
  const declaredPacked = flags & 0x40 ? r.vli('block header') : undefined;
  const declaredSize = flags & 0x80 ? r.vli('block header') : undefined;
  let dictSize = 0;
  let bcjStart: number | undefined;
  const nFilters = (flags & 3) + 1;
  for (let i = 0; i < nFilters; i++) {
    const at = r.p;
    const id = r.vli('block header');
    const propsSize = r.vli('block header');
    if (r.p + propsSize > hStart + hSize - 4) throw new CodecError('xz: filter properties pass the block header', at, 'corrupt');
    const last = i === nFilters - 1;
    if (id === FILTER_LZMA2 && last && propsSize === 1) {
      const bits = (src[r.p] as number) & 0x3f;
      if (bits > 40) throw new CodecError(`xz: LZMA2 dictionary size code ${bits} is invalid`, r.p, 'corrupt');
      dictSize = bits === 40 ? 0xffffffff : (2 | (bits & 1)) * 2 ** (Math.floor(bits / 2) + 11);
    } else if (id === FILTER_ARM64 && !last && (propsSize === 0 || propsSize === 4)) {
      bcjStart = propsSize === 4 ? r.u32(r.p) : 0;
    } else {
      const name = id === FILTER_LZMA2 ? 'LZMA2 (not last, or bad properties)' : (FILTER_NAMES[id] ?? `0x${id.toString(16)}`);
      throw new CodecError(`xz: filter ${name} is not supported here (LZMA2 and ARM64 BCJ are: what Kbuild's xz_wrap.sh uses for arm64)`, at, 'unsupported');
    }
    r.p += propsSize;
  }
  for (; r.p < hStart + hSize - 4; r.p++) if (src[r.p] !== 0) throw new CodecError('xz: non-zero block header padding', r.p, 'corrupt');

  const dataStart = hStart + hSize;
  const outStart = sink.pos;
  r.p = dataStart;
  decodeLzma2(r, sink, e, dictSize);
  const packed = r.p - dataStart;
  const size = sink.pos - outStart;
  if (declaredPacked !== undefined && declaredPacked !== packed) throw new CodecError(`xz: block holds ${packed} compressed bytes, its header says ${declaredPacked}`, dataStart, 'corrupt');
  if (declaredSize !== undefined && declaredSize !== size) throw new CodecError(`xz: block decodes to ${size} bytes, its header says ${declaredSize}`, dataStart, 'corrupt');
  r.padding('block');
  if (bcjStart !== undefined) e.bcjArm64(outStart, sink.pos, bcjStart);

  r.need(checkSize, 'block check');
  const checkAt = r.p;
  const stored = src.subarray(checkAt, checkAt + checkSize);
  const mismatch = (what: string) => new CodecError(`xz: the block's ${what} does not match its output`, checkAt, 'corrupt');
  if (checkId === CHECK_CRC32 && e.crc32(outStart, sink.pos) !== r.u32(checkAt)) throw mismatch('CRC32');
  if (checkId === CHECK_CRC64 && !equal(crc64(sink.buf, outStart, sink.pos), stored)) throw mismatch('CRC64');
  if (checkId === CHECK_SHA256 && !equal(sha256Sync(sink.buf.subarray(outStart, sink.pos)), stored)) throw mismatch('SHA-256');
  r.p += checkSize; // other check types are reserved: skipped, as the format allows
  return [hSize + packed + checkSize, size];
}

/** LZMA2 chunks up to the 0x00 end byte (control bytes as in xz's lzma2_decoder.c). */
function decodeLzma2(r: Reader, sink: OutputSink, e: Engine, dictSize: number): void {
  const src = r.src;
  let dictStart = -1; // no dictionary reset yet
  let needProps = true;
  for (;;) {
    r.need(1, 'LZMA2 chunk');
    const at = r.p;
    const control = src[r.p++] as number;
    if (control === 0) return;
    if (control >= 0xe0 || control === 1) {
      dictStart = sink.pos;
      needProps = true;
    } else if (dictStart < 0) throw new CodecError('xz: LZMA2 data before a dictionary reset', at, 'corrupt');
    if (control < 0x80) {
      if (control > 2) throw new CodecError(`xz: invalid LZMA2 control byte 0x${control.toString(16)}`, at, 'corrupt');
      r.need(2, 'LZMA2 chunk');
      const n = (((src[r.p] as number) << 8) | (src[r.p + 1] as number)) + 1;
      r.p += 2;
      r.need(n, 'LZMA2 stored chunk');
      sink.ensure(n, r.p);
      sink.buf.set(src.subarray(r.p, r.p + n), sink.pos);
      sink.pos += n;
      r.p += n;
      continue;
    }
    r.need(4, 'LZMA2 chunk');
    const size = (control & 0x1f) * 65536 + (((src[r.p] as number) << 8) | (src[r.p + 1] as number)) + 1;
    const packed = (((src[r.p + 2] as number) << 8) | (src[r.p + 3] as number)) + 1;
    r.p += 4;
    if (control >= 0xc0) {
      r.need(1, 'LZMA2 properties');
      let d = src[r.p] as number;
      const lc = d % 9;
      d = (d / 9) | 0;
      const lp = d % 5;
      const pb = (d / 5) | 0;
      if (pb > 4 || lc + lp > 4) throw new CodecError(`xz: invalid LZMA2 properties byte ${src[r.p]}`, r.p, 'corrupt');
      e.props(lc, lp, pb, dictSize);
      r.p++;
      needProps = false;
    } else if (needProps) throw new CodecError('xz: LZMA2 chunk without properties after a dictionary reset', at, 'corrupt');
    else if (control >= 0xa0) e.resetState();
    r.need(packed, 'LZMA2 chunk data');
    sink.ensure(size, r.p);
    e.rcInit(r.p, r.p + packed);
    e.decode(sink.pos + size, dictStart);
    if (!e.chunkEndOK(r.p + packed)) throw new CodecError(`xz: LZMA2 chunk at ${at} does not end where its header says`, at, 'corrupt');
    r.p += packed;
    sink.tick(r.p);
  }
}

/** A cursor over the compressed bytes with the container's primitive fields. */
class Reader {
  constructor(
    readonly src: Uint8Array,
    public p: number,
  ) {}
  need(n: number, what: string): void {
    if (this.p + n > this.src.length) throw new CodecError(`xz: ${what} truncated at ${this.p}`, this.p, 'truncated');
  }
  u32(at: number): number {
    if (at + 4 > this.src.length) throw new CodecError(`xz: truncated at ${at}`, at, 'truncated');
    return ((this.src[at] as number) | ((this.src[at + 1] as number) << 8) | ((this.src[at + 2] as number) << 16) | ((this.src[at + 3] as number) << 24)) >>> 0;
  }
  /** The little-endian CRC32 stored after [start, end) (or at `storedAt`) must match. */
  crc(start: number, end: number, what: string, storedAt = end): void {
    if (crc32(this.src, start, end) !== this.u32(storedAt)) throw new CodecError(`xz: ${what} CRC32 mismatch`, storedAt, 'corrupt');
  }
  /** A variable-length integer: 7 bits a byte, least significant first, at most 9 bytes. */
  vli(what: string): number {
    let v = 0;
    for (let i = 0; i < 9; i++) {
      this.need(1, what);
      const b = this.src[this.p++] as number;
      v += (b & 0x7f) * 2 ** (7 * i);
      if (!(b & 0x80)) {
        if (b === 0 && i > 0) break; // a redundant zero byte: invalid
        if (!Number.isSafeInteger(v)) break;
        return v;
      }
    }
    throw new CodecError(`xz: invalid integer in the ${what}`, this.p - 1, 'corrupt');
  }
  /** Zero bytes up to a multiple of 4 from the stream start. */
  padding(what: string): void {
    while (this.p % 4 !== 0) {
      this.need(1, `${what} padding`);
      if (this.src[this.p++] !== 0) throw new CodecError(`xz: non-zero ${what} padding`, this.p - 1, 'corrupt');
    }
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
