// Will this image kexec here? Rules as data: each has an id, the verdict, the errno or message
// the user sees, why, what to do instead, and the kernel / kexec-tools / systemd source that
// makes it so. evaluate() walks each loading route in the order the real code checks things and
// returns the first rule that decides it:
//   kexec_load       kernel/kexec.c kexec_load_check(): permitted → IMA → lockdown
//   kexec_file_load  kernel/kexec_file.c: permitted → kernel_read_file (IMA) → arch probe →
//                    kimage_validate_signature() → the loader's load() (image_load())
//   kexec-tools      kexec/kexec.c main(): -s = kexec_file_load only, -c = kexec_load only, the
//                    default (since 2.0.27, 29fe506 "make -a the default") kexec_file_load and,
//                    on EFALLBACK (ENOSYS/EINVAL/ENOEXEC/ENOTSUP), kexec_load.
import type { Format } from '../inspect';
import { type KexecToolsCodec, type TargetSystem, effectiveLockdown, imaAppraisesKexec, kexecSigEnforced, versionAtLeast } from './target';

export type Route = 'kexec_file_load' | 'kexec -s' | 'kexec -c' | 'kexec -l' | 'systemctl kexec';
export type VerdictKind = 'works' | 'fails' | 'works with caveats';

export interface Rule {
  id: string;
  verdict: VerdictKind;
  errno?: string;
  message: string;
  why: string;
  fix?: string;
  source: string;
}

/** A PE's Authenticode signature as the verifier (src/core/signature/verify.ts) found it, or,
 * where it could not run, as the certificate table's presence suggests. */
export type SigState = 'unsigned' | 'intact' | 'modified' | 'invalid';
export interface SignatureFacts {
  state: SigState;
  /** Does it chain to the given CA? 'unknown' when no CA was given (then TargetSystem.signerTrusted decides). */
  chainToCa: 'yes' | 'no' | 'unknown';
  /** true when the digest and PKCS#7 were really checked; false when only the table's presence is known. */
  verified: boolean;
  /** What verify_pefile_signature() returns for these bytes, when the verifier knows (e.g. ELIBBAD for a cut table). */
  errno?: string;
}

/** One buffer a loader may be handed: the file as is, or what user space makes of it. */
export interface BufferFacts {
  format: Format;
  arch?: string;
  signature: SignatureFacts;
  imageSizeZero?: boolean;
  bigEndian?: boolean;
}

export interface ImageFacts extends BufferFacts {
  /** zboot compression string (of the file, or of a UKI's .linux). */
  compression?: string;
  /** The file is a compressed stream (Image.gz, Image.zst …): its codec. */
  fileCodec?: string;
  /** What a zboot payload, a compressed file or a UKI's .linux turns into once unpacked. */
  inner?: BufferFacts & { padded: boolean };
  /** For a UKI: the format of its .linux section. */
  ukiLinux?: Format;
}

export interface Verdict extends Rule {
  route: Route;
  /** Which buffer the kernel checks on this route. */
  verifies: string;
}

const STRERROR: Record<string, string> = {
  ENOSYS: 'Function not implemented',
  EPERM: 'Operation not permitted',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
  ENOEXEC: 'Exec format error',
  ENODATA: 'No data available',
  EKEYREJECTED: 'Key was rejected by service',
  ENOKEY: 'Required key not available',
  ELIBBAD: 'Accessing a corrupted shared library',
  EBADMSG: 'Bad message',
  EMSGSIZE: 'Message too long',
  ENOPKG: 'Package not installed',
  // ENOTSUPP (524) is kernel-internal: strerror() has no name for it
  ENOTSUPP: 'Unknown error 524',
};
const S = (errno: string) => `${STRERROR[errno] ?? errno} (${errno})`;

