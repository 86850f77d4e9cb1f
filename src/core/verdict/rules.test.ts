// The verdict rules on real images and real targets. Each expected value names the source line
// that makes it so (line numbers: /work/ksrc/linux-source-6.12 = Debian's 6.12.117-1 tree;
// kexec-tools tags v2.0.25/v2.0.29/v2.0.32 of horms/kexec-tools). The EINVAL for a zboot file
// agrees with the real kernel's answer in shared/fixtures/kexec-ground-truth/zboot-gzip-rejected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixture, oracleText } from '../../../tests/fixtures';
import { inspectBytes } from '../inspect';
import { unpackAny } from '../unpack';
import { imageFacts } from './facts';
import { TARGET_PRESETS } from './presets';
import { type ImageFacts, type Route, type Verdict, RULES, evaluate } from './rules';
import type { TargetSystem } from './target';

const preset = (id: string, over: Partial<TargetSystem> = {}): TargetSystem => {
  const p = TARGET_PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return { ...p.target, ...over };
};

async function factsOf(bytes: Uint8Array, decompress = true): Promise<ImageFacts> {
  const ins = await inspectBytes(bytes);
  if (!decompress || (ins.format !== 'zboot' && ins.format !== 'compressed')) return imageFacts(ins);
  const r = await unpackAny(bytes, ins);
  if (!r.ok) throw new Error(r.error);
  return imageFacts(ins, { inner: r.unpacked.inner, length: r.unpacked.data.length, kexecToolsLength: r.unpacked.kexecToolsLength });
}
const facts = (file: string, decompress = true) => factsOf(fixture(file), decompress);
const raw = (file: string) => new Uint8Array(readFileSync(join(FIXTURES, file)));

const pick = (vs: Verdict[], route: Route) => vs.find((v) => v.route === route)!;
const summary = (vs: Verdict[]) => Object.fromEntries(vs.map((v) => [v.route, v.errno ? `${v.id} ${v.errno}` : v.id]));

const IMAGES = {
  zboot: () => facts('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'),
  image: () => facts('arm64-6.12.117-tiny-gzip-build.Image.gz'), // fixture() gunzips: the plain Image
  'Image.gz': () => factsOf(raw('arm64-6.12.117-tiny-gzip-build.Image.gz')),
};

// kexec_file_load on every Debian config: "# CONFIG_KEXEC_FILE is not set" → kernel/sys_ni.c:293
// COND_SYSCALL(kexec_file_load) → sys_ni_syscall() = -ENOSYS, whatever the image or the knobs.
const FILE = 'file-enosys ENOSYS';
// kexec -s (file mode only, no fallback): kexec-tools v2.0.29 kexec/kexec.c:1403 maps ENOSYS to
// EFALLBACK, and main() prints "syscall kexec_file_load not available." (:1785); errno ENOSYS.
const S_ENOSYS = 'kexec-s-fallback-refused ENOSYS';
// kexec_load, kernel/kexec.c kexec_load_check(), in its order:
const LOAD_OK = 'works-kexec-load'; //                         all checks pass
const LOAD_DISABLED = 'load-disabled EPERM'; //                 :210 kexec_load_permitted() → kexec_core.c:1023 kexec_load_disabled
const LOAD_IMA = 'load-ima-appraise EACCES'; //                 :214 → ima_main.c:915 ima_enforce && IMA_APPRAISE_KEXEC
const LOAD_LOCKDOWN = 'load-lockdown EPERM'; //                 :222 security_locked_down(LOCKDOWN_KEXEC)
// kexec-tools v2.0.25: kexec-pe-zboot.c does not exist yet (f41c418, 2.0.27)
const NO_ZBOOT = 'kexec-tools-no-zboot';

/** Per knob set: what kexec_load answers on every Debian arm64 config (all have KEXEC=y,
 * SECURITY_LOCKDOWN_LSM(_EARLY)=y, LOCK_DOWN_IN_EFI_SECURE_BOOT=y, IMA_APPRAISE=y, IMA_ARCH_POLICY=y
 * with IMA_SECURE_AND_OR_TRUSTED_BOOT=y, KEXEC_SIG off). */
