// Every rule, on the real fixtures. Each expectation names the source line that makes it so
// (RULES[…].source); the EINVAL for a zboot file agrees with the real kernel's answer in
// shared/fixtures/kexec-ground-truth/zboot-gzip-rejected/case.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from '../../../tests/fixtures';
import { inspectBytes } from '../inspect';
import { unpackZboot } from '../unpack';
import { imageFacts } from './facts';
import { type ImageFacts, type Route, RULES, evaluate } from './rules';
import { TARGET_PRESETS, type TargetSystem } from './target';

const target = (id: string, over: Partial<TargetSystem> = {}): TargetSystem => ({ ...TARGET_PRESETS.find((p) => p.id === id)!.target, ...over });

async function facts(file: string, decompress = true): Promise<ImageFacts> {
  const bytes = fixture(file);
  const ins = await inspectBytes(bytes);
  if (!decompress || ins.format !== 'zboot') return imageFacts(ins);
  const r = await unpackZboot(bytes, ins);
  if (!r.ok) throw new Error(r.error);
  return imageFacts(ins, { inner: r.unpacked.inner, length: r.unpacked.data.length, kexecToolsLength: r.unpacked.kexecToolsLength });
}

const pick = (vs: ReturnType<typeof evaluate>, route: Route) => vs.find((v) => v.route === route)!;