export const RULES: Record<string, Rule> = {
  'file-enosys': {
    id: 'file-enosys',
    verdict: 'fails',
    errno: 'ENOSYS',
    message: `kexec_file_load: ${S('ENOSYS')}`,
    why: 'this kernel is built without CONFIG_KEXEC_FILE: the syscall number exists but is routed to sys_ni_syscall(), which answers -ENOSYS before looking at anything',
    fix: 'use the classic kexec_load (kexec -c, or kexec-tools ≥ 2.0.27\'s default, which falls back to it)',
    source: 'kernel/sys_ni.c COND_SYSCALL(kexec_file_load); kernel/Kconfig.kexec KEXEC_FILE',
  },
  'load-enosys': {
    id: 'load-enosys',
    verdict: 'fails',
    errno: 'ENOSYS',
    message: `kexec_load: ${S('ENOSYS')}`,
    why: 'this kernel is built without CONFIG_KEXEC: kexec_load is routed to sys_ni_syscall()',
    source: 'kernel/sys_ni.c COND_SYSCALL(kexec_load); kernel/Kconfig.kexec KEXEC',
  },
  'file-disabled': {
    id: 'file-disabled',
    verdict: 'fails',
    errno: 'EPERM',
    message: `kexec_file_load: ${S('EPERM')}`,
    why: 'kernel.kexec_load_disabled is 1: kexec_load_permitted() refuses every load, before the file is read (the sysctl cannot be set back to 0 until reboot)',
    source: 'kernel/kexec_file.c SYSCALL_DEFINE5(kexec_file_load) → kernel/kexec_core.c kexec_load_permitted()',
  },
  'load-disabled': {
    id: 'load-disabled',
    verdict: 'fails',
    errno: 'EPERM',
    message: `kexec_load failed: ${S('EPERM')}`,
    why: 'kernel.kexec_load_disabled is 1: kexec_load_permitted() refuses every load (the sysctl cannot be set back to 0 until reboot)',
    source: 'kernel/kexec.c kexec_load_check() → kernel/kexec_core.c kexec_load_permitted()',
  },
  'file-ima-appraise': {
    id: 'file-ima-appraise',
    verdict: 'fails',
    errno: 'EACCES',
    message: `kexec_file_load: ${S('EACCES')}; dmesg: "… appraise_type=imasig" integrity failure for the kernel file`,
    why: 'IMA has an appraise rule for KEXEC_KERNEL_CHECK (the arch policy under Secure Boot when KEXEC_SIG is off, or ima_policy=secure_boot): reading the kernel file for kexec requires a valid IMA signature (security.ima); a memfd or an unsigned file has none',
    fix: 'sign the file with evmctl (security.ima) and load it from a file system that keeps xattrs, or boot without the policy',
    source: 'kernel/kexec_file.c kimage_file_prepare_segments() → kernel_read_file_from_fd(READING_KEXEC_IMAGE) → security/integrity/ima/ima_main.c ima_post_read_file() → process_measurement(); ima_efi.c sb_arch_rules[] / ima_policy.c secure_boot_rules[]',
  },
  'load-ima-secureboot-sig': {
    id: 'load-ima-secureboot-sig',
    verdict: 'fails',
    errno: 'EACCES',
    message: `kexec_load failed: ${S('EACCES')}; dmesg: "impossible to appraise a kernel image without a file descriptor; try using kexec_file_load syscall."`,
    why: 'Secure Boot is on and the kernel has KEXEC_SIG: IMA refuses the classic kexec_load, whose segments cannot be verified',
    fix: 'use kexec_file_load (kexec -s) with a signed Image',
    source: 'security/integrity/ima/ima_main.c ima_load_data(LOADING_KEXEC_IMAGE): IS_ENABLED(CONFIG_KEXEC_SIG) && arch_get_secureboot()',
  },
  'load-ima-appraise': {
    id: 'load-ima-appraise',
    verdict: 'fails',
    errno: 'EACCES',
    message: `kexec_load failed: ${S('EACCES')}; dmesg: "impossible to appraise a kernel image without a file descriptor; try using kexec_file_load syscall."`,
    why: 'IMA enforces an appraise rule for KEXEC_KERNEL_CHECK (IMA_APPRAISE_KEXEC: the arch policy under Secure Boot without KEXEC_SIG, or ima_policy=secure_boot); kexec_load has no file to appraise',
    fix: 'kexec_file_load with an IMA-signed kernel file — on a kernel that has CONFIG_KEXEC_FILE',
    source: 'security/integrity/ima/ima_main.c ima_load_data(LOADING_KEXEC_IMAGE): ima_enforce && (ima_appraise & IMA_APPRAISE_KEXEC)',
  },
  'load-lockdown': {
    id: 'load-lockdown',
    verdict: 'fails',
    errno: 'EPERM',
    message: `kexec_load failed: ${S('EPERM')}; dmesg: "Lockdown: kexec: kexec of unsigned images is restricted; see man kernel_lockdown.7"`,
    why: 'the kernel is locked down (integrity or confidentiality): kexec_load carries no signature, so security_locked_down(LOCKDOWN_KEXEC) refuses it',
    fix: 'kexec_file_load with a signed Image on a kernel with KEXEC_FILE and KEXEC_SIG, or boot without lockdown',
    source: 'kernel/kexec.c kexec_load_check(): security_locked_down(LOCKDOWN_KEXEC) → security/lockdown/lockdown.c lockdown_is_locked_down()',
  },
  'probe-not-image': {
    id: 'probe-not-image',
    verdict: 'fails',
    errno: 'EINVAL',
    message: `kexec_file_load: ${S('EINVAL')}`,
    why: 'arm64 image_probe() wants "ARM\\x64" at offset 0x38; a zboot, compressed or UKI file has something else there. arm64 has a single loader, so its -EINVAL is what user space gets (x86 would say ENOEXEC). Seen on a real 6.12 kernel: kexec-ground-truth/zboot-gzip-rejected.',
    fix: 'hand it the Image: kexec-tools ≥ 2.0.27 unpacks zboot (kexec -s), or `zboot-explorer extract FILE --out Image`',
    source: 'arch/arm64/kernel/kexec_image.c image_probe(); kernel/kexec_file.c kexec_image_probe_default()',
  },
  'probe-riscv-no-image-loader': {
    id: 'probe-riscv-no-image-loader',
    verdict: 'fails',
    errno: 'ENOEXEC',
    message: `kexec_file_load: ${S('ENOEXEC')}`,
    why: 'this riscv kernel\'s kexec_file_loaders[] holds only the ELF loader (6.12: arch/riscv/kernel/machine_kexec_file.c), whose probe answers -ENOEXEC for anything that is not an ELF vmlinux',
    fix: 'load the ELF vmlinux, or use kexec_load',
    source: 'arch/riscv/kernel/machine_kexec_file.c kexec_file_loaders[]; kernel/kexec_elf.c kexec_elf_probe()',
  },
  'probe-riscv-not-image': {
    id: 'probe-riscv-not-image',
    verdict: 'fails',
    errno: 'EINVAL',
    message: `kexec_file_load: ${S('EINVAL')}`,
    why: 'riscv tries the ELF loader, then the Image loader; kexec_image_probe_default() returns the last probe\'s error, the Image loader\'s -EINVAL',
    source: 'arch/riscv/kernel/kexec_image.c image_probe(); kernel/kexec_file.c kexec_image_probe_default()',
  },
  'probe-wrong-arch': {
    id: 'probe-wrong-arch',
    verdict: 'fails',
    errno: 'EINVAL',
    message: `kexec_file_load: ${S('EINVAL')}`,
    why: 'this image is for another architecture; the running kernel\'s loaders reject it at the magic check',
    source: 'arch/arm64/kernel/kexec_image.c image_probe()',
  },
  'image-size-zero': {
    id: 'image-size-zero',
    verdict: 'fails',
    errno: 'EINVAL',
    message: `kexec_file_load: ${S('EINVAL')}`,
    why: 'image_size is 0: a pre-3.17 Image without an unambiguous header; image_load() refuses it (after the signature check)',
    source: 'arch/arm64/kernel/kexec_image.c image_load()',
  },
  'big-endian': {
    id: 'big-endian',
    verdict: 'fails',
    errno: 'EINVAL',
    message: `kexec_file_load: ${S('EINVAL')}`,
    why: 'a big-endian Image on a little-endian kernel without mixed-endian support',
    source: 'arch/arm64/kernel/kexec_image.c image_load()',
  },
  'sig-no-verifier': {
    id: 'sig-no-verifier',
    verdict: 'fails',
    errno: 'EKEYREJECTED',
    message: `kexec_file_load: ${S('EKEYREJECTED')}; dmesg: "Enforced kernel signature verification failed (-129)"`,
    why: 'signatures are enforced but this kernel\'s image loader has no .verify_sig (CONFIG_KEXEC_IMAGE_VERIFY_SIG is off), so every verification fails',
    source: 'kernel/kexec_file.c kexec_image_verify_sig(): "kernel loader does not support signature verification"; arch/arm64/kernel/kexec_image.c kexec_image_ops',
  },
  'sig-unsigned': {
    id: 'sig-unsigned',
    verdict: 'fails',
    errno: 'ENODATA',
    message: `kexec_file_load: ${S('ENODATA')}; dmesg: "PEFILE: Unsigned PE binary", "Enforced kernel signature verification failed (-61)"`,
    why: 'signatures are enforced (KEXEC_SIG_FORCE, or the IMA arch policy under Secure Boot) and the PE the kernel verifies has no certificate table',
    fix: 'load a signed Image, or sign it with a key in the secondary/platform keyring',
    source: 'crypto/asymmetric_keys/verify_pefile.c pefile_parse_binary(); kernel/kexec_file.c kimage_validate_signature()',
  },
  'sig-invalid': {
    id: 'sig-invalid',
    verdict: 'fails',
    errno: 'EKEYREJECTED',
    message: `kexec_file_load: ${S('EKEYREJECTED')}`,
    why: 'the signature cannot be verified: the certificate table does not parse where verify_pefile.c looks (ELIBBAD, EMSGSIZE), or the PKCS#7 does not verify with its signer\'s key (EBADMSG, EKEYREJECTED)',
    source: 'crypto/asymmetric_keys/verify_pefile.c pefile_parse_binary(), pefile_strip_sig_wrapper(), verify_pefile_signature() → verify_pkcs7_signature() → pkcs7_verify()',
  },
  'sig-untrusted': {
    id: 'sig-untrusted',
    verdict: 'fails',
    errno: 'ENOKEY',
    message: `kexec_file_load: ${S('ENOKEY')}`,
    why: 'the PE is signed, but by a key in neither the secondary nor the platform keyring (checked before the digest)',
    fix: 'enrol the signing certificate (MOK) or use an Image signed by the distro key',
    source: 'kernel/kexec_file.c kexec_kernel_verify_pe_sig(): secondary keyring, then platform keyring; crypto/asymmetric_keys/pkcs7_trust.c',
  },
  'sig-modified': {
    id: 'sig-modified',
    verdict: 'fails',
    errno: 'EKEYREJECTED',
    message: `kexec_file_load: ${S('EKEYREJECTED')}; dmesg: "PEFILE: Digest mismatch"`,
    why: 'the image was changed after signing: the recomputed Authenticode digest differs from the signed one',
    source: 'crypto/asymmetric_keys/verify_pefile.c pefile_digest_pe(): "Digest mismatch" → -EKEYREJECTED',
  },
  'padded-signed-inner': {
    id: 'padded-signed-inner',
    verdict: 'fails',
    errno: 'EKEYREJECTED',
    message: `kexec_file_load: ${S('EKEYREJECTED')}; dmesg: "PEFILE: Digest mismatch"`,
    why: 'the decompressed inner Image is signed but zero-padded to image_size by Makefile.zboot; the Authenticode digest covers trailing data, so the padding breaks it. kexec-tools before 2.0.31 passes the padded Image.',
    fix: 'kexec-tools ≥ 2.0.31 truncates the Image after its certificate table',
    source: 'kexec-tools kexec/kexec-pe-zboot.c (c3a991a, 2.0.31); crypto/asymmetric_keys/verify_pefile.c pefile_digest_pe()',
  },
  'sig-lockdown': {
    id: 'sig-lockdown',
    verdict: 'fails',
    errno: 'EPERM',
    message: `kexec_file_load: ${S('EPERM')}; dmesg: "Lockdown: kexec: kexec of unsigned images is restricted"`,
    why: 'the signature did not verify and the kernel is locked down; only an IMA policy guaranteed to appraise the file could still permit it',
    fix: 'load an Image signed by a trusted key, or boot without lockdown (Secure Boot off, no lockdown=)',
    source: 'kernel/kexec_file.c kimage_validate_signature(): !ima_appraise_signature() && security_locked_down(LOCKDOWN_KEXEC)',
  },
  'kexec-tools-missing': {
    id: 'kexec-tools-missing',
    verdict: 'fails',
    message: 'kexec: command not found',
    why: 'kexec-tools is not installed on this target',
    fix: 'apt-get install kexec-tools',
    source: 'the target: kexec-tools not installed',
  },
  'kexec-tools-no-arch': {
    id: 'kexec-tools-no-arch',
    verdict: 'fails',
    message: 'kexec-tools has no port for this architecture in this version',
    why: 'RISC-V support (kexec/arch/riscv) first ships in kexec-tools 2.0.32',
    fix: 'kexec-tools ≥ 2.0.32',
    source: 'kexec-tools kexec/arch/riscv/ (absent in v2.0.31, present in v2.0.32)',
  },
  'kexec-tools-no-decompressor': {
    id: 'kexec-tools-no-decompressor',
    verdict: 'fails',
    message: 'Cannot determine the file type of FILE',
    why: 'kexec-tools undoes compression only with the libraries it was built with (slurp_decompress_file(): zlib, then libzstd ≥ 2.0.31, then liblzma); lz4 and lzo never. Without the right one it probes the compressed bytes, and no file type matches.',
    fix: 'decompress the Image first (e.g. `zboot-explorer extract FILE --out Image`)',
    source: 'kexec-tools kexec/kexec.c slurp_decompress_file(); kexec/zlib.c, kexec/lzma.c (stubs without HAVE_LIBZ / HAVE_LIBLZMA); Debian debian/control Build-Depends libz-dev [arm64 ia64] only',
  },
  'kexec-tools-no-zboot': {
    id: 'kexec-tools-no-zboot',
    verdict: 'fails',
    message: 'Cannot determine the file type of FILE',
    why: 'this kexec-tools does not know zboot images on this path (arm64 kexec_file_load support came in 2.0.27, kexec_load in 2.0.28)',
    fix: 'upgrade kexec-tools, or extract the Image first',
    source: 'kexec-tools kexec/kexec-pe-zboot.c pez_prepare(); kexec/arch/arm64/kexec-vmlinuz-arm64.c',
  },
  'kexec-tools-codec': {
    id: 'kexec-tools-codec',
    verdict: 'fails',
    message: 'pez_arm64_probe: Bad arm64 image header … Cannot determine the file type of FILE',
    why: 'pez_prepare() accepts gzip and lzma (2.0.27+) and zstd (2.0.31+) by the first 4 bytes of the codec name, and decompresses with slurp_decompress_file(), so only what this build links (Debian arm64: zlib only); this payload is not among them',
    fix: 'extract the Image first (`zboot-explorer extract FILE --out Image`)',
    source: 'kexec-tools kexec/kexec-pe-zboot.c pez_prepare() (a7fcd42 "Enable zstd", 2.0.31); kexec/kexec.c slurp_decompress_file()',
  },
  'kexec-tools-no-uki': {
    id: 'kexec-tools-no-uki',
    verdict: 'fails',
    message: 'Cannot determine the file type of FILE',
    why: 'the UKI parser (.linux, .initrd extracted to temporary files) arrived in kexec-tools 2.0.30',
    fix: 'kexec-tools ≥ 2.0.30, or extract .linux and .initrd',
    source: 'kexec-tools kexec/kexec-uki.c (0c72c44, 2.0.30)',
  },
  'kexec-tools-unknown-type': {
    id: 'kexec-tools-unknown-type',
    verdict: 'fails',
    message: 'Cannot determine the file type of FILE',
    why: 'none of kexec-tools\' probes for this architecture recognises this file',
    source: 'kexec-tools kexec/kexec.c my_load() / do_kexec_file_load(); kexec/arch/arm64/kexec-arm64.c file_type[]',
  },
  'kexec-s-fallback-refused': {
    id: 'kexec-s-fallback-refused',
    verdict: 'fails',
    message: 'syscall kexec_file_load not available.',
    why: 'kexec -s uses kexec_file_load only: kexec-tools maps ENOSYS, EINVAL, ENOEXEC and ENOTSUP to EFALLBACK, and without -a (or the 2.0.27+ default) there is no fallback, so it prints this whatever the errno was',
    fix: 'run kexec without -s (kexec-tools ≥ 2.0.27 falls back to kexec_load), or kexec -c',
    source: 'kexec-tools kexec/kexec.c do_kexec_file_load() errno switch → EFALLBACK; main(): "syscall kexec_file_load not available."',
  },
  'systemd-no-kexec-binary': {
    id: 'systemd-no-kexec-binary',
    verdict: 'fails',
    message: '/usr/sbin/kexec is not available: No such file or directory',
    why: 'systemd\'s direct kexec_file_load failed without the extraction retry applying, and its fallback, the kexec binary, is not installed (no longer a dependency since PR #41390)',
    fix: 'install kexec-tools, or systemd with PR #42234 (extraction retry on EINVAL)',
    source: 'systemd PR #41390 (src/systemctl/systemctl-start-special.c load_kexec_kernel() → kexec_file_load()), PR #42234 description',
  },
  works: {
    id: 'works',
    verdict: 'works',
    message: 'loads; `kexec -e` / reboot starts it',
    why: 'the probe, signature and load checks all pass on this route',
    source: 'kernel/kexec_file.c kimage_file_prepare_segments(); arch/arm64/kernel/kexec_image.c image_load()',
  },
  'works-signed': {
    id: 'works-signed',
    verdict: 'works',
    message: 'loads: the signature verifies against a trusted key',
    why: 'KEXEC_SIG checks the PE on this route; it is intact and its signer is trusted',
    source: 'kernel/kexec_file.c kimage_validate_signature(); crypto/asymmetric_keys/verify_pefile.c verify_pefile_signature()',
  },
  'works-signed-unverified': {
    id: 'works-signed-unverified',
    verdict: 'works with caveats',
    message: 'loads if the signature is intact and its signer\'s key is trusted by the running kernel',
    why: 'KEXEC_SIG checks the PE on this route; it carries a signature, whose digest has not been recomputed here',
    source: 'kernel/kexec_file.c kimage_validate_signature(); crypto/asymmetric_keys/verify_pefile.c',
  },
  'works-unverified': {
    id: 'works-unverified',
    verdict: 'works with caveats',
    message: 'loads: the failed signature check is only logged ("kernel signature verification failed")',
    why: 'KEXEC_SIG is on but not enforced and the kernel is not locked down',
    source: 'kernel/kexec_file.c kimage_validate_signature()',
  },
  'works-kexec-load': {
    id: 'works-kexec-load',
    verdict: 'works with caveats',
    message: 'loads through kexec_load; nothing is verified',
    why: 'the classic syscall takes segments kexec-tools placed itself (with its purgatory); the kernel checks no signature. kexec_load_check() passed: not disabled, no IMA kexec appraisal, not locked down.',
    source: 'kernel/kexec.c kexec_load_check(), do_kexec_load()',
  },
};