const KNOBS: Array<[string, Partial<TargetSystem>, string]> = [
  ['nothing', {}, LOAD_OK],
  // Secure Boot: ima_efi.c:12 sb_arch_rules[] has "appraise func=KEXEC_KERNEL_CHECK" without KEXEC_SIG,
  // so IMA answers EACCES (ima_main.c:915) before lockdown (efi/secureboot.c:33) is asked at kexec.c:222
  ['Secure Boot', { secureBoot: true }, LOAD_IMA],
  // lockdown= (security/lockdown/lockdown.c lockdown_param()): LOCKDOWN_KEXEC ≤ INTEGRITY_MAX
  ['lockdown=integrity', { lockdown: 'integrity' }, LOAD_LOCKDOWN],
  ['lockdown=confidentiality', { lockdown: 'confidentiality' }, LOAD_LOCKDOWN],
  // ima_policy=secure_boot: ima_policy.c secure_boot_rules[] appraise KEXEC_KERNEL_CHECK → IMA_APPRAISE_KEXEC
  ['ima_policy=secure_boot', { imaPolicySecureBoot: true }, LOAD_IMA],
  ['kexec_load_disabled', { kexecLoadDisabled: true }, LOAD_DISABLED],
  // kexec_load_permitted() (kexec.c:210) comes before IMA (:214)
  ['kexec_load_disabled + Secure Boot', { kexecLoadDisabled: true, secureBoot: true }, LOAD_DISABLED],
  ['lockdown=integrity + ima_policy=secure_boot', { lockdown: 'integrity', imaPolicySecureBoot: true }, LOAD_IMA],
];

const ARM64 = ['debian12-arm64', 'debian13-arm64', 'debian13-arm64-16k', 'debian13-cloud-arm64', 'debian13-rt-arm64', 'debian-sid-arm64'];

