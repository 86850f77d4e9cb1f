// The permalink snapshot: what is needed to redraw the view without the binary. Versioned;
// v1 is frozen — a change of shape is a new version with a migration (migrate.ts), and golden
// v1 links stay under test (golden.test.ts).
import * as v from 'valibot';

export const SNAPSHOT_VERSION = 1;

const HEX = /^0x[0-9a-f]{1,16}$/;
const hexU64 = v.pipe(v.string(), v.regex(HEX, 'a 0x… hexadecimal number of at most 64 bits'));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `longer than ${max} characters`));

export const ImageSummaryV1 = v.strictObject({
  name: text(255),
  size: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 40)),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256')),
  format: v.picklist(['zboot', 'arm64-image', 'riscv64-image', 'loongarch64-image', 'x86-bzimage', 'uki', 'pe', 'compressed', 'unknown']),
  arch: v.optional(text(32)),
  compression: v.optional(text(32)),
  /** The Image header values the layout used (inner Image for zboot). */
  imageSize: v.optional(hexU64),
  textOffset: v.optional(hexU64),
  bigEndian: v.optional(v.boolean()),
  /** What kexec-tools would pass for a zboot file: inner Image length and header. */
  innerLength: v.optional(hexU64),
  innerImageSize: v.optional(hexU64),
  innerTextOffset: v.optional(hexU64),
});

const MemoryV1 = v.variant('kind', [
  v.strictObject({ kind: v.literal('preset'), id: text(64) }),
  v.strictObject({ kind: v.literal('text'), memory: text(60_000), reserved: text(60_000), iomem: text(60_000) }),
]);

export const LayoutSettingsV1 = v.strictObject({
  memory: MemoryV1,
  mode: v.picklist(['upstream', 'kexec-tools', 'zboot-proposal']),
  initrdSize: text(32),
  dtbSize: text(32),
  cmdline: text(4096),
  crash: v.boolean(),
  crashRegion: text(64),
  pageSize: text(16),
  kernelVersion: text(16),
  cpus: text(8),
  cma: text(64),
  noCma: v.boolean(),
  manualImageSize: text(32),
  manualTextOffset: text(32),
});

export const SnapshotV1 = v.strictObject({
  v: v.literal(1),
  image: v.optional(ImageSummaryV1),
  layout: LayoutSettingsV1,
  tab: v.picklist(['inspect', 'layout', 'step']),
  phase: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(64)),
  segment: v.optional(text(64)),
});

export type Snapshot = v.InferOutput<typeof SnapshotV1>;
export type ImageSummary = v.InferOutput<typeof ImageSummaryV1>;
