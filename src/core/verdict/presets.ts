// Target presets: each is a real kernel configuration (distroConfigs.gen.ts, generated from
// ../shared/fixtures by scripts/make-distro-presets.ts), read by targetFromConfig() exactly as a
// user's file is, plus what a configuration cannot say — said as an assumption.
import { DISTRO_CONFIGS } from './distroConfigs.gen';
import { type KexecToolsCodec, type SystemdKexec, TARGET_OPTIONS, type TargetPreset, type TargetSystem, targetFromConfig } from './target';

export interface DistroConfig {
  /** Path under ../shared/fixtures. */
  file: string;
  sha256: string;
  package: string;
  version: string;
  suite: string;
  kernelVersion?: string;
  srcArch?: string;
  options: Record<string, string>;
}

interface Userspace { kexecTools: string; codecs: Partial<Record<TargetSystem['arch'], KexecToolsCodec[]>>; systemd: SystemdKexec; systemdVersion: string; note: string }

// What each Debian suite installs (apt-cache policy / apt-cache show PKG/SUITE on 2026-12-01).
// kexec-tools links zlib only on arm64 (debian/control: Build-Depends libz-dev [arm64 ia64]; the
// arm64 binary Depends on zlib1g, on no liblzma or libzstd). systemd 252 and 257 run
// `kexec --load` (src/systemctl/systemctl-start-special.c load_kexec_kernel(), read in the
// Debian sources); 262's source was not at hand: PR #41390 / #42234 (2026) are assumed in it.
const DEBIAN: Record<string, Userspace> = {
  bookworm: { kexecTools: '2.0.25', codecs: { arm64: ['gzip'], riscv64: [] }, systemd: 'kexec-tools', systemdVersion: '252.39', note: 'kexec-tools 1:2.0.25-3+deb12u3 (zlib only on arm64), systemd 252.39-1~deb12u2 (runs kexec --load)' },
  trixie: { kexecTools: '2.0.29', codecs: { arm64: ['gzip'], riscv64: [] }, systemd: 'kexec-tools', systemdVersion: '257.13', note: 'kexec-tools 1:2.0.29-2 (zlib only on arm64; no RISC-V port before 2.0.32), systemd 257.13-1~deb13u1 (runs kexec --load)' },
  sid: { kexecTools: '2.0.32', codecs: { arm64: ['gzip'], riscv64: [] }, systemd: 'direct-einval-fallback', systemdVersion: '262.1', note: 'kexec-tools 1:2.0.32-3 (zlib only on arm64), systemd 262.1-1 — assumed to call kexec_file_load directly with the ENOEXEC/EINVAL extraction retry (PRs #41390, #42234; its source was not read)' },
};

function suiteOf(c: DistroConfig): string {
  if (c.suite.startsWith('bookworm')) return 'bookworm';
  if (c.suite.startsWith('trixie')) return 'trixie';
  if (c.suite.startsWith('sid')) return 'sid';
  return 'local';
}

const DEFAULTS = {
  secureBoot: false, lockdown: 'none', imaPolicySecureBoot: false, kexecLoadDisabled: false, signerTrusted: true,
} as const;

/** A full target from a parsed configuration: the config's facts over neutral run-time defaults. */
export function targetFromOptions(options: Record<string, string>, kernelVersion: string | undefined, userspace: Pick<TargetSystem, 'kexecTools' | 'kexecToolsCodecs' | 'systemd'> & { systemdVersion?: string }): TargetSystem {
  const c = targetFromConfig(options, kernelVersion);
  return {
    arch: c.arch ?? 'arm64', kernelVersion: c.kernelVersion ?? '6.12',
    kexec: !!c.kexec, kexecFile: !!c.kexecFile, kexecSig: !!c.kexecSig, kexecSigForce: !!c.kexecSigForce, kexecImageVerifySig: !!c.kexecImageVerifySig,
    lockdownLsm: !!c.lockdownLsm, lockdownForce: c.lockdownForce ?? 'none', lockdownInEfiSecureBoot: !!c.lockdownInEfiSecureBoot,
    ima: !!c.ima, imaSecureBootAware: !!c.imaSecureBootAware, imaAppraise: !!c.imaAppraise, imaArchPolicy: !!c.imaArchPolicy,
    crashDump: !!c.crashDump, cma: !!c.cma, efiZboot: !!c.efiZboot, pageSize: c.pageSize ?? 4096,
    ...DEFAULTS,
    ...userspace,
  };
}