const R = (id: string): Rule => RULES[id] as Rule;

/** What the kernel's verify_pefile_signature() makes of the buffer's signature, in its order:
 * parse (ENODATA/ELIBBAD) → PKCS#7 signature (EKEYREJECTED) → trust (ENOKEY) → digest (EKEYREJECTED). */
function signatureCheck(buf: BufferFacts, t: TargetSystem, padded: boolean): Rule | undefined {
  if (t.arch === 'arm64' && !t.kexecImageVerifySig) return R('sig-no-verifier');
  const s = buf.signature;
  if (s.state === 'unsigned') return R('sig-unsigned');
  if (s.state === 'invalid') {
    const errno = s.errno ?? 'EKEYREJECTED';
    return { ...R('sig-invalid'), errno, message: `kexec_file_load: ${S(errno)}` };
  }
  if (s.chainToCa === 'no' || (s.chainToCa === 'unknown' && !t.signerTrusted)) return R('sig-untrusted');
  if (padded) return R('padded-signed-inner');
  if (s.state === 'modified') return R('sig-modified');
  return undefined;
}

/** kexec_file_load given this buffer (kernel/kexec_file.c, in the order it checks). */
export function kernelFileLoad(buf: BufferFacts, t: TargetSystem, padded = false): Rule {
  if (!t.kexecFile) return R('file-enosys');
  if (t.kexecLoadDisabled) return R('file-disabled');
  if (imaAppraisesKexec(t)) return R('file-ima-appraise');
  if (buf.arch && buf.arch !== t.arch && buf.format !== 'unknown') return R('probe-wrong-arch');
  if (t.arch === 'riscv64') {
    // riscv's Image loader: absent in 6.12.117, present in 7.2.13 (arch/riscv/kernel/machine_kexec_file.c)
    const imageLoader = versionAtLeast(t.kernelVersion, '7.0');
    if (!imageLoader) return R('probe-riscv-no-image-loader');
    if (buf.format !== 'riscv64-image') return R('probe-riscv-not-image');
  } else if (buf.format !== 'arm64-image') return R('probe-not-image');
  if (t.kexecSig) {
    const bad = signatureCheck(buf, t, padded);
    if (bad) {
      // sig_enforce: kimage_validate_signature() returns the verifier's own error
      if (kexecSigEnforced(t)) return bad;
      if (effectiveLockdown(t) !== 'none') return R('sig-lockdown');
      if (!buf.imageSizeZero && !buf.bigEndian) return R('works-unverified');
    }
  }
  if (buf.imageSizeZero) return R('image-size-zero');
  if (buf.bigEndian) return R('big-endian');
  if (t.kexecSig && buf.signature.state === 'intact') return buf.signature.verified ? R('works-signed') : R('works-signed-unverified');
  return R('works');
}