describe('every Debian arm64 config × knobs × image kind', () => {
  it('covers every distro-configs file', () => {
    expect(TARGET_PRESETS.filter((p) => p.source.file?.startsWith('distro-configs/')).map((p) => p.id).sort()).toEqual([...ARM64, 'debian13-riscv64'].sort());
  });
  for (const id of ARM64) {
    const bookworm = id.startsWith('debian12');
    for (const [kind, load] of Object.entries(IMAGES)) {
      it(`${id}, ${kind}`, async () => {
        const f = await load();
        for (const [knob, over, kexecLoad] of KNOBS) {
          const v = summary(evaluate(f, preset(id, over)));
          // kexec-tools 2.0.25 (bookworm) knows no zboot in either mode; its default is kexec_load
          // only (v2.0.25 kexec.c:1410 do_kexec_file_syscall = 0); 2.0.29/2.0.32 try kexec_file_load
          // first and fall back on ENOSYS (v2.0.29 kexec.c:1475, 29fe506 "make -a the default").
          const zbootOld = bookworm && kind === 'zboot';
          expect({ knob, ...v }).toEqual({
            knob,
            kexec_file_load: FILE,
            'kexec -s': zbootOld ? NO_ZBOOT : S_ENOSYS,
            'kexec -c': zbootOld ? NO_ZBOOT : kexecLoad,
            'kexec -l': zbootOld ? NO_ZBOOT : kexecLoad,
            // systemd 252/257 run `kexec --load` (systemctl-start-special.c load_kexec_kernel());
            // sid's direct kexec_file_load gets ENOSYS, no extraction retry, then the kexec binary
            'systemctl kexec': zbootOld ? NO_ZBOOT : kexecLoad,
          });
        }
      });
    }
  }
  it('what Debian\'s kexec-tools cannot decompress (zlib only: debian/control Build-Depends libz-dev [arm64 ia64])', async () => {
    const zstd = await facts('arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
    // pez_prepare() accepts "zstd" from 2.0.31 (a7fcd42) but slurp_decompress_file() has no libzstd
    expect(pick(evaluate(zstd, preset('debian-sid-arm64')), 'kexec -l')).toMatchObject({ id: 'kexec-tools-codec' });
    // 2.0.29's pez_prepare() (kexec-pe-zboot.c:61) does not even accept the name
    expect(pick(evaluate(zstd, preset('debian13-arm64')), 'kexec -s')).toMatchObject({ id: 'kexec-tools-codec' });
    // with an upstream build linking libzstd it decompresses and reaches the kernel
    expect(pick(evaluate(zstd, preset('debian-sid-arm64', { kexecToolsCodecs: ['gzip', 'zstd'] })), 'kexec -l')).toMatchObject({ id: LOAD_OK });
  });
  it('Secure Boot with lockdown= on top still answers EACCES first (IMA at kexec.c:214 before lockdown at :222)', async () => {
    const f = await IMAGES.image();
    expect(pick(evaluate(f, preset('debian13-arm64', { secureBoot: true, lockdown: 'confidentiality' })), 'kexec -c')).toMatchObject({ id: 'load-ima-appraise', errno: 'EACCES' });
  });
});

describe('Debian 13 riscv64', () => {
  it('kexec-tools 2.0.29 has no RISC-V port; kexec_file_load is not built', async () => {
    const f = await facts('riscv64-6.12.117-tiny-gzip-build.Image.gz');
    expect(f.format).toBe('riscv64-image');
    expect(summary(evaluate(f, preset('debian13-riscv64')))).toEqual({
      kexec_file_load: FILE,
      'kexec -s': 'kexec-tools-no-arch', 'kexec -c': 'kexec-tools-no-arch', 'kexec -l': 'kexec-tools-no-arch', 'systemctl kexec': 'kexec-tools-no-arch',
    });
  });
  it('with kexec-tools 2.0.32: Secure Boot locks it down (efi-init.c efi_init() → efi_set_secure_boot()) but no IMA arch policy (IMA_SECURE_AND_OR_TRUSTED_BOOT unset)', async () => {
    const f = await facts('riscv64-6.12.117-tiny-gzip-build.Image.gz');
    const t = (o: Partial<TargetSystem>) => preset('debian13-riscv64', { kexecTools: '2.0.32', ...o });
    expect(pick(evaluate(f, t({})), 'kexec -c').id).toBe(LOAD_OK);
    expect(pick(evaluate(f, t({ secureBoot: true })), 'kexec -c')).toMatchObject({ id: 'load-lockdown', errno: 'EPERM' });
    expect(pick(evaluate(f, t({ imaPolicySecureBoot: true })), 'kexec -c')).toMatchObject({ id: 'load-ima-appraise', errno: 'EACCES' });
    // riscv64 has no zlib in Debian's build (libz-dev only [arm64 ia64]): an Image.gz is not decompressed
    const gz = await factsOf(raw('riscv64-6.12.117-tiny-gzip-build.Image.gz'));
    expect(pick(evaluate(gz, t({})), 'kexec -c').id).toBe('kexec-tools-no-decompressor');
  });
});

describe('kexec_file_load on kernels that have it (the tiny QEMU build, KEXEC_FILE=y)', () => {
  it('6.12 gzip zboot as is → EINVAL, as the real kernel answered', async () => {
    const gt = JSON.parse(readFileSync(join(FIXTURES, 'kexec-ground-truth/zboot-gzip-rejected/case.json'), 'utf8'));
    expect(gt.syscall_result).toMatchObject({ errno: 22, strerror: 'Invalid argument' });
    const v = evaluate(await IMAGES.zboot(), preset('tiny-qemu'));
    expect(pick(v, 'kexec_file_load')).toMatchObject({ id: 'probe-not-image', errno: 'EINVAL', source: RULES['probe-not-image']!.source });
    // kexec-tools ≥ 2.0.27 decompresses it (pez_prepare) and passes the Image: loads
    expect(pick(v, 'kexec -s')).toMatchObject({ id: 'works', verifies: expect.stringContaining('decompressed inner Image') });
    expect(pick(v, 'kexec -l')).toMatchObject({ id: 'works' });
  });
  it('the plain Image loads as the real kernel loaded it (kexec-ground-truth/m1G-initrd4M: syscall result 0)', async () => {
    const gt = JSON.parse(readFileSync(join(FIXTURES, 'kexec-ground-truth/m1G-initrd4M/case.json'), 'utf8'));
    expect(gt.syscall_result).toMatchObject({ ret: 0 });
    expect(summary(evaluate(await IMAGES.image(), preset('tiny-qemu')))).toMatchObject({ kexec_file_load: 'works', 'kexec -s': 'works', 'kexec -c': LOAD_OK });
  });
  it('Image.gz: the kernel probes gzip bytes (EINVAL); kexec-tools gunzips it first', async () => {
    const v = evaluate(await IMAGES['Image.gz'](), preset('tiny-qemu'));
    expect(pick(v, 'kexec_file_load')).toMatchObject({ id: 'probe-not-image', errno: 'EINVAL' });
    expect(pick(v, 'kexec -s')).toMatchObject({ id: 'works', verifies: 'the Image kexec-tools decompressed' });
    // lz4 and lzo: slurp_decompress_file() has no decoder for them in any version
    expect(pick(evaluate({ ...(await IMAGES['Image.gz']()), fileCodec: 'lz4' }, preset('tiny-qemu')), 'kexec -s').id).toBe('kexec-tools-no-decompressor');
  });
  it('kexec_load_disabled → EPERM from kexec_load_permitted() (kexec_file.c:366) before the file is read', async () => {
    expect(pick(evaluate(await IMAGES.image(), preset('tiny-qemu', { kexecLoadDisabled: true })), 'kexec_file_load')).toMatchObject({ id: 'file-disabled', errno: 'EPERM' });
  });
  it('IMA appraisal of the kernel file → EACCES (kernel_read_file_from_fd → ima_post_read_file)', async () => {
    const t = preset('tiny-qemu', { imaAppraise: true, ima: true, imaPolicySecureBoot: true });
    expect(pick(evaluate(await IMAGES.image(), t), 'kexec_file_load')).toMatchObject({ id: 'file-ima-appraise', errno: 'EACCES' });
  });
  it('systemd\'s direct kexec_file_load: EINVAL on arm64 retries only with PR #42234', async () => {
    const f = await IMAGES.zboot();
    // without the EINVAL retry it falls back to the kexec binary (PR #42234's description of #41390)
    expect(pick(evaluate(f, preset('tiny-qemu', { systemd: 'direct' })), 'systemctl kexec').id).toBe('works');
    expect(pick(evaluate(f, preset('tiny-qemu', { systemd: 'direct', kexecTools: 'none' })), 'systemctl kexec')).toMatchObject({ id: 'systemd-no-kexec-binary', errno: 'EINVAL' });
    expect(pick(evaluate(f, preset('tiny-qemu', { systemd: 'direct-einval-fallback', kexecTools: 'none' })), 'systemctl kexec')).toMatchObject({ id: 'works', verifies: 'the Image systemd extracted in user space' });
  });
});

describe('KEXEC_SIG (kernel/kexec_file.c kimage_validate_signature())', () => {
  const sig = (o: Partial<TargetSystem>) => preset('tiny-qemu', { kexecSig: true, kexecImageVerifySig: true, ...o });
  it('unsigned Image: ENODATA when enforced (verify_pefile.c:99), EPERM under lockdown (:194), logged otherwise', async () => {
    const f = await IMAGES.image();
    expect(f.signature.state).toBe('unsigned');
    expect(pick(evaluate(f, sig({ kexecSigForce: true })), 'kexec_file_load')).toMatchObject({ id: 'sig-unsigned', errno: 'ENODATA' });
    expect(pick(evaluate(f, sig({ lockdownLsm: true, lockdown: 'integrity' })), 'kexec_file_load')).toMatchObject({ id: 'sig-lockdown', errno: 'EPERM' });
    expect(pick(evaluate(f, sig({})), 'kexec_file_load').id).toBe('works-unverified');
    // the IMA arch policy under Secure Boot enforces signatures (ima_efi.c set_kexec_sig_enforced())
    expect(pick(evaluate(f, sig({ imaArchPolicy: true, secureBoot: true })), 'kexec_file_load')).toMatchObject({ id: 'sig-unsigned', errno: 'ENODATA' });
    // and kexec_load is refused outright with KEXEC_SIG under Secure Boot (ima_main.c:910)
    expect(pick(evaluate(f, sig({ ima: true, secureBoot: true })), 'kexec -c')).toMatchObject({ id: 'load-ima-secureboot-sig', errno: 'EACCES' });
  });
  it('no CONFIG_KEXEC_IMAGE_VERIFY_SIG: every verification fails with EKEYREJECTED (kexec_file.c kexec_image_verify_sig())', async () => {
    expect(pick(evaluate(await IMAGES.image(), sig({ kexecImageVerifySig: false, kexecSigForce: true })), 'kexec_file_load')).toMatchObject({ id: 'sig-no-verifier', errno: 'EKEYREJECTED' });
  });
  it('the verified state decides: modified → EKEYREJECTED ("Digest mismatch", verify_pefile.c:379), untrusted → ENOKEY, invalid → the verifier\'s errno', async () => {
    const f = await IMAGES.image();
    const withSig = (state: ImageFacts['signature']['state'], chainToCa: ImageFacts['signature']['chainToCa'] = 'yes'): ImageFacts => ({ ...f, signature: { state, chainToCa, verified: true } });
    const t = sig({ kexecSigForce: true });
    expect(pick(evaluate(withSig('intact'), t), 'kexec_file_load').id).toBe('works-signed');
    expect(pick(evaluate(withSig('modified'), t), 'kexec_file_load')).toMatchObject({ id: 'sig-modified', errno: 'EKEYREJECTED' });
    expect(pick(evaluate(withSig('invalid'), t), 'kexec_file_load')).toMatchObject({ id: 'sig-invalid', errno: 'EKEYREJECTED' });
    expect(pick(evaluate({ ...f, signature: { state: 'invalid', chainToCa: 'unknown', verified: true, errno: 'ELIBBAD' } }, t), 'kexec_file_load')).toMatchObject({ id: 'sig-invalid', errno: 'ELIBBAD' });
    expect(pick(evaluate(withSig('intact', 'no'), t), 'kexec_file_load')).toMatchObject({ id: 'sig-untrusted', errno: 'ENOKEY' });
    // trust is checked before the digest (verify_pkcs7_signature() before pefile_digest_pe())
    expect(pick(evaluate(withSig('modified', 'no'), t), 'kexec_file_load')).toMatchObject({ id: 'sig-untrusted', errno: 'ENOKEY' });
    // a signed inner Image padded by Makefile.zboot, passed whole by kexec-tools < 2.0.31
    const z = await IMAGES.zboot();
    const signedInner: ImageFacts = { ...z, inner: { ...z.inner!, signature: { state: 'intact', chainToCa: 'yes', verified: true }, padded: true } };
    expect(pick(evaluate(signedInner, sig({ kexecSigForce: true, kexecTools: '2.0.30' })), 'kexec -s')).toMatchObject({ id: 'padded-signed-inner', errno: 'EKEYREJECTED' });
    expect(pick(evaluate(signedInner, sig({ kexecSigForce: true, kexecTools: '2.0.31' })), 'kexec -s').id).toBe('works-signed');
  });
});

describe('KEXEC_SIG on Debian\'s signed Image, as the verifier found it (src/core/signature/verify.ts)', () => {
  // a kernel that checks signatures and enforces them: the Debian 12 arm64 config with
  // KEXEC_FILE, KEXEC_SIG, KEXEC_SIG_FORCE and KEXEC_IMAGE_VERIFY_SIG switched on
  const t = preset('debian12-arm64', { kexecFile: true, kexecSig: true, kexecSigForce: true, kexecImageVerifySig: true });
  const signed = () => fixture('debian-6.1.0-50-arm64-vmlinuz.gz'); // gunzipped: the signed Image
  /** One byte of .text flipped (as tests/signing/make-signed.sh variants() does). */
  function textByte(b: Uint8Array): Uint8Array {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const pe = dv.getUint32(0x3c, true);
    const sec = pe + 24 + dv.getUint16(pe + 20, true);
    let text = -1;
    for (let i = 0; i < dv.getUint16(pe + 6, true); i++) if (new TextDecoder().decode(b.subarray(sec + 40 * i, sec + 40 * i + 5)) === '.text') text = dv.getUint32(sec + 40 * i + 20, true);
    const c = b.slice();
    c[text + 0x10]! ^= 1;
    return c;
  }
  it('intact → loads; one .text byte changed → EKEYREJECTED; the table cut short → ELIBBAD', async () => {
    const ok = await factsOf(signed());
    expect(ok.signature).toMatchObject({ state: 'intact', verified: true });
    // sbverify agrees on each (tests/oracles/debian-6.1.0-50-arm64.*.sbverify-debian-uefi-ca.txt)
    expect(oracleText('debian-6.1.0-50-arm64.signed.sbverify-debian-uefi-ca.txt')).toContain('Signature verification OK');
    expect(pick(evaluate(ok, t), 'kexec_file_load').id).toBe('works-signed');
    // verify_pefile.c pefile_digest_pe(): "Digest mismatch" → -EKEYREJECTED (sbverify: "Hash doesn't match image")
    expect(oracleText('debian-6.1.0-50-arm64.text-byte.sbverify-debian-uefi-ca.txt')).toContain("Hash doesn't match image");
    expect(pick(evaluate(await factsOf(textByte(signed())), t), 'kexec_file_load')).toMatchObject({ id: 'sig-modified', errno: 'EKEYREJECTED' });
    // verify_pefile.c pefile_parse_binary(): the certificate table runs past the end → -ELIBBAD
    expect(oracleText('debian-6.1.0-50-arm64.cut-short.sbverify-debian-uefi-ca.txt')).toContain('Signature verification failed');
    const cut = signed().subarray(0, signed().length - 16);
    expect(pick(evaluate(await factsOf(cut), t), 'kexec_file_load')).toMatchObject({ id: 'sig-invalid', errno: 'ELIBBAD' });
    // not enforced and not locked down: the failure is only logged (kimage_validate_signature())
    expect(pick(evaluate(await factsOf(cut), { ...t, kexecSigForce: false }), 'kexec_file_load').id).toBe('works-unverified');
    // locked down by Secure Boot (LOCK_DOWN_IN_EFI_SECURE_BOOT) without sig_enforce from IMA (no arch hook in this variant)
    expect(pick(evaluate(await factsOf(cut), { ...t, kexecSigForce: false, imaArchPolicy: false, secureBoot: true }), 'kexec_file_load')).toMatchObject({ id: 'sig-lockdown', errno: 'EPERM' });
  });
});

describe('kexec-tools versions and formats', () => {
  it('zboot: 2.0.27 for kexec_file_load, 2.0.28 for kexec_load (8f08e3b)', async () => {
    const f = await IMAGES.zboot();
    expect(pick(evaluate(f, preset('tiny-qemu', { kexecTools: '2.0.27' })), 'kexec -s').id).toBe('works');
    expect(pick(evaluate(f, preset('tiny-qemu', { kexecTools: '2.0.27' })), 'kexec -c').id).toBe('kexec-tools-no-zboot');
    expect(pick(evaluate(f, preset('tiny-qemu', { kexecTools: '2.0.26' })), 'kexec -s').id).toBe('kexec-tools-no-zboot');
  });
  it('6.1 codecs: pez_prepare() takes gzip and lzma (2.0.27+), zstd (2.0.31+); never lz4, lzo, xz', async () => {
    for (const c of ['lz4', 'lzo', 'xz', 'lzma', 'zstd', 'gzip'] as const) {
      const v = evaluate(await facts(`arm64-6.1.192-tiny-zboot-${c}.vmlinuz.efi`), preset('tiny-qemu'));
      expect(pick(v, 'kexec -s').id, c).toBe(['lz4', 'lzo', 'xz'].includes(c) ? 'kexec-tools-codec' : 'works');
    }
  });
  it('a UKI: 2.0.30+', async () => {
    const f = imageFacts(await inspectBytes(new Uint8Array(readFileSync(new URL('../../../tests/uki/uki-arm64-zboot.efi', import.meta.url)))));
    expect(pick(evaluate(f, preset('tiny-qemu', { kexecTools: '2.0.28' })), 'kexec -s').id).toBe('kexec-tools-no-uki');
    expect(pick(evaluate(f, preset('tiny-qemu')), 'kexec_file_load')).toMatchObject({ errno: 'EINVAL' });
  });
  it('kexec-tools not installed', async () => {
    expect(pick(evaluate(await IMAGES.image(), preset('debian13-arm64', { kexecTools: 'none' })), 'kexec -c').id).toBe('kexec-tools-missing');
  });
});

describe('presets name their source', () => {
  it('each preset is a configuration file with its package, sha256 and assumptions', () => {
    for (const p of TARGET_PRESETS) {
      expect(p.source.file, p.id).toBeTruthy();
      expect(p.source.package, p.id).toBeTruthy();
      expect(p.source.sha256, p.id).toMatch(/^[0-9a-f]{64}$/);
      expect(p.source.assumes.join(' '), p.id).toMatch(/Secure Boot off/);
    }
    // the README's sha256 column (shared/fixtures/distro-configs/README.md) for Debian 13 arm64
    expect(TARGET_PRESETS.find((p) => p.id === 'debian13-arm64')!.source.sha256).toBe('94a23e6dde050e343776f515edb6086f148155ad18817cffbda31fdf984d8e3f');
  });
});
