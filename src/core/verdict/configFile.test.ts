// A user's configuration file: /boot/config-* as text, /proc/config.gz as gzip; hostile input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../tests/fixtures';
import { parseConfigFile } from './configFile';
import { targetFromConfig } from './target';

const gz = new Uint8Array(readFileSync(join(FIXTURES, 'distro-configs/config-6.12.117+deb13-arm64.gz')));

describe('parseConfigFile', () => {
  it('reads /proc/config.gz (gzip) and the same file as text alike', async () => {
    const a = await parseConfigFile(gz);
    const { gunzipSync } = await import('node:zlib');
    const b = await parseConfigFile(new Uint8Array(gunzipSync(gz)));
    expect(a.errors).toEqual([]);
    expect(a.fields!.options).toEqual(b.fields!.options);
    // header line 3 of the file: "# Linux/arm64 6.12.117 Kernel Configuration" (zcat | head -3)
    expect(a.fields).toMatchObject({ kernelVersion: '6.12.117', srcArch: 'arm64' });
    // zgrep: "# CONFIG_KEXEC_FILE is not set", "CONFIG_KEXEC=y" (distro-configs/README.md)
    expect(targetFromConfig(a.fields!.options)).toMatchObject({ kexec: true, kexecFile: false, lockdownLsm: true, lockdownInEfiSecureBoot: true, imaArchPolicy: true, efiZboot: false, cma: true, crashDump: true, pageSize: 4096, arch: 'arm64' });
  });
  it('16K pages from CONFIG_ARM64_16K_PAGES=y', async () => {
    const r = await parseConfigFile(new Uint8Array(readFileSync(join(FIXTURES, 'distro-configs/config-6.12.117+deb13-arm64-16k.gz'))));
    expect(targetFromConfig(r.fields!.options).pageSize).toBe(16384);
  });
  it('says what is wrong with what is not a config', async () => {
    expect((await parseConfigFile(new TextEncoder().encode('hello\nworld\n'))).errors[0]!.message).toMatch(/no CONFIG_/);
    const img = new Uint8Array(readFileSync(join(FIXTURES, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi')));
    expect((await parseConfigFile(img)).errors[0]).toMatchObject({ offset: 2, message: expect.stringMatching(/NUL byte at 0x2/) });
    const cut = gz.subarray(0, 1000);
    expect((await parseConfigFile(cut)).errors[0]!.message).toMatch(/does not decompress/);
    // a gzip bomb stops at the bound instead of filling memory
    const bomb = new Uint8Array(gzipSync(new Uint8Array(24 << 20)));
    expect((await parseConfigFile(bomb)).errors[0]!.message).toMatch(/does not decompress/);
  });
  it('a fragment without a header still parses, with warnings', async () => {
    const r = await parseConfigFile(new TextEncoder().encode('CONFIG_KEXEC_FILE=y\n'));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.message).join(' ')).toMatch(/kernel version is unknown/);
    expect(targetFromConfig(r.fields!.options)).toMatchObject({ kexecFile: true, kexec: false });
  });
});

describe('targetFromCmdline', () => {
  it('reads lockdown= and ima_policy= as the kernel does', async () => {
    const { targetFromCmdline } = await import('./target');
    expect(targetFromCmdline('BOOT_IMAGE=/vmlinuz root=/dev/vda1 lockdown=integrity ima_policy=tcb|secure_boot')).toEqual({ lockdown: 'integrity', imaPolicySecureBoot: true });
    // lock_kernel_down() only raises the level (security/lockdown/lockdown.c)
    expect(targetFromCmdline('lockdown=confidentiality lockdown=integrity').lockdown).toBe('confidentiality');
    // lockdown_param() accepts only these two words
    expect(targetFromCmdline('lockdown=none ima_policy=tcb')).toEqual({ lockdown: 'none', imaPolicySecureBoot: false });
  });
});
