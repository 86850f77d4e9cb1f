// Bounds-checked little-endian reads over a window of the file, plus a builder that turns
// reads into Fields. Nothing here throws on short input: a read past the end records one
// problem naming the field and offset, and returns undefined, so every field that does lie
// in the bytes present is still reported.
import { type Field, type FieldValue, type Problem, RAW_PREVIEW } from './field';
import { hex, hexBytes } from './hex';

/** A window [base, base+bytes.length) of a file; offsets given to its methods are relative. */
export class ByteView {
  private readonly dv: DataView;
  constructor(
    readonly bytes: Uint8Array,
    /** Absolute file offset of bytes[0]. */
    readonly base = 0,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.length;
  }
  has(off: number, n: number): boolean {
    return Number.isSafeInteger(off) && off >= 0 && n >= 0 && off + n <= this.bytes.length;
  }
  u8(off: number): number | undefined {
    return this.has(off, 1) ? this.dv.getUint8(off) : undefined;
  }
  u16(off: number): number | undefined {
    return this.has(off, 2) ? this.dv.getUint16(off, true) : undefined;
  }
  u32(off: number): number | undefined {
    return this.has(off, 4) ? this.dv.getUint32(off, true) : undefined;
  }
  u64(off: number): bigint | undefined {
    return this.has(off, 8) ? this.dv.getBigUint64(off, true) : undefined;
  }
  /** Bytes clipped to what exists. */
  slice(off: number, n: number): Uint8Array {
    const s = Math.max(0, Math.min(off, this.bytes.length));
    return this.bytes.subarray(s, Math.max(s, Math.min(off + n, this.bytes.length)));
  }
  /** NUL-terminated (or n-byte) ASCII, non-printables escaped. */
  ascii(off: number, n: number): string {
    let s = '';
    for (const b of this.slice(off, n)) {
      if (b === 0) break;
      s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
    }
    return s;
  }
  /** A sub-window at relative offset `off`, clipped to the bytes present. */
  sub(off: number, n: number): ByteView {
    return new ByteView(this.slice(off, n), this.base + Math.max(0, Math.min(off, this.bytes.length)));
  }
}

/** Problems and warnings shared by every parser of one inspection. */
export class ParseLog {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];
  error(offset: number, message: string): void {
    this.errors.push({ offset, message });
  }
  warn(offset: number, message: string): void {
    this.warnings.push({ offset, message });
  }
}

export interface FieldSpec {
  meaning: string;
  source?: string;
  /** Decoded form; defaults to hex for integers. */
  decode?: (v: number | bigint) => string;
}

/** Builds the Fields of one structure at a relative offset of a ByteView. */
export class StructBuilder {
  readonly fields: Field[] = [];
  private truncatedReported = false;
  constructor(
    readonly view: ByteView,
    readonly log: ParseLog,
    /** Id prefix, e.g. "pe/coff". */
    readonly idPrefix: string,
    /** Relative offset of the structure inside the view. */
    readonly at: number,
    /** Human name for messages, e.g. "COFF file header". */
    readonly title: string,
    readonly source?: string,
  ) {}

  abs(rel: number): number {
    return this.view.base + this.at + rel;
  }

  private missing(name: string, rel: number, size: number): void {
    if (this.truncatedReported) return;
    this.truncatedReported = true;
    this.log.error(
      this.abs(rel),
      `${this.title} is truncated: ${name} at ${hex(this.abs(rel))} needs ${size} bytes but the file ends at ${hex(this.view.base + this.view.length)}`,
    );
  }

  push(name: string, rel: number, size: number, value: FieldValue | undefined, display: string, spec: FieldSpec, children?: Field[]): Field {
    const raw = this.view.slice(this.at + rel, size);
    const f: Field = {
      id: `${this.idPrefix}/${name}`,
      name,
      offset: this.abs(rel),
      size,
      value,
      display,
      meaning: spec.meaning,
      raw: hexBytes(raw, RAW_PREVIEW),
    };
    const source = spec.source ?? this.source;
    if (source) f.source = source;
    if (children) f.children = children;
    this.fields.push(f);
    return f;
  }

  private int<T extends number | bigint>(name: string, rel: number, size: number, v: T | undefined, spec: FieldSpec): T | undefined {
    if (v === undefined) {
      this.missing(name, rel, size);
      return undefined;
    }
    this.push(name, rel, size, v, spec.decode ? spec.decode(v) : hex(v), spec);
    return v;
  }

  u8(name: string, rel: number, spec: FieldSpec): number | undefined {
    return this.int(name, rel, 1, this.view.u8(this.at + rel), spec);
  }
  u16(name: string, rel: number, spec: FieldSpec): number | undefined {
    return this.int(name, rel, 2, this.view.u16(this.at + rel), spec);
  }
  u32(name: string, rel: number, spec: FieldSpec): number | undefined {
    return this.int(name, rel, 4, this.view.u32(this.at + rel), spec);
  }
  u64(name: string, rel: number, spec: FieldSpec): bigint | undefined {
    return this.int(name, rel, 8, this.view.u64(this.at + rel), spec);
  }
  /** Fixed-size string field (NUL-padded). */
  str(name: string, rel: number, size: number, spec: Omit<FieldSpec, 'decode'>): string | undefined {
    if (!this.view.has(this.at + rel, size)) {
      this.missing(name, rel, size);
      return undefined;
    }
    const s = this.view.ascii(this.at + rel, size);
    this.push(name, rel, size, s, JSON.stringify(s), spec);
    return s;
  }
  /** An opaque byte range (reserved words, code, payloads). */
  bytes(name: string, rel: number, size: number, spec: Omit<FieldSpec, 'decode'>, display?: string): boolean {
    const present = Math.max(0, Math.min(size, this.view.length - (this.at + rel)));
    this.push(name, rel, Math.max(0, present), null, display ?? `${size} bytes`, spec);
    if (present < size) {
      this.missing(name, rel, size);
      return false;
    }
    return true;
  }

  /** The structure as one parent Field spanning its children. */
  node(name: string, meaning: string, size?: number): Field {
    const end = this.fields.reduce((m, f) => Math.max(m, f.offset + f.size), this.abs(0));
    const f: Field = {
      id: this.idPrefix,
      name,
      offset: this.abs(0),
      // clipped to the bytes present: a truncated structure spans only what exists
      size: Math.max(0, Math.min(size ?? end - this.abs(0), this.view.base + this.view.length - this.abs(0))),
      display: '',
      meaning,
      children: this.fields,
    };
    if (this.source) f.source = this.source;
    return f;
  }
}

/** Decode a bit mask against named flags: "0x206: EXECUTABLE_IMAGE | LINE_NUMS_STRIPPED | …". */
export function decodeFlags(v: number | bigint, names: ReadonlyArray<readonly [number | bigint, string]>): string {
  const n = BigInt(v);
  const set: string[] = [];
  let known = 0n;
  for (const [bit, name] of names) {
    const b = BigInt(bit);
    known |= b;
    if ((n & b) === b && b !== 0n) set.push(name);
  }
  const rest = n & ~known;
  if (rest) set.push(hex(rest));
  return `${hex(n)}${set.length ? ': ' + set.join(' | ') : ''}`;
}
