// The system that will do the kexec: what changes the verdict. Presets are labelled with what
// they assume; every field can be changed.
export type Lockdown = 'none' | 'integrity' | 'confidentiality';
export type SystemdKexec = 'kexec-tools' | 'direct' | 'direct-einval-fallback';

export interface TargetSystem {
  arch: 'arm64' | 'riscv64' | 'loongarch64' | 'x86_64';
  kernelVersion: string;
  /** CONFIG_KEXEC_SIG (arm64: KEXEC_IMAGE_VERIFY_SIG follows it). */
  kexecSig: boolean;
  /** CONFIG_KEXEC_SIG_FORCE, or the ima/secure-boot enforcement that sets it at run time. */
  kexecSigForce: boolean;
  lockdown: Lockdown;
  /** Is the image's signer in the kernel's secondary or platform keyring? */
  signerTrusted: boolean;
  pageSize: 4096 | 16384 | 65536;
  kexecTools: string;
  /** How `systemctl kexec` loads: via kexec-tools (older systemd), kexec_file_load directly
   * with userspace fallback on ENOEXEC (systemd PR #41390), or also on EINVAL (PR #42234). */
  systemd: SystemdKexec;
}

export interface TargetPreset {
  id: string;
  label: string;
  assumes: string;
  target: TargetSystem;
}

export const TARGET_PRESETS: TargetPreset[] = [
  {
    id: 'tiny-qemu',
    label: 'The sample kernels on QEMU (their own .config)',
    assumes: 'from the embedded .config of the built-in samples: KEXEC_FILE=y, no KEXEC_SIG, no lockdown, 4K pages; kexec-tools 2.0.31',
    target: { arch: 'arm64', kernelVersion: '6.12', kexecSig: false, kexecSigForce: false, lockdown: 'none', signerTrusted: true, pageSize: 4096, kexecTools: '2.0.31', systemd: 'kexec-tools' },
  },
  {
    id: 'fedora40-aarch64',
    label: 'Fedora 40 aarch64, kexec-tools 2.0.28',
    assumes: 'kernel 6.9, KEXEC_SIG=y, Secure Boot on (lockdown integrity), kexec-tools 2.0.28-4 (before the 2.0.28-12 fix) [assumed from the bug reports in domain notes §5.7]',
    target: { arch: 'arm64', kernelVersion: '6.9', kexecSig: true, kexecSigForce: false, lockdown: 'integrity', signerTrusted: true, pageSize: 4096, kexecTools: '2.0.28', systemd: 'kexec-tools' },
  },
  {
    id: 'debian13-arm64',
    label: 'Debian 13 arm64',
    assumes: 'kernel 6.12, KEXEC_SIG=y, Secure Boot off (no lockdown), kexec-tools 2.0.31 [assumed]',
    target: { arch: 'arm64', kernelVersion: '6.12', kexecSig: true, kexecSigForce: false, lockdown: 'none', signerTrusted: true, pageSize: 4096, kexecTools: '2.0.31', systemd: 'kexec-tools' },
  },
  {
    id: 'secureboot-2026',
    label: 'A 2026 distro with Secure Boot, systemd kexec_file_load',
    assumes: 'kernel 6.18, KEXEC_SIG=y and enforced, lockdown integrity, kexec-tools 2.0.32, systemd with PR #42234 [assumed]',
    target: { arch: 'arm64', kernelVersion: '6.18', kexecSig: true, kexecSigForce: true, lockdown: 'integrity', signerTrusted: true, pageSize: 4096, kexecTools: '2.0.32', systemd: 'direct-einval-fallback' },
  },
];

/** A target filled from an embedded .config (the user is about to kexec into the same kernel). */
export function targetFromConfig(options: Record<string, string>, kernelVersion?: string): Partial<TargetSystem> {
  const y = (k: string) => options[k] === 'y';
  const t: Partial<TargetSystem> = {
    kexecSig: y('CONFIG_KEXEC_SIG'),
    kexecSigForce: y('CONFIG_KEXEC_SIG_FORCE'),
    lockdown: y('CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY') ? 'confidentiality' : y('CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY') ? 'integrity' : 'none',
    pageSize: y('CONFIG_ARM64_64K_PAGES') ? 65536 : y('CONFIG_ARM64_16K_PAGES') ? 16384 : 4096,
  };
  if (y('CONFIG_ARM64')) t.arch = 'arm64';
  else if (y('CONFIG_RISCV')) t.arch = 'riscv64';
  if (kernelVersion) t.kernelVersion = kernelVersion;
  return t;
}

export function versionAtLeast(v: string, min: string): boolean {
  const a = v.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const b = min.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}