/** kexec_load (kernel/kexec.c kexec_load_check()); the segments come from kexec-tools. */
export function kernelLoad(t: TargetSystem): Rule {
  if (!t.kexec) return R('load-enosys');
  if (t.kexecLoadDisabled) return R('load-disabled');
  if (t.ima && t.kexecSig && t.secureBoot && t.imaSecureBootAware) return R('load-ima-secureboot-sig');
  if (imaAppraisesKexec(t)) return R('load-ima-appraise');
  if (effectiveLockdown(t) !== 'none') return R('load-lockdown');
  return R('works-kexec-load');
}

const CODEC_LIB: Record<string, KexecToolsCodec> = { gzip: 'gzip', xz: 'lzma', lzma: 'lzma', zstd: 'zstd' };

/** Can this kexec-tools build undo `codec` (slurp_decompress_file(); zstd from 2.0.31)? */
function kexecToolsDecodes(codec: string, t: TargetSystem): boolean {
  const lib = CODEC_LIB[codec];
  if (!lib || !t.kexecToolsCodecs.includes(lib)) return false;
  return lib !== 'zstd' || versionAtLeast(t.kexecTools, '2.0.31');
}

/** pez_prepare()'s name check: the first 4 bytes of the zboot compression string. */
function pezAccepts(compression: string | undefined, t: TargetSystem): string | undefined {
  const c = (compression ?? '').slice(0, 4);
  if (c === 'gzip' || c === 'lzma') return c === 'gzip' ? 'gzip' : 'lzma';
  if (c === 'zstd' && versionAtLeast(t.kexecTools, '2.0.31')) return 'zstd';
  return undefined;
}