function presetId(c: DistroConfig): string {
  const name = (c.file.split('/').pop() as string).replace(/^config-/, '').replace(/\.gz$/, '');
  if (c.suite === 'local build') return 'tiny-qemu';
  const flavour = name.replace(/^[\d.]+-\d+-|^[\d.]+\+deb\d+-/, '');
  const rel = { bookworm: 'debian12', trixie: 'debian13', sid: 'debian-sid' }[suiteOf(c)] ?? 'debian';
  return `${rel}-${flavour}`;
}

function preset(c: DistroConfig): TargetPreset {
  const suite = suiteOf(c);
  const u = DEBIAN[suite];
  const arch = targetFromConfig(c.options).arch ?? 'arm64';
  const userspace = u
    ? { kexecTools: u.kexecTools, kexecToolsCodecs: u.codecs[arch] ?? [], systemd: u.systemd, systemdVersion: u.systemdVersion }
    : { kexecTools: '2.0.32', kexecToolsCodecs: ['gzip', 'lzma', 'zstd'] as KexecToolsCodec[], systemd: 'kexec-tools' as SystemdKexec };
  const assumes = [
    'Secure Boot off (a configuration cannot say; switch it on to see LOCK_DOWN_IN_EFI_SECURE_BOOT and the IMA arch policy act)',
    'no lockdown=, no ima_policy=, kernel.kexec_load_disabled = 0',
    'the image file has no IMA signature (security.ima)',
    u ? `Debian ${suite}'s user space: ${u.note}` : 'kexec-tools 2.0.32 built with zlib, liblzma and libzstd; systemd running kexec --load [assumed]',
  ];
  const label = c.suite === 'local build'
    ? 'The sample kernels on QEMU (their own .config, 6.12.117 tiny build)'
    : `${{ bookworm: 'Debian 12', trixie: 'Debian 13', sid: 'Debian sid' }[suite] ?? 'Debian'} ${c.package} ${c.version}`;
  return {
    id: presetId(c),
    label,
    source: { file: c.file, package: `${c.package} ${c.version} (${c.suite})`, sha256: c.sha256, assumes },
    target: targetFromOptions(c.options, c.kernelVersion, userspace),
  };
}

export const DEFAULT_PRESET = 'debian13-arm64';
/** The default first: a caller taking the first preset gets Debian 13 arm64. */
export const TARGET_PRESETS: TargetPreset[] = DISTRO_CONFIGS.map(preset).sort((a, b) => Number(b.id === DEFAULT_PRESET) - Number(a.id === DEFAULT_PRESET));

/** The preset whose configuration says the same (every option the target reads, and the version):
 * a user's copy of a Debian config, gzip'd or not, is that Debian kernel with its suite's user space. */
export function presetForConfig(options: Record<string, string>, kernelVersion: string | undefined): TargetPreset | undefined {
  const i = DISTRO_CONFIGS.findIndex((c) => c.kernelVersion === kernelVersion && TARGET_OPTIONS.every((k) => c.options[k] === options[k]));
  const c = DISTRO_CONFIGS[i];
  return c ? TARGET_PRESETS.find((p) => p.source.file === c.file) : undefined;
}

/** A target from a user's configuration: the matching preset, else its facts over `base`'s user space. */
export function targetFromConfigFile(options: Record<string, string>, kernelVersion: string | undefined, base: TargetSystem): { target: TargetSystem; preset?: TargetPreset } {
  const p = presetForConfig(options, kernelVersion);
  if (p) return { target: p.target, preset: p };
  return { target: targetFromOptions(options, kernelVersion, { kexecTools: base.kexecTools, kexecToolsCodecs: base.kexecToolsCodecs, systemd: base.systemd, ...(base.systemdVersion ? { systemdVersion: base.systemdVersion } : {}) }) };
}
