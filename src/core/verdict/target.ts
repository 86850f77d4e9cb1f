// The system that will do the kexec: what decides each route's verdict. Three parts, each from
// its own source: the running kernel's build configuration (a /boot/config-*, /proc/config.gz
// or the image's own embedded .config), how that kernel was booted and tuned (Secure Boot, the
// command line's lockdown= and ima_policy=, the kexec_load_disabled sysctl), and user space
// (kexec-tools' version and the decompressors it was built with, how systemd loads). Plain
// data throughout, so the target can go into a permalink.
export type Lockdown = 'none' | 'integrity' | 'confidentiality';
/** How `systemctl kexec` loads: by running `kexec --load` (systemd 252, 257: src/systemctl/
 * systemctl-start-special.c load_kexec_kernel()), by kexec_file_load directly with a user-space
 * extraction retry on ENOEXEC (systemd PR #41390), or also on EINVAL (PR #42234). */
export type SystemdKexec = 'kexec-tools' | 'direct' | 'direct-einval-fallback';
/** What kexec-tools' slurp_decompress_file() can undo (kexec/kexec.c): zlib (gzip), liblzma
 * (xz and lzma), libzstd (2.0.31+, a7fcd42) — each only when kexec-tools was built with it. */
export type KexecToolsCodec = 'gzip' | 'lzma' | 'zstd';

export interface TargetSystem {
  arch: 'arm64' | 'riscv64' | 'loongarch64' | 'x86_64';
  kernelVersion: string;
  // ---- the running kernel's configuration
  /** CONFIG_KEXEC: the classic kexec_load syscall (else kernel/sys_ni.c answers ENOSYS). */
  kexec: boolean;
  /** CONFIG_KEXEC_FILE: kexec_file_load (else kernel/sys_ni.c answers ENOSYS). */
  kexecFile: boolean;
  /** CONFIG_KEXEC_SIG: kimage_validate_signature() runs (kernel/kexec_file.c). */
  kexecSig: boolean;
  /** CONFIG_KEXEC_SIG_FORCE: sig_enforce from boot (kernel/kexec_file.c). */
  kexecSigForce: boolean;
  /** CONFIG_KEXEC_IMAGE_VERIFY_SIG: arm64's image loader has .verify_sig (arch/arm64/kernel/kexec_image.c). */
  kexecImageVerifySig: boolean;
  /** The lockdown LSM is built and active: CONFIG_SECURITY_LOCKDOWN_LSM and (…_LSM_EARLY or "lockdown" in CONFIG_LSM). */
  lockdownLsm: boolean;
  /** CONFIG_LOCK_DOWN_KERNEL_FORCE_{NONE,INTEGRITY,CONFIDENTIALITY} (security/lockdown/lockdown.c lockdown_lsm_init()). */
  lockdownForce: Lockdown;
  /** CONFIG_LOCK_DOWN_IN_EFI_SECURE_BOOT (Debian/Fedora patch; drivers/firmware/efi/secureboot.c efi_set_secure_boot()). */
  lockdownInEfiSecureBoot: boolean;
  /** CONFIG_IMA: ima_load_data() hooks kexec_load (security/integrity/ima/ima_main.c). */
  ima: boolean;
  /** IMA can see Secure Boot: arch_get_secureboot() is built (CONFIG_HAVE_ARCH_GET_SECUREBOOT, 6.12+) or
   * ima_efi.c's arch_ima_get_secureboot() (CONFIG_IMA_SECURE_AND_OR_TRUSTED_BOOT, 6.1); else it answers false. */
  imaSecureBootAware: boolean;
  /** CONFIG_IMA and CONFIG_IMA_APPRAISE: IMA can enforce an appraisal policy (ima_appraise = IMA_APPRAISE_ENFORCE, ima_main.c). */
  imaAppraise: boolean;
  /** CONFIG_IMA_ARCH_POLICY with the arch hook built (CONFIG_IMA_SECURE_AND_OR_TRUSTED_BOOT → ima_efi.c arch_get_ima_policy()). */
  imaArchPolicy: boolean;
  crashDump: boolean;
  cma: boolean;
  efiZboot: boolean;
  pageSize: 4096 | 16384 | 65536;
  // ---- how it was booted and tuned
  /** UEFI Secure Boot was on at boot (efi_get_secureboot_mode()). */
  secureBoot: boolean;
  /** The `lockdown=` kernel parameter (security/lockdown/lockdown.c lockdown_param()); 'none' = absent. */
  lockdown: Lockdown;
  /** `ima_policy=secure_boot` on the command line (ima_policy.c policy_setup(), secure_boot_rules[]). */
  imaPolicySecureBoot: boolean;
  /** sysctl kernel.kexec_load_disabled = 1 (kernel/kexec_core.c kexec_load_permitted()). */
  kexecLoadDisabled: boolean;
  /** Is the image's signer in the kernel's secondary or platform keyring? (When the signature's chain to a CA is unknown.) */
  signerTrusted: boolean;
  // ---- user space
  /** kexec-tools version, or 'none' when it is not installed. */
  kexecTools: string;
  /** The decompressors this kexec-tools build links (Debian's arm64 package: zlib only, debian/control Build-Depends libz-dev [arm64]). */
  kexecToolsCodecs: KexecToolsCodec[];
  systemd: SystemdKexec;
  /** systemd's version, when known (for the label; `systemd` says how it loads). */
  systemdVersion?: string;
}

