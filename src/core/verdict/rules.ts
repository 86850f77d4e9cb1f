// Will this image kexec here? Rules as data: each has an id, the verdict, the errno or message
// the user sees, why, what to do instead, and the kernel / kexec-tools / systemd source that
// makes it so (domain notes §3.3, §4.1 L3, §4.3, §5.7, §6). evaluate() walks each loading route
// in the order the real code checks things and returns the first rule that decides it.
import type { Format } from '../inspect';
import { type TargetSystem, versionAtLeast } from './target';

export type Route = 'kexec_file_load' | 'kexec -s' | 'kexec -c' | 'systemctl kexec';
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

export interface ImageFacts {
  format: Format;
  arch?: string;
  /** zboot compression string (of the file, or of a UKI's .linux). */
  compression?: string;
  outerSigned: boolean;
  imageSizeZero?: boolean;
  bigEndian?: boolean;
  /** What a zboot payload (or a UKI's .linux) turns into once decompressed / extracted. */
  inner?: { format: Format; signed: boolean; padded: boolean };
  /** For a UKI: the format of its .linux section. */
  ukiLinux?: Format;
}

export interface Verdict extends Rule {
  route: Route;
  /** Which PE the kernel verifies on this route. */
  verifies: string;
}

export const RULES: Record<string, Rule> = {
  'probe-not-image': {
    id: 'probe-not-image',
    verdict: 'fails',
    errno: 'EINVAL',
    message: 'kexec_file_load: Invalid argument (EINVAL)',
    why: 'arm64 image_probe() wants "ARM\\x64" at offset 0x38; a zboot/UKI file has LINUX_PE_MAGIC or a PE stub there. arm64 has a single loader, so the probe\'s -EINVAL is what user space gets (x86 would say ENOEXEC). Seen on a real 6.12 kernel: kexec-ground-truth/zboot-gzip-rejected.',
    fix: 'decompress it first: kexec-tools ≥ 2.0.27 does (kexec -s), or `zboot-explorer extract FILE --out Image` and load the Image',
    source: 'arch/arm64/kernel/kexec_image.c image_probe(); kernel/kexec_file.c kexec_image_probe_default()',
  },
  'probe-wrong-arch': {
    id: 'probe-wrong-arch',
    verdict: 'fails',
    errno: 'EINVAL',
    message: 'kexec_file_load: Invalid argument (EINVAL)',
    why: 'this image is for another architecture; the running arm64 kernel\'s only loader rejects it at the magic check',
    source: 'arch/arm64/kernel/kexec_image.c image_probe()',
  },
  'image-size-zero': {
    id: 'image-size-zero',
    verdict: 'fails',
    errno: 'EINVAL',
    message: 'kexec_file_load: Invalid argument (EINVAL)',
    why: 'image_size is 0: a pre-3.17 Image without an unambiguous header; image_load() refuses it',
    source: 'arch/arm64/kernel/kexec_image.c image_load()',
  },
  'big-endian': {
    id: 'big-endian',
    verdict: 'fails',
    errno: 'EINVAL',
    message: 'kexec_file_load: Invalid argument (EINVAL)',
    why: 'a big-endian Image on a little-endian kernel without mixed-endian support',
    source: 'arch/arm64/kernel/kexec_image.c image_load()',
  },
  'sig-force-unsigned': {
    id: 'sig-force-unsigned',
    verdict: 'fails',
    errno: 'ENODATA',
    message: 'kexec_file_load: No data available (ENODATA); dmesg: "PEFILE: Unsigned PE binary", "Enforced kernel signature verification failed (-61)"',
    why: 'signature enforcement (KEXEC_SIG_FORCE) and the PE the kernel verifies has no certificate table',
    fix: 'load a signed Image (the distro\'s signed inner Image), or sign it with a key in the secondary/platform keyring',
    source: 'crypto/asymmetric_keys/verify_pefile.c pefile_parse_binary(); kernel/kexec_file.c kimage_validate_signature()',
  },
  'lockdown-unsigned': {
    id: 'lockdown-unsigned',
    verdict: 'fails',
    errno: 'EPERM',
    message: 'kexec_file_load: Operation not permitted (EPERM); dmesg: "Lockdown: kexec: kexec of unsigned images is restricted"',
    why: 'the kernel is locked down and the verified PE is unsigned; only an IMA appraisal policy could still permit it',
    fix: 'load a signed Image, or boot without lockdown (Secure Boot off)',
    source: 'kernel/kexec_file.c kimage_validate_signature(): security_locked_down(LOCKDOWN_KEXEC)',
  },
  'signed-needs-trusted-key': {
    id: 'signed-needs-trusted-key',
    verdict: 'fails',
    errno: 'ENOKEY',
    message: 'kexec_file_load: Required key not available (ENOKEY)',
    why: 'the PE is signed, but by a key in neither the secondary nor the platform keyring',
    fix: 'enrol the signing certificate (MOK) or use an Image signed by the distro key',
    source: 'kernel/kexec_file.c kexec_kernel_verify_pe_sig(): secondary keyring, then platform keyring',
  },
  'padded-signed-inner': {
    id: 'padded-signed-inner',
    verdict: 'fails',
    errno: 'EKEYREJECTED',
    message: 'kexec_file_load: Key was rejected by service (EKEYREJECTED)',
    why: 'the decompressed inner Image is signed but zero-padded to image_size by Makefile.zboot; the Authenticode digest covers trailing data, so the padding breaks it. kexec-tools before 2.0.31 passes the padded Image.',
    fix: 'kexec-tools ≥ 2.0.31 truncates the Image after its certificate table',
    source: 'kexec-tools kexec/kexec-pe-zboot.c (c3a991a, 2.0.31); crypto/asymmetric_keys/verify_pefile.c pefile_digest_pe()',
  },
  'kexec-tools-no-zboot': {
    id: 'kexec-tools-no-zboot',
    verdict: 'fails',
    message: 'kexec: Cannot determine the file type of the image',
    why: 'this kexec-tools does not know zboot images on this path (arm64 kexec_file_load support came in 2.0.27, kexec_load in 2.0.28)',
    fix: 'upgrade kexec-tools, or extract the Image first',
    source: 'kexec-tools kexec/kexec-pe-zboot.c pez_prepare(); kexec/arch/arm64/kexec-vmlinuz-arm64.c',
  },
  'kexec-tools-codec': {
    id: 'kexec-tools-codec',
    verdict: 'fails',
    message: 'pez_arm64_probe: Bad arm64 image header … kexec: Cannot determine the file type',
    why: 'pez_prepare() accepts gzip and lzma (2.0.27+) and zstd (2.0.31+) by the first 4 bytes of the codec name; this payload\'s codec is not among them for this version (Fedora 40\'s 2.0.28 on zstd zboot kernels)',
    fix: 'kexec-tools ≥ 2.0.31 for zstd; for lz4/lzo/xz extract the Image first',
    source: 'kexec-tools kexec/kexec-pe-zboot.c pez_prepare() (a7fcd42 "Enable zstd", 2.0.31)',
  },
  'kexec-tools-no-uki': {
    id: 'kexec-tools-no-uki',
    verdict: 'fails',
    message: 'kexec: Cannot determine the file type of the image',
    why: 'the UKI parser (.linux, .initrd extracted to temporary files) arrived in kexec-tools 2.0.30',
    fix: 'kexec-tools ≥ 2.0.30, or extract .linux and .initrd',
    source: 'kexec-tools kexec/kexec-uki.c (0c72c44, 2.0.30)',
  },
  'kexec-tools-unknown-type': {
    id: 'kexec-tools-unknown-type',
    verdict: 'fails',
    message: 'kexec: Cannot determine the file type of the image',
    why: 'none of kexec-tools\' arm64 probes (Image, vmlinux ELF, zboot, UKI) recognises this file',
    source: 'kexec-tools kexec/kexec.c my_load(); kexec/arch/arm64/kexec-arm64.c file_type[]',
  },
  'kexec-load-lockdown': {
    id: 'kexec-load-lockdown',
    verdict: 'fails',
    errno: 'EPERM',
    message: 'kexec_load failed: Operation not permitted (EPERM)',
    why: 'the classic kexec_load carries no signature, so a locked-down kernel refuses it outright',
    fix: 'use kexec -s (kexec_file_load) with a signed Image',
    source: 'kernel/kexec.c kexec_load_check(): security_locked_down(LOCKDOWN_KEXEC)',
  },
  'systemd-einval': {
    id: 'systemd-einval',
    verdict: 'fails',
    errno: 'EINVAL',
    message: 'Failed to load kexec kernel: Invalid argument',
    why: 'systemd calls kexec_file_load directly and falls back to extracting a compressed Image/zboot/UKI in user space only on ENOEXEC; arm64 says EINVAL',
    fix: 'systemd with PR #42234 (fallback on EINVAL), or kexec-tools',
    source: 'systemd PR #41390 (direct kexec_file_load), PR #42234 (EINVAL fallback for arm64)',
  },
  works: {
    id: 'works',
    verdict: 'works',
    message: 'loads; `kexec -e` / reboot starts it',
    why: 'the probe, size and signature checks all pass on this route',
    source: 'arch/arm64/kernel/kexec_image.c image_load(); kernel/kexec_file.c',
  },
  'works-signed': {
    id: 'works-signed',
    verdict: 'works with caveats',
    message: 'loads if the signer\'s key is trusted by the running kernel',
    why: 'signatures are checked on this route (KEXEC_SIG); the PE carries one',
    source: 'kernel/kexec_file.c kimage_validate_signature(); crypto/asymmetric_keys/verify_pefile.c',
  },
  'works-unverified': {
    id: 'works-unverified',
    verdict: 'works with caveats',
    message: 'loads: the unsigned Image is accepted because nothing enforces signatures',
    why: 'KEXEC_SIG is on but not enforced and the kernel is not locked down: a failed verification is only logged',
    source: 'kernel/kexec_file.c kimage_validate_signature()',
  },
  'works-kexec-load': {
    id: 'works-kexec-load',
    verdict: 'works with caveats',
    message: 'loads through kexec_load; nothing is verified',
    why: 'the classic syscall takes pre-placed segments from user space (kexec-tools\' purgatory); no signature is checked. An IMA secure-boot policy would refuse it with EACCES.',
    source: 'kernel/kexec.c; security/integrity/ima/ima_main.c ima_load_data()',
  },
};

