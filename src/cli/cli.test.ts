// The built CLI as a user runs it, against the real fixtures and the kernel's own ground truth
// (shared/fixtures/kexec-ground-truth/*/case.json).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli as run } from '../../tests/cli';
import { FIXTURES } from '../../tests/fixtures';

const cli = (...args: string[]) => run(args);

const GT = join(FIXTURES, 'kexec-ground-truth');

describe('cli layout reproduces every ground-truth run', () => {
  const cases = readdirSync(GT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  it.each(cases)('%s', async (name) => {
    const c = JSON.parse(readFileSync(join(GT, name, 'case.json'), 'utf8'));
    const f = (n: string) => join(GT, name, n);
    const args = ['layout', '--memory', f('memblock_memory.txt'), '--reserved', f('memblock_reserved.txt'), '--iomem', f('iomem.txt'), '--json'];
    if (name === 'zboot-gzip-rejected') {
      // the file the kernel refused: the gzip zboot image itself (case.json kernel_size 1610240)
      args.push('--image', join(FIXTURES, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'));
    } else {
      // the Image that was loaded: image_size 0x450000, text_offset 0 (ground-truth README)
      args.push('--image-size', '0x450000', '--text-offset', '0', '--kernel-size', c.inputs_printed_by_init.kernel_size);
      const initrd = Number(c.inputs_printed_by_init.initrd_size);
      const seg = c.segments.find((s: { role: string }) => s.role === 'initrd');
      if (initrd || seg) args.push('--initrd-size', seg ? seg.bufsz : String(initrd));
      args.push('--dtb-size', c.segments.find((s: { role: string }) => s.role === 'dtb').bufsz);
      if (Number(c.extra_flags) & 2) args.push('--crash');
    }
    const r = await cli(...args);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    if (c.syscall_result.errno) {
      expect(j.errno).toBe(c.syscall_result.errno); // 22, "Invalid argument"
      expect(j.error).toMatch(/EINVAL \(Invalid argument\)/);
      expect(j.segments).toEqual([]);
    } else {
      expect(j.segments.map((s: { role: string; mem: string; memsz: string }) => ({ role: s.role, mem: s.mem, memsz: s.memsz }))).toEqual(
        c.segments.map((s: { role: string; mem: string; memsz: string }) => ({ role: s.role, mem: s.mem, memsz: s.memsz })),
      );
    }
  });
});

describe('cli inspect and extract', () => {
  it('inspect --json of a zboot image includes the inner Image, banner and config', async () => {
    const r = await cli('inspect', join(FIXTURES, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.file.sha256).toBe('e86a9e98130fa19f33ae843d7fb01748221bf2b01836094933f4a80671599544'); // fixtures README
    expect(j.inner.format).toBe('arm64-image');
    // README: tiny build header; u64 fields are "0x…" strings (the JSON contract)
    expect(j.inner.image).toMatchObject({ textOffset: '0x0', imageSize: '0x450000', flags: '0xa', pageSize: 4096 });
    expect(j.inner.file.size).toBe(4521984);
    // README, step 4: the gzip build's version string
    expect(j.banner).toBe('Linux version 6.12.117 (root@vm) (aarch64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP Tue Nov 24 18:03:11 UTC 2026');
    // the embedded config equals the fixture's .config on the options that matter
    const cfg = readFileSync(join(FIXTURES, 'arm64-6.12.117-tiny-gzip-build.config'), 'utf8');
    expect(j.config.present).toBe(true);
    for (const k of ['CONFIG_KEXEC_FILE', 'CONFIG_EFI_ZBOOT', 'CONFIG_KERNEL_GZIP', 'CONFIG_CRASH_DUMP', 'CONFIG_ARM64_4K_PAGES']) {
      expect(cfg).toContain(`${k}=${j.config.options[k]}`);
    }
    expect(j.keyOptions.CONFIG_KEXEC).toBe('y');
    // the default target, Debian 13 arm64: "# CONFIG_KEXEC_FILE is not set" → kernel/sys_ni.c ENOSYS
    expect(j.kexec.find((k: { route: string }) => k.route === 'kexec_file_load')).toMatchObject({ verdict: 'fails', errno: 'ENOSYS' });
    // on the sample kernels' own config the file as is is refused like the real kernel did
    // (kexec-ground-truth/zboot-gzip-rejected: errno 22), kexec-tools decompresses gzip
    const tiny = JSON.parse((await cli('inspect', join(FIXTURES, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'), '--json', '--target', 'preset=tiny-qemu')).stdout);
    expect(tiny.kexec.find((k: { route: string }) => k.route === 'kexec_file_load')).toMatchObject({ verdict: 'fails', errno: 'EINVAL' });
    expect(tiny.kexec.find((k: { route: string }) => k.route === 'kexec -s').verdict).not.toBe('fails');
    const old = JSON.parse((await cli('inspect', join(FIXTURES, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'), '--json', '--target', 'preset=tiny-qemu', '--target', 'kexecTools=2.0.28')).stdout);
    expect(old.kexec.find((k: { route: string }) => k.route === 'kexec -s')).toMatchObject({ verdict: 'fails', rule: 'kexec-tools-codec' });
  });

  it('extract writes exactly the decompressed payload (sha256 from the fixtures README)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'zbx-')), 'Image');
    const r = await cli('extract', join(FIXTURES, 'arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi'), '--out', out);
    expect(r.code).toBe(0);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe('112128968370577b1576f6ff654ff4fb3ff881f131cfcb044a926a37fe0de0a9');
  });

  it('exit codes: 1 for a missing file or nothing to extract, 2 for usage', async () => {
    expect((await cli('inspect', '/nonexistent/file', '--json')).code).toBe(1);
    const r = await cli('extract', join(FIXTURES, 'arm64-6.1.192-tiny-build.config'), '--out', '/tmp/x');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a zboot image/);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

describe('cli: targets from real configurations, compressed plain Images', () => {
  const IMAGE_GZ = join(FIXTURES, 'arm64-6.12.117-tiny-gzip-build.Image.gz');
  const route = (j: { kexec: Array<{ route: string }> }, r: string) => j.kexec.find((k) => k.route === r);
  it('--target config=FILE with the run-time keys: Debian 13\'s own config answers ENOSYS, EACCES, EPERM', async () => {
    const cfg = join(FIXTURES, 'distro-configs/config-6.12.117+deb13-arm64.gz');
    const plain = JSON.parse((await cli('inspect', IMAGE_GZ, '--json', '--target', `config=${cfg}`)).stdout);
    // kernel/sys_ni.c COND_SYSCALL(kexec_file_load): "# CONFIG_KEXEC_FILE is not set"
    expect(route(plain, 'kexec_file_load')).toMatchObject({ verdict: 'fails', errno: 'ENOSYS' });
    expect(route(plain, 'kexec -c')).toMatchObject({ verdict: 'works with caveats' });
    // Secure Boot → IMA arch policy appraises KEXEC_KERNEL_CHECK → ima_load_data() -EACCES
    const sb = JSON.parse((await cli('inspect', IMAGE_GZ, '--json', '--target', `config=${cfg},secureBoot=true`)).stdout);
    expect(route(sb, 'kexec -c')).toMatchObject({ verdict: 'fails', errno: 'EACCES' });
    expect(route(sb, 'systemctl kexec')).toMatchObject({ verdict: 'fails', errno: 'EACCES' });
    const dis = JSON.parse((await cli('inspect', IMAGE_GZ, '--json', '--target', `config=${cfg},lockdown=integrity,kexecLoadDisabled=true`)).stdout);
    expect(route(dis, 'kexec -c')).toMatchObject({ verdict: 'fails', errno: 'EPERM', rule: 'load-disabled' });
    // the compressed file's inner Image, with the same shape as a zboot's
    expect(plain).toMatchObject({ format: 'compressed', compressed: { codec: 'gzip' }, inner: { format: 'arm64-image' } });
    expect(plain.banner).toMatch(/^Linux version 6\.12\.117/);
    expect((await cli('inspect', IMAGE_GZ, '--json', '--target', 'imaPolicy=maybe,secureBoot=perhaps')).code).toBe(2);
  });
  it('extract writes the Image byte-identical to gzip -dc; layout --mode kexec-tools decompresses it itself', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'zbx-')), 'Image');
    expect((await cli('extract', IMAGE_GZ, '--out', out)).code).toBe(0);
    // shared/fixtures/README.md: the Image inside is 4045312 bytes, sha256 5f249e2c…
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe('5f249e2c3d4421f1976edebda7604a94bc0e7785262efb8979465491f8bf5e1f');
    const l = JSON.parse((await cli('layout', '--preset', 'qemu-virt-1G', '--image', IMAGE_GZ, '--mode', 'kexec-tools', '--json')).stdout);
    expect(l.error).toBeUndefined();
    expect(l.segments[0]).toMatchObject({ role: 'kernel', bufsz: '0x3dba00' });
  });
});

describe('cli inspect --ca (the sbverify --cert case)', () => {
  const signing = (f: string) => new URL(`../../tests/signing/${f}`, import.meta.url).pathname;
  it('the signed 7.2 image chains to its test CA, not to an unrelated one; a bad CA file is exit 1', async () => {
    // sbverify --cert: "Signature verification OK" / "failed" (tests/oracles/*.signed.sbverify-*.txt)
    const img = signing('arm64-7.2.13-clang-bti-sbat-zboot-gzip.signed.efi');
    const ok = await cli('inspect', img, '--json', '--ca', signing('test-ca.pem'));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).signature).toMatchObject({ state: 'intact', chain: 'yes' });
    const other = await cli('inspect', img, '--json', '--ca', signing('other-ca.pem'));
    expect(JSON.parse(other.stdout).signature).toMatchObject({ state: 'intact', chain: 'no' });
    const bad = await cli('inspect', img, '--json', '--ca', signing('make-signed.sh'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--ca: the CA file/);
  });
});