/** Where a target's facts come from: a real configuration file, or what is assumed. */
export interface TargetSource {
  /** The configuration file: a distro-configs name, or the user's. */
  file?: string;
  /** The Debian package and version the configuration belongs to. */
  package?: string;
  sha256?: string;
  /** What a configuration cannot say and the preset therefore assumes. */
  assumes: string[];
}

export interface TargetPreset {
  id: string;
  label: string;
  source: TargetSource;
  target: TargetSystem;
}

/** Every option targetFromConfig() reads: what the presets keep of their configuration files. */
export const TARGET_OPTIONS = [
  'CONFIG_ARM64', 'CONFIG_RISCV', 'CONFIG_LOONGARCH', 'CONFIG_X86_64',
  'CONFIG_KEXEC', 'CONFIG_KEXEC_FILE', 'CONFIG_KEXEC_SIG', 'CONFIG_KEXEC_SIG_FORCE', 'CONFIG_KEXEC_IMAGE_VERIFY_SIG',
  'CONFIG_SECURITY_LOCKDOWN_LSM', 'CONFIG_SECURITY_LOCKDOWN_LSM_EARLY', 'CONFIG_LSM',
  'CONFIG_LOCK_DOWN_KERNEL_FORCE_NONE', 'CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY', 'CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY',
  'CONFIG_LOCK_DOWN_IN_EFI_SECURE_BOOT', 'CONFIG_IMA', 'CONFIG_IMA_APPRAISE', 'CONFIG_IMA_ARCH_POLICY',
  'CONFIG_IMA_SECURE_AND_OR_TRUSTED_BOOT', 'CONFIG_HAVE_ARCH_GET_SECUREBOOT',
  'CONFIG_CRASH_DUMP', 'CONFIG_CMA', 'CONFIG_EFI_ZBOOT', 'CONFIG_ARM64_4K_PAGES', 'CONFIG_ARM64_16K_PAGES', 'CONFIG_ARM64_64K_PAGES',
] as const;

/** The facts a kernel .config decides, computed the same way for a preset and a user's file. */
export function targetFromConfig(options: Record<string, string>, kernelVersion?: string): Partial<TargetSystem> {
  const y = (k: string) => options[k] === 'y';
  const lsm = (options.CONFIG_LSM ?? '').split(',');
  const t: Partial<TargetSystem> = {
    kexec: y('CONFIG_KEXEC'),
    kexecFile: y('CONFIG_KEXEC_FILE'),
    kexecSig: y('CONFIG_KEXEC_SIG'),
    kexecSigForce: y('CONFIG_KEXEC_SIG_FORCE'),
    kexecImageVerifySig: y('CONFIG_KEXEC_IMAGE_VERIFY_SIG'),
    // security/security.c registers an LSM listed in CONFIG_LSM; SECURITY_LOCKDOWN_LSM_EARLY
    // registers lockdown from early_security_init() whatever the list says.
    lockdownLsm: y('CONFIG_SECURITY_LOCKDOWN_LSM') && (y('CONFIG_SECURITY_LOCKDOWN_LSM_EARLY') || lsm.includes('lockdown')),
    lockdownForce: y('CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY') ? 'confidentiality' : y('CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY') ? 'integrity' : 'none',
    lockdownInEfiSecureBoot: y('CONFIG_LOCK_DOWN_IN_EFI_SECURE_BOOT'),
    ima: y('CONFIG_IMA'),
    imaSecureBootAware: y('CONFIG_HAVE_ARCH_GET_SECUREBOOT') || y('CONFIG_IMA_SECURE_AND_OR_TRUSTED_BOOT'),
    imaAppraise: y('CONFIG_IMA') && y('CONFIG_IMA_APPRAISE'),
    // ima_efi.o is built only with IMA_SECURE_AND_OR_TRUSTED_BOOT (security/integrity/ima/Makefile);
    // without it include/linux/ima.h's arch_get_ima_policy() returns NULL (riscv64 6.12)
    imaArchPolicy: y('CONFIG_IMA_ARCH_POLICY') && y('CONFIG_IMA_SECURE_AND_OR_TRUSTED_BOOT'),
    crashDump: y('CONFIG_CRASH_DUMP'),
    cma: y('CONFIG_CMA'),
    efiZboot: y('CONFIG_EFI_ZBOOT'),
    pageSize: y('CONFIG_ARM64_64K_PAGES') ? 65536 : y('CONFIG_ARM64_16K_PAGES') ? 16384 : 4096,
  };
  if (y('CONFIG_ARM64')) t.arch = 'arm64';
  else if (y('CONFIG_RISCV')) t.arch = 'riscv64';
  else if (y('CONFIG_LOONGARCH')) t.arch = 'loongarch64';
  else if (y('CONFIG_X86_64')) t.arch = 'x86_64';
  if (kernelVersion) t.kernelVersion = kernelVersion;
  return t;
}

