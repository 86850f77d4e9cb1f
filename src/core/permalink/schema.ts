// The permalink snapshot: what is needed to redraw the view without the binary. Versioned;
// each version is frozen — a change of shape is a new version with a migration (migrate.ts),
// and the golden links of every version stay under test (codec.test.ts).
// v2 (2026-12-02) adds the finding: the target system the verdicts were made for and the
// verdicts themselves, which the receiver cannot recompute without the file.
import * as v from 'valibot';

export const SNAPSHOT_VERSION = 2;

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

/** The target system (src/core/verdict/target.ts TargetSystem) the verdicts were made for. */
const LockdownV2 = v.picklist(['none', 'integrity', 'confidentiality']);
export const TargetV2 = v.strictObject({
  arch: v.picklist(['arm64', 'riscv64', 'loongarch64', 'x86_64']),
  kernelVersion: text(64),
  // the running kernel's configuration
  kexec: v.boolean(),
  kexecFile: v.boolean(),
  kexecSig: v.boolean(),
  kexecSigForce: v.boolean(),
  kexecImageVerifySig: v.boolean(),
  lockdownLsm: v.boolean(),
  lockdownForce: LockdownV2,
  lockdownInEfiSecureBoot: v.boolean(),
  ima: v.boolean(),
  imaSecureBootAware: v.boolean(),
  imaAppraise: v.boolean(),
  imaArchPolicy: v.boolean(),
  crashDump: v.boolean(),
  cma: v.boolean(),
  efiZboot: v.boolean(),
  pageSize: v.picklist([4096, 16384, 65536]),
  // how it was booted and tuned
  secureBoot: v.boolean(),
  lockdown: LockdownV2,
  imaPolicySecureBoot: v.boolean(),
  kexecLoadDisabled: v.boolean(),
  signerTrusted: v.boolean(),
  // user space
  kexecTools: text(16),
  kexecToolsCodecs: v.pipe(v.array(v.picklist(['gzip', 'lzma', 'zstd'])), v.maxLength(3)),
  systemd: v.picklist(['kexec-tools', 'direct', 'direct-einval-fallback']),
  systemdVersion: v.optional(text(32)),
});

/** One route's verdict as the sender's page showed it (src/core/verdict/rules.ts Verdict). */
export const VerdictV2 = v.strictObject({
  route: text(40),
  verdict: v.picklist(['works', 'fails', 'works with caveats']),
  errno: v.optional(text(16)),
  message: text(512),
});

export const SnapshotV2 = v.strictObject({
  ...SnapshotV1.entries,
  v: v.literal(2),
  target: v.optional(TargetV2),
  /** The target preset's id, "custom" or "config". */
  targetPreset: v.optional(text(64)),
  verdicts: v.optional(v.pipe(v.array(VerdictV2), v.maxLength(16, 'more than 16 verdicts'))),
});

export type SnapshotV1Shape = v.InferOutput<typeof SnapshotV1>;
export type Snapshot = v.InferOutput<typeof SnapshotV2>;
export type SnapshotVerdict = v.InferOutput<typeof VerdictV2>;
export type ImageSummary = v.InferOutput<typeof ImageSummaryV1>;
