// The one shape every parser returns and every view (tree, hex, summary, CLI) renders.
// Offsets are absolute file offsets, so a field found inside a nested image (UKI .linux,
// a decompressed payload) still points at the right bytes of the buffer it came from.

export type FieldValue = number | bigint | string | boolean | null;

export interface Field {
  /** Stable path id, e.g. "pe/optional/SizeOfImage"; unique inside one tree. */
  id: string;
  name: string;
  offset: number;
  size: number;
  /** Decoded value (numbers as bigint when they may exceed 2^53). */
  value?: FieldValue;
  /** Decoded value as a person reads it: "0x450000 (4.3 MiB)", "IMAGE_FILE_MACHINE_ARM64". */
  display: string;
  /** One line: what this field means. */
  meaning: string;
  /** Kernel (or spec) source path that defines the field. */
  source?: string;
  /** Hex of the raw bytes (at most RAW_PREVIEW bytes, then "…"). */
  raw?: string;
  children?: Field[];
  /** Which view of the bytes this node belongs to (for the second pass of a nested image). */
  layer?: string;
}

export interface Problem {
  offset: number;
  message: string;
}

export const RAW_PREVIEW = 32;

/** Depth-first walk. */
export function* walkFields(fields: readonly Field[]): Generator<Field> {
  for (const f of fields) {
    yield f;
    if (f.children) yield* walkFields(f.children);
  }
}

/** The innermost (smallest) field whose bytes contain `offset`; ties go to the deeper one. */
export function innermostFieldAt(fields: readonly Field[], offset: number): Field | undefined {
  let best: Field | undefined;
  for (const f of walkFields(fields)) {
    if (f.size > 0 && offset >= f.offset && offset < f.offset + f.size) {
      if (!best || f.size <= best.size) best = f;
    }
  }
  return best;
}

export function findField(fields: readonly Field[], id: string): Field | undefined {
  for (const f of walkFields(fields)) if (f.id === id) return f;
  return undefined;
}