const SUPPORTED_CODEC: Array<[string, string]> = [['gzip', '2.0.27'], ['lzma', '2.0.27'], ['zstd', '2.0.31']];

function kexecToolsDecodes(codec: string | undefined, version: string): boolean {
  const ok = SUPPORTED_CODEC.find(([c]) => (codec ?? '').slice(0, 4) === c.slice(0, 4));
  return !!ok && versionAtLeast(version, ok[1]);
}

/** Checks kexec_file_load makes on the buffer it is given (probe, size, signature). */
function kernelChecks(buf: { format: Format; arch?: string; signed: boolean; imageSizeZero?: boolean; bigEndian?: boolean; paddedSigned?: boolean }, t: TargetSystem): Rule {
  if (buf.arch && buf.arch !== t.arch && buf.format !== 'unknown') return RULES['probe-wrong-arch'] as Rule;
  if (buf.format !== 'arm64-image') return RULES['probe-not-image'] as Rule;
  if (buf.imageSizeZero) return RULES['image-size-zero'] as Rule;
  if (buf.bigEndian) return RULES['big-endian'] as Rule;
  if (t.kexecSig) {
    if (!buf.signed) {
      if (t.kexecSigForce) return RULES['sig-force-unsigned'] as Rule;
      if (t.lockdown !== 'none') return RULES['lockdown-unsigned'] as Rule;
      return RULES['works-unverified'] as Rule;
    }
    if (buf.paddedSigned && (t.kexecSigForce || t.lockdown !== 'none')) return RULES['padded-signed-inner'] as Rule;
    if (!t.signerTrusted && (t.kexecSigForce || t.lockdown !== 'none')) return RULES['signed-needs-trusted-key'] as Rule;
    return RULES['works-signed'] as Rule;
  }
  return RULES.works as Rule;
}