type Prepared = { ok: true; buf: BufferFacts; padded: boolean; verifies: string } | { ok: false; rule: Rule };

/** What kexec-tools makes of the file before any syscall, in file (kexec_file_load) or load
 * (kexec_load) mode: slurp_decompress_file(), then the arch's file_type[] probes. */
function kexecToolsPrepare(img: ImageFacts, t: TargetSystem, mode: 'file' | 'load'): Prepared {
  const fail = (id: string): Prepared => ({ ok: false, rule: R(id) });
  if (img.fileCodec) {
    if (!kexecToolsDecodes(img.fileCodec, t)) return fail('kexec-tools-no-decompressor');
    if (!img.inner) return { ok: true, buf: { format: 'unknown', signature: { state: 'unsigned', chainToCa: 'unknown', verified: false } }, padded: false, verifies: 'the decompressed Image (not decompressed here yet)' };
    return probeImage(img.inner, t, 'the Image kexec-tools decompressed', false);
  }
  if (img.format === 'zboot') {
    if (t.arch !== 'arm64' && t.arch !== 'loongarch64') return fail('kexec-tools-unknown-type');
    if (!versionAtLeast(t.kexecTools, mode === 'file' ? '2.0.27' : '2.0.28')) return fail('kexec-tools-no-zboot');
    const codec = pezAccepts(img.compression, t);
    if (!codec || !kexecToolsDecodes(codec, t)) return fail('kexec-tools-codec');
    if (!img.inner) return { ok: true, buf: { format: 'unknown', signature: { state: 'unsigned', chainToCa: 'unknown', verified: false } }, padded: false, verifies: 'the decompressed inner Image (not decompressed here yet)' };
    // kexec-tools ≥ 2.0.31 truncates a signed inner Image after its certificate table (c3a991a)
    const padded = img.inner.signature.state !== 'unsigned' && img.inner.padded && !versionAtLeast(t.kexecTools, '2.0.31');
    return probeImage(img.inner, t, 'the decompressed inner Image (not the signed vmlinuz.efi)', padded);
  }
  if (img.format === 'uki') {
    if (!versionAtLeast(t.kexecTools, '2.0.30')) return fail('kexec-tools-no-uki');
    if (img.ukiLinux === 'zboot') return kexecToolsPrepare({ ...img, format: 'zboot', ukiLinux: undefined } as ImageFacts, t, mode);
    return probeImage(img.inner ?? { format: img.ukiLinux ?? 'unknown', signature: { state: 'unsigned', chainToCa: 'unknown', verified: false } }, t, 'the extracted .linux', false);
  }
  return probeImage(img, t, outerName(img), false);
}