const RANK: Record<Lockdown, number> = { none: 0, integrity: 1, confidentiality: 2 };

/** The lockdown level the kernel ends up in: lock_kernel_down() only ever raises it, from the
 * config (lockdown_lsm_init()), the command line (lockdown_param()) and, with the Debian patch,
 * EFI Secure Boot (efi_set_secure_boot(): LOCKDOWN_INTEGRITY_MAX). Without the LSM no hook
 * answers security_locked_down(), so nothing is locked. */
export function effectiveLockdown(t: TargetSystem): Lockdown {
  if (!t.lockdownLsm) return 'none';
  let l: Lockdown = t.lockdownForce;
  if (RANK[t.lockdown] > RANK[l]) l = t.lockdown;
  if (t.secureBoot && t.lockdownInEfiSecureBoot && RANK.integrity > RANK[l]) l = 'integrity';
  return l;
}

/** Is there an IMA appraise rule for KEXEC_KERNEL_CHECK (ima_policy.c add_rules() sets
 * IMA_APPRAISE_KEXEC)? From the arch policy under Secure Boot when KEXEC_SIG is off
 * (ima_efi.c sb_arch_rules[]), or from ima_policy=secure_boot (secure_boot_rules[]). */
export function imaAppraisesKexec(t: TargetSystem): boolean {
  if (!t.imaAppraise) return false;
  return (t.imaArchPolicy && t.secureBoot && !t.kexecSig) || t.imaPolicySecureBoot;
}

/** sig_enforce (kernel/kexec_file.c): CONFIG_KEXEC_SIG_FORCE, or set_kexec_sig_enforced() from
 * ima_efi.c arch_get_ima_policy() when the arch policy is on under Secure Boot with KEXEC_SIG. */
export function kexecSigEnforced(t: TargetSystem): boolean {
  return t.kexecSig && (t.kexecSigForce || (t.imaArchPolicy && t.secureBoot));
}

/** What the running kernel's command line (/proc/cmdline) says that changes a verdict: lockdown=
 * (security/lockdown/lockdown.c lockdown_param(), an early_param: the last one wins) and
 * ima_policy= (ima_policy.c policy_setup(): tokens split on " |\n"). */
export function targetFromCmdline(cmdline: string): Pick<TargetSystem, 'lockdown' | 'imaPolicySecureBoot'> {
  let lockdown: Lockdown = 'none';
  let imaPolicySecureBoot = false;
  for (const tok of cmdline.trim().split(/\s+/)) {
    const [k, v = ''] = tok.split(/=(.*)/s) as [string, string?];
    if (k === 'lockdown' && (v === 'integrity' || v === 'confidentiality')) lockdown = RANK[v] > RANK[lockdown] ? v : lockdown;
    if (k === 'ima_policy' && v.split('|').includes('secure_boot')) imaPolicySecureBoot = true;
  }
  return { lockdown, imaPolicySecureBoot };
}

export function versionAtLeast(v: string, min: string): boolean {
  const a = v.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const b = min.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}