function verdict(route: Route, rule: Rule, verifies: string): Verdict {
  return { ...rule, route, verifies };
}

export function evaluate(img: ImageFacts, t: TargetSystem): Verdict[] {
  const out: Verdict[] = [];
  const asIs = { format: img.format, signed: img.outerSigned, ...(img.arch ? { arch: img.arch } : {}), ...(img.imageSizeZero ? { imageSizeZero: true } : {}), ...(img.bigEndian ? { bigEndian: true } : {}) };
  const outerName = img.format === 'zboot' ? 'the outer zboot PE (vmlinuz.efi)' : img.format === 'uki' ? 'the UKI PE' : 'the Image\'s own PE (EFI stub)';

  // 1. kexec_file_load with the file as is (u-root, a direct syscall, systemd before its fallback)
  out.push(verdict('kexec_file_load', kernelChecks(asIs, t), outerName));

  // 2. kexec-tools, kexec -s: user space unpacks zboot (2.0.27+) and UKI (2.0.30+) first
  const userSpace = (route: Route, minZboot: string): Verdict => {
    const v = userSpaceLoad(route, minZboot);
    // kexec-tools probes the buffer itself before any syscall: a non-arm64 Image never reaches the kernel
    return v.id === 'probe-not-image' || v.id === 'probe-wrong-arch' ? verdict(route, RULES['kexec-tools-unknown-type'] as Rule, 'nothing (not loaded)') : v;
  };
  const userSpaceLoad = (route: Route, minZboot: string): Verdict => {
    if (img.format === 'uki' && !versionAtLeast(t.kexecTools, '2.0.30')) return verdict(route, RULES['kexec-tools-no-uki'] as Rule, 'nothing (not loaded)');
    const zboot = img.format === 'zboot' || (img.format === 'uki' && img.ukiLinux === 'zboot');
    if (zboot) {
      if (!versionAtLeast(t.kexecTools, minZboot)) return verdict(route, RULES['kexec-tools-no-zboot'] as Rule, 'nothing (not loaded)');
      if (!kexecToolsDecodes(img.compression, t.kexecTools)) return verdict(route, RULES['kexec-tools-codec'] as Rule, 'nothing (not loaded)');
      if (!img.inner) return verdict(route, { ...(RULES['works-signed'] as Rule), id: 'inner-unknown', message: 'depends on the decompressed Image: decompress it to see', why: 'the kernel will verify the inner Image, which has not been decompressed here yet' }, 'the decompressed inner Image');
      const paddedSigned = img.inner.signed && img.inner.padded && !versionAtLeast(t.kexecTools, '2.0.31');
      return verdict(route, kernelChecks({ format: img.inner.format, signed: img.inner.signed, ...(img.arch ? { arch: img.arch } : {}), paddedSigned }, t), 'the decompressed inner Image (not the signed vmlinuz.efi)');
    }
    if (img.format === 'uki') return verdict(route, kernelChecks({ format: img.ukiLinux ?? 'unknown', signed: false, ...(img.arch ? { arch: img.arch } : {}) }, t), 'the extracted .linux');
    return verdict(route, kernelChecks(asIs, t), outerName);
  };
  out.push(userSpace('kexec -s', '2.0.27'));

  // 3. kexec-tools, kexec -c: the classic kexec_load, segments placed by user space; the kernel
  // checks no signature, kexec-tools' own probes decide what loads
  if (t.lockdown !== 'none') out.push(verdict('kexec -c', RULES['kexec-load-lockdown'] as Rule, 'nothing: kexec_load checks no signature'));
  else {
    const v = userSpace('kexec -c', '2.0.28');
    out.push(v.id.startsWith('kexec-tools-') ? v : verdict('kexec -c', RULES['works-kexec-load'] as Rule, 'nothing: kexec_load checks no signature'));
  }

  // 4. systemctl kexec
  if (t.systemd === 'kexec-tools') {
    const v = userSpace('systemctl kexec', '2.0.27');
    out.push({ ...v, why: `systemd runs kexec-tools: ${v.why}` });
  }
  else {
    const direct = kernelChecks(asIs, t);
    const needsFallback = direct.id === 'probe-not-image' && (img.format === 'zboot' || img.format === 'uki');
    if (needsFallback && t.systemd === 'direct') out.push(verdict('systemctl kexec', RULES['systemd-einval'] as Rule, outerName));
    else if (needsFallback) {
      const inner = img.inner;
      out.push(
        inner
          ? verdict('systemctl kexec', kernelChecks({ format: inner.format, signed: inner.signed, ...(img.arch ? { arch: img.arch } : {}), paddedSigned: inner.signed && inner.padded }, t), 'the Image systemd extracted in user space')
          : verdict('systemctl kexec', { ...(RULES['works-signed'] as Rule), id: 'inner-unknown', message: 'depends on the extracted Image: decompress it to see', why: 'systemd extracts the Image in user space after EINVAL and loads that' }, 'the Image systemd extracted in user space'),
      );
    } else out.push(verdict('systemctl kexec', direct, outerName));
  }
  return out;
}