function probeImage(buf: BufferFacts, t: TargetSystem, verifies: string, padded: boolean): Prepared {
  const want = t.arch === 'riscv64' ? 'riscv64-image' : t.arch === 'arm64' ? 'arm64-image' : undefined;
  if (buf.format === 'unknown' && verifies.includes('not decompressed here yet')) return { ok: true, buf, padded, verifies };
  if (!want || buf.format !== want) return { ok: false, rule: R('kexec-tools-unknown-type') };
  return { ok: true, buf, padded, verifies };
}

function outerName(img: ImageFacts): string {
  if (img.format === 'zboot') return 'the outer zboot PE (vmlinuz.efi)';
  if (img.format === 'uki') return 'the UKI PE';
  if (img.fileCodec) return `the ${img.fileCodec}-compressed file as is`;
  return 'the Image\'s own PE (EFI stub)';
}

const EFALLBACK = new Set(['ENOSYS', 'EINVAL', 'ENOEXEC', 'ENOTSUP']);

/** kexec-tools: `-s` file mode only, `-c` load mode only, default (`-l`) file then load on EFALLBACK
 * from 2.0.27 (kexec/kexec.c main(), 29fe506), load only before. */
export function kexecTools(img: ImageFacts, t: TargetSystem, route: 'kexec -s' | 'kexec -c' | 'kexec -l'): Verdict {
  const v = (rule: Rule, verifies: string): Verdict => ({ ...rule, route, verifies });
  if (t.kexecTools === 'none') return v(R('kexec-tools-missing'), 'nothing (not loaded)');
  if (t.arch === 'riscv64' && !versionAtLeast(t.kexecTools, '2.0.32')) return v(R('kexec-tools-no-arch'), 'nothing (not loaded)');
  const fileMode = route === 'kexec -s' || (route === 'kexec -l' && versionAtLeast(t.kexecTools, '2.0.27'));
  if (fileMode) {
    const p = kexecToolsPrepare(img, t, 'file');
    if (!p.ok) return v(p.rule, 'nothing (not loaded)');
    if (p.buf.format === 'unknown') return v({ ...R('works-signed-unverified'), id: 'inner-unknown', verdict: 'works with caveats', message: 'depends on the decompressed Image: decompress it to see', why: 'the kernel will check the Image kexec-tools decompresses, which has not been decompressed here yet' }, p.verifies);
    const k = kernelFileLoad(p.buf, t, p.padded);
    if (k.verdict !== 'fails') return v(k, p.verifies);
    if (!k.errno || !EFALLBACK.has(k.errno)) return v({ ...k, message: `kexec_file_load failed: ${S(k.errno ?? '')}` }, p.verifies);
    if (route === 'kexec -s') return v({ ...R('kexec-s-fallback-refused'), errno: k.errno, why: `kexec_file_load answered ${k.errno}: ${k.why}. ${R('kexec-s-fallback-refused').why}` }, p.verifies);
    // the default mode falls back to kexec_load
    const l = loadMode(img, t);
    return v({ ...l.rule, why: `kexec_file_load answered ${k.errno} (${k.why}), so kexec-tools fell back to kexec_load: ${l.rule.why}` }, l.verifies);
  }
  const l = loadMode(img, t);
  return v(l.rule, l.verifies);
}