describe('zboot files on arm64', () => {
  it('6.12 gzip zboot: kexec_file_load as is → EINVAL, as the real kernel answered', async () => {
    const gt = JSON.parse(readFileSync(join(FIXTURES, 'kexec-ground-truth/zboot-gzip-rejected/case.json'), 'utf8'));
    expect(gt.syscall_result).toMatchObject({ errno: 22, strerror: 'Invalid argument' });
    const v = evaluate(await facts('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'), target('tiny-qemu'));
    expect(pick(v, 'kexec_file_load')).toMatchObject({ id: 'probe-not-image', verdict: 'fails', errno: 'EINVAL' });
    expect(pick(v, 'kexec_file_load').message).toContain(gt.syscall_result.strerror);
    // kexec-tools decompresses gzip (pez_prepare, 2.0.27+) and the kernel then loads the inner Image
    expect(pick(v, 'kexec -s')).toMatchObject({ id: 'works', verdict: 'works' });
    expect(pick(v, 'kexec -s').verifies).toMatch(/inner Image/);
    expect(pick(v, 'kexec -c')).toMatchObject({ id: 'works-kexec-load' });
  });

  it('6.12 zstd zboot with kexec-tools 2.0.28 (Fedora 40): "Cannot determine the file type"; 2.0.31 works', async () => {
    const f = await facts('arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
    expect(pick(evaluate(f, target('fedora40-aarch64', { lockdown: 'none' })), 'kexec -s')).toMatchObject({ id: 'kexec-tools-codec', verdict: 'fails' });
    expect(pick(evaluate(f, target('tiny-qemu', { kexecTools: '2.0.31' })), 'kexec -s')).toMatchObject({ id: 'works' });
  });

  it.each(['lz4', 'lzo', 'xz'])('6.1 %s zboot: no kexec-tools version decodes it', async (c) => {
    const v = evaluate(await facts(`arm64-6.1.192-tiny-zboot-${c}.vmlinuz.efi`), target('tiny-qemu', { kexecTools: '2.0.32' }));
    expect(pick(v, 'kexec -s')).toMatchObject({ id: 'kexec-tools-codec' });
    expect(pick(v, 'kexec_file_load')).toMatchObject({ errno: 'EINVAL' });
  });

  it('6.1 lzma zboot: kexec-tools ≥ 2.0.27 decodes lzma; 2.0.26 knows no zboot at all', async () => {
    const f = await facts('arm64-6.1.192-tiny-zboot-lzma.vmlinuz.efi');
    expect(pick(evaluate(f, target('tiny-qemu', { kexecTools: '2.0.27' })), 'kexec -s')).toMatchObject({ id: 'works' });
    expect(pick(evaluate(f, target('tiny-qemu', { kexecTools: '2.0.26' })), 'kexec -s')).toMatchObject({ id: 'kexec-tools-no-zboot' });
    // kexec_load support for arm64 zboot came one release later (2.0.28)
    expect(pick(evaluate(f, target('tiny-qemu', { kexecTools: '2.0.27' })), 'kexec -c')).toMatchObject({ id: 'kexec-tools-no-zboot' });
  });

  it('under enforcement the unsigned inner Image fails even though it decompressed: ENODATA; lockdown: EPERM', async () => {
    const f = await facts('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    expect(pick(evaluate(f, target('secureboot-2026')), 'kexec -s')).toMatchObject({ id: 'sig-force-unsigned', errno: 'ENODATA' });
    expect(pick(evaluate(f, target('debian13-arm64', { lockdown: 'integrity' })), 'kexec -s')).toMatchObject({ id: 'lockdown-unsigned', errno: 'EPERM' });
    expect(pick(evaluate(f, target('debian13-arm64', { lockdown: 'integrity' })), 'kexec -c')).toMatchObject({ id: 'kexec-load-lockdown', errno: 'EPERM' });
    expect(pick(evaluate(f, target('debian13-arm64')), 'kexec -s')).toMatchObject({ id: 'works-unverified' });
  });

  it('systemctl kexec: direct kexec_file_load without the EINVAL fallback fails; with PR #42234 it extracts', async () => {
    const f = await facts('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    expect(pick(evaluate(f, target('tiny-qemu', { systemd: 'direct' })), 'systemctl kexec')).toMatchObject({ id: 'systemd-einval', errno: 'EINVAL' });
    expect(pick(evaluate(f, target('tiny-qemu', { systemd: 'direct-einval-fallback' })), 'systemctl kexec')).toMatchObject({ id: 'works' });
  });

  it('riscv64 zboot on an arm64 kernel: the probe refuses it', async () => {
    const v = evaluate(await facts('riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'), target('tiny-qemu'));
    expect(pick(v, 'kexec_file_load')).toMatchObject({ id: 'probe-wrong-arch', errno: 'EINVAL' });
    // kexec-tools decompresses it, then its own arm64 probe finds no "ARM\x64": a user-space failure
    expect(pick(v, 'kexec -s')).toMatchObject({ id: 'kexec-tools-unknown-type', verdict: 'fails' });
  });
});

describe('the Debian signed Image', () => {
  it('verifies its own PE: works when the signer is trusted, ENOKEY when not', async () => {
    const f = await facts('debian-6.1.0-50-arm64-vmlinuz.gz');
    expect(f.outerSigned).toBe(true);
    const ok = evaluate(f, target('secureboot-2026'));
    expect(pick(ok, 'kexec_file_load')).toMatchObject({ id: 'works-signed', verdict: 'works with caveats' });
    expect(pick(ok, 'kexec_file_load').verifies).toMatch(/own PE/);
    expect(pick(evaluate(f, target('secureboot-2026', { signerTrusted: false })), 'kexec_file_load')).toMatchObject({ id: 'signed-needs-trusted-key', errno: 'ENOKEY' });
    expect(pick(evaluate(f, target('tiny-qemu')), 'kexec_file_load')).toMatchObject({ id: 'works' });
  });

  it('a signed inner Image zero-padded by Makefile.zboot: kexec-tools < 2.0.31 breaks its digest', () => {
    // facts of a zboot whose decompressed Image is signed and padded (distros that sign the
    // inner Image ship these; no such fixture here, so the facts are stated)
    const f: ImageFacts = { format: 'zboot', arch: 'arm64', compression: 'gzip', outerSigned: true, inner: { format: 'arm64-image', signed: true, padded: true } };
    expect(pick(evaluate(f, target('secureboot-2026', { kexecTools: '2.0.30' })), 'kexec -s')).toMatchObject({ id: 'padded-signed-inner', errno: 'EKEYREJECTED' });
    expect(pick(evaluate(f, target('secureboot-2026', { kexecTools: '2.0.31' })), 'kexec -s')).toMatchObject({ id: 'works-signed' });
  });
});

describe('UKI', () => {
  it('needs kexec-tools 2.0.30; its .linux is a gzip zboot', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../../tests/uki/uki-arm64-zboot.efi', import.meta.url)));
    const f = imageFacts(await inspectBytes(bytes));
    expect(f).toMatchObject({ format: 'uki', ukiLinux: 'zboot', compression: 'gzip' });
    expect(pick(evaluate(f, target('tiny-qemu', { kexecTools: '2.0.28' })), 'kexec -s')).toMatchObject({ id: 'kexec-tools-no-uki' });
    expect(pick(evaluate(f, target('tiny-qemu', { kexecTools: '2.0.31' })), 'kexec -s')).toMatchObject({ id: 'inner-unknown' });
    expect(pick(evaluate(f, target('tiny-qemu')), 'kexec_file_load')).toMatchObject({ errno: 'EINVAL' });
  });
});

describe('every rule is reachable and cites a source', () => {
  it('a matrix of real fixtures × targets reaches every rule', async () => {
    const all: ImageFacts[] = [];
    for (const f of ['arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi', 'arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi', 'riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'debian-6.1.0-50-arm64-vmlinuz.gz', 'arm64-6.12.117-tiny-gzip-build.Image.gz']) all.push(await facts(f));
    all.push(imageFacts(await inspectBytes(new Uint8Array(readFileSync(new URL('../../../tests/uki/uki-arm64-zboot.efi', import.meta.url))))));
    // hostile-ish variants of real headers: image_size 0 and big-endian (booting.rst flag bit 0)
    all.push({ ...all[5]!, imageSizeZero: true }, { ...all[5]!, bigEndian: true });
    all.push({ format: 'zboot', arch: 'arm64', compression: 'gzip', outerSigned: true, inner: { format: 'arm64-image', signed: true, padded: true } });
    const seen = new Set<string>();
    for (const f of all)
      for (const p of TARGET_PRESETS)
        for (const kexecTools of ['2.0.26', '2.0.27', '2.0.28', '2.0.30', '2.0.31'])
          for (const signerTrusted of [true, false])
            for (const systemd of ['kexec-tools', 'direct', 'direct-einval-fallback'] as const)
              for (const v of evaluate(f, { ...p.target, kexecTools, signerTrusted, systemd })) seen.add(v.id);
    for (const r of Object.values(RULES)) {
      expect(seen, `rule ${r.id} reached`).toContain(r.id);
      expect(r.source.length).toBeGreaterThan(10);
      expect(r.message.length).toBeGreaterThan(5);
    }
  });
});