function loadMode(img: ImageFacts, t: TargetSystem): { rule: Rule; verifies: string } {
  const p = kexecToolsPrepare(img, t, 'load');
  if (!p.ok) return { rule: p.rule, verifies: 'nothing (not loaded)' };
  return { rule: kernelLoad(t), verifies: 'nothing: kexec_load checks no signature' };
}

/** Can systemd's kexec_maybe_decompress_kernel() unpack this (zboot gzip/xz/lz4/zstd, UKI, gzip/xz/zstd/lz4 files)? */
function systemdExtracts(img: ImageFacts): boolean {
  const z = (img.compression ?? '').replace(/22$/, '');
  if (img.format === 'zboot') return ['gzip', 'xz', 'xzkern', 'lz4', 'zstd'].some((c) => z.startsWith(c));
  if (img.format === 'uki') return true;
  return !!img.fileCodec && ['gzip', 'xz', 'zstd', 'lz4'].includes(img.fileCodec);
}

function systemctlKexec(img: ImageFacts, t: TargetSystem): Verdict {
  const route = 'systemctl kexec';
  const boot = 'systemctl kexec loads the default boot loader entry only when no kernel is loaded yet (kexec_loaded()) and a Boot Loader Specification entry exists (Debian with GRUB has none: "No boot loader entry suitable as default, refusing to guess.")';
  if (t.systemd === 'kexec-tools') {
    const k = kexecTools(img, t, 'kexec -l');
    return { ...k, route, why: `systemd runs \`kexec --load KERNEL --append …\` (kexec-tools' default mode): ${k.why}. ${boot}.`, source: `${k.source}; systemd src/systemctl/systemctl-start-special.c load_kexec_kernel() (252, 257)` };
  }
  const direct = kernelFileLoad(img, t);
  if (direct.verdict !== 'fails') return { ...direct, route, verifies: outerName(img) };
  const retry = direct.errno === 'ENOEXEC' || (direct.errno === 'EINVAL' && t.systemd === 'direct-einval-fallback');
  if (retry && systemdExtracts(img)) {
    if (!img.inner) return { ...R('works-signed-unverified'), id: 'inner-unknown', route, message: 'depends on the extracted Image: decompress it to see', why: 'systemd extracts the Image in user space after the first refusal and loads that', verifies: 'the Image systemd extracted in user space' };
    const second = kernelFileLoad(img.inner, t, img.inner.signature.state !== 'unsigned' && img.inner.padded);
    return { ...second, route, verifies: 'the Image systemd extracted in user space', source: `${second.source}; systemd src/shared/reboot-util.c kexec_maybe_decompress_kernel()` };
  }
  // otherwise systemd falls back to the kexec binary (PR #42234's description of #41390)
  if (t.kexecTools === 'none') return { ...R('systemd-no-kexec-binary'), ...(direct.errno ? { errno: direct.errno } : {}), route, verifies: outerName(img) };
  const k = kexecTools(img, t, 'kexec -l');
  return { ...k, route, why: `systemd's kexec_file_load answered ${direct.errno ?? '?'}; it then ran the kexec binary: ${k.why}` };
}

export function evaluate(img: ImageFacts, t: TargetSystem): Verdict[] {
  return [
    // 1. kexec_file_load with the file as is (u-root, a direct syscall, systemd before its fallback)
    { ...kernelFileLoad(img, t), route: 'kexec_file_load', verifies: outerName(img) },
    kexecTools(img, t, 'kexec -s'),
    kexecTools(img, t, 'kexec -c'),
    kexecTools(img, t, 'kexec -l'),
    systemctlKexec(img, t),
  ];
}
