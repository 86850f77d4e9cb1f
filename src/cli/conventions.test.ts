// The conventions of the tools the CLI sits beside (llvm-readobj, ukify, sbverify), checked on the
// built bin as a child process: each case with its exit status and which stream says what.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { BIN, cli } from '../../tests/cli';
import { FIXTURES, fixture } from '../../tests/fixtures';

const GZIP = join(FIXTURES, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
// fixtures README: sha256sum of arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi
const GZIP_SHA = 'e86a9e98130fa19f33ae843d7fb01748221bf2b01836094933f4a80671599544';
const oneLine = (s: string) => s.trimEnd().split('\n').length === 1;

describe('help and version', () => {
  it('--help, -h and help list the commands on stdout, exit 0', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      for (const c of ['inspect', 'extract', 'layout', 'phases']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
  });

  it('each command has its own --help on stdout, exit 0', async () => {
    for (const c of ['inspect', 'extract', 'layout', 'phases']) {
      for (const args of [[c, '--help'], [c, '-h'], ['help', c]]) {
        const r = await cli(args);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout.startsWith(`usage: zboot-explorer ${c} `)).toBe(true);
      }
    }
    // help wins over what else is on the line, as in every getopt tool
    expect((await cli(['layout', '--help', '--cpus', 'abc'])).code).toBe(0);
    expect((await cli(['layout', '--help'])).stdout).toMatch(/--crash-region START-END/);
  });

  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `zboot-explorer ${pkg.version}\n`, stderr: '' });
  });
});

describe('usage errors: exit 2, one line on stderr naming the flag, nothing on stdout', () => {
  it.each([
    [['inspect', GZIP, '--jsn'], /unknown option '--jsn'/],
    [['inspect', GZIP, '--json=no'], /'--json' does not take an argument/],
    [['layout', '--preset', 'qemu-virt-1G', '--image-size', '0x450000', '--cpus', 'abc'], /--cpus: "abc" is not a positive integer/],
    [['layout', '--preset', 'qemu-virt-1G', '--image-size', '12Q'], /--image-size: "12Q" is not a size/],
    [['layout', '--preset', 'qemu-virt-1G', '--image-size', '1M', '--crash-region', '0x2000-0x1000'], /--crash-region: "0x2000-0x1000" is not an inclusive START-END range/],
    [['layout', '--preset', 'qemu-virt-2T', '--image-size', '1M'], /--preset: "qemu-virt-2T" is not one of qemu-virt-512M/],
    [['layout', '--preset', 'qemu-virt-1G', '--image-size', '1M', '--kernel-version', 'new'], /--kernel-version: "new" is not a kernel version/],
    [['layout', '--preset', 'qemu-virt-1G', '--image-size', '1M', '--mode', 'fast'], /--mode: "fast" is not one of upstream, kexec-tools, zboot-proposal/],
    [['inspect', GZIP, '--target', 'lockdown=maybe'], /--target: lockdown is one of none, integrity, confidentiality/],
    [['inspect', GZIP, '--target', 'kexecSig=perhaps'], /--target: kexecSig is a yes\/no value/],
    [['inspect', GZIP, '--target', 'colour=blue'], /--target: unknown key "colour"/],
    [['inspect'], /inspect: expected at least 1 argument/],
    [['extract', GZIP], /--out PATH is required/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /no command given/],
  ])('%j', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(oneLine(r.stderr)).toBe(true);
  });
});

describe('inputs', () => {
  it('- reads standard input', async () => {
    const r = await cli(['inspect', '-', '--json'], fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schemaVersion: 1, path: '-', format: 'zboot', file: { sha256: GZIP_SHA } });
    expect(j.inner.format).toBe('arm64-image');
  });

  it('a directory (and several files) print one JSON line per regular file, in name order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zbx-dir-'));
    symlinkSync(GZIP, join(dir, 'b.efi'));
    symlinkSync(join(FIXTURES, 'arm64-6.1.192-tiny-build.config'), join(dir, 'a.config'));
    execFileSync('mkdir', [join(dir, 'subdir')]);
    const r = await cli(['inspect', dir, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.path, l.format])).toEqual([[join(dir, 'a.config'), 'unknown'], [join(dir, 'b.efi'), 'zboot']]);
    expect(lines[1].file.sha256).toBe(GZIP_SHA);
    // text mode heads each file as head(1) does
    const t = await cli(['inspect', dir]);
    expect(t.stdout).toContain(`==> ${join(dir, 'b.efi')} <==\n`);
  });

  it('a missing file: exit 1, the reason on stderr, and its line in a batch', async () => {
    const r = await cli(['inspect', '/nonexistent/vmlinuz.efi']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot read \/nonexistent\/vmlinuz\.efi: ENOENT/);
    const b = await cli(['inspect', '/nonexistent/vmlinuz.efi', GZIP, '--json']);
    expect(b.code).toBe(1);
    const [missing, ok] = b.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(missing).toMatchObject({ schemaVersion: 1, path: '/nonexistent/vmlinuz.efi', error: expect.stringMatching(/ENOENT/) });
    expect(ok.file.sha256).toBe(GZIP_SHA);
  });

  it('a payload that fails to decompress: exit 1, the codec error on stderr, innerError in JSON', async () => {
    // 4 KiB of the gzip stream zeroed: the headers stay valid, gzip's CRC32 no longer matches
    const bytes = new Uint8Array(fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'));
    bytes.fill(0, 0x80000, 0x81000);
    const file = join(mkdtempSync(join(tmpdir(), 'zbx-bad-')), 'corrupt.efi');
    writeFileSync(file, bytes);
    // the oracle: gzip itself refuses this payload (zboot payload at 0xb6a8, size 0x17b42b: the README's header dump)
    expect(() => execFileSync('gzip', ['-dc'], { input: bytes.subarray(0xb6a8, 0xb6a8 + 0x17b42b), stdio: ['pipe', 'ignore', 'ignore'] })).toThrow();
    const r = await cli(['inspect', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/decompression failed: gzip: /);
    const j = JSON.parse(r.stdout);
    expect(j.innerError).toMatch(/^gzip: /);
    expect(j.inner).toBeUndefined();
    const t = await cli(['inspect', file]);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/decompression failed: gzip: /);
  });

  it('a file whose headers are damaged exits 1 and names each error with its offset', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zbx-trunc-')), 'truncated.efi');
    writeFileSync(file, fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi').subarray(0, 300_000));
    const r = await cli(['inspect', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error at 0xc: zboot payload_size at 0xc: .* runs past the end of the file \(0x493e0\)/);
  });

  it('a file that is not a kernel is an answer, not a failure: exit 0', async () => {
    const r = await cli(['inspect', join(FIXTURES, 'arm64-6.1.192-tiny-build.config'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).format).toBe('unknown');
  });
});

describe('output', () => {
  it('text output carries the kexec verdicts JSON has', async () => {
    const [t, j] = await Promise.all([cli(['inspect', GZIP]), cli(['inspect', GZIP, '--json'])]);
    expect(t.code).toBe(0);
    for (const v of JSON.parse(j.stdout).kexec) {
      expect(t.stdout).toContain(`  ${v.route.padEnd(16)} ${v.verdict}${v.errno ? ` (${v.errno})` : ''}: ${v.message}\n`);
      expect(t.stdout).toContain(`[rule ${v.rule}; `);
    }
    // kexec-ground-truth/zboot-gzip-rejected: the real 6.12 tiny kernel (preset tiny-qemu, its own
    // config) refused this file with EINVAL; Debian 13's kernel, the default target, is built
    // without CONFIG_KEXEC_FILE, so there the syscall answers ENOSYS (kernel/sys_ni.c)
    expect(t.stdout).toMatch(/kexec_file_load {2}fails \(ENOSYS\)/);
    const tiny = await cli(['inspect', GZIP, '--target', 'preset=tiny-qemu']);
    expect(tiny.stdout).toMatch(/kexec_file_load {2}fails \(EINVAL\)/);
  });

  it('multi-megabyte JSON reaches a slow reader whole', async () => {
    const file = join(FIXTURES, 'riscv64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
    const args = ['inspect', ...Array<string>(64).fill(file), '--json'];
    const dir = mkdtempSync(join(tmpdir(), 'zbx-pipe-'));
    // the issue's reproduction: a reader that sleeps before it reads, behind a pipe
    execFileSync('sh', ['-c', `"$0" "$@" | (sleep 1; cat > "${dir}/slow")`, process.execPath, BIN, ...args]);
    execFileSync('sh', ['-c', `"$0" "$@" > "${dir}/file"`, process.execPath, BIN, ...args]);
    const slow = readFileSync(join(dir, 'slow'));
    expect(slow.length).toBeGreaterThan(2 << 20);
    expect(createHash('sha256').update(slow).digest('hex')).toBe(createHash('sha256').update(readFileSync(join(dir, 'file'))).digest('hex'));
    const lines = slow.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(64);
    // fixtures README: sha256sum of riscv64-6.12.117-tiny-zboot-zstd.vmlinuz.efi
    for (const l of lines) expect(JSON.parse(l).file.sha256).toBe(createHash('sha256').update(fixture('riscv64-6.12.117-tiny-zboot-zstd.vmlinuz.efi')).digest('hex'));
  });

  it('extract --out - writes the payload to stdout, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zbx-x-'));
    execFileSync('sh', ['-c', `"$0" "$1" extract "$2" --out - | (sleep 1; cat > "${dir}/Image")`, process.execPath, BIN, join(FIXTURES, 'arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi')], { stdio: ['ignore', 'ignore', 'ignore'] });
    // fixtures README: sha256 of the 6.1 lzo build's Image
    expect(createHash('sha256').update(readFileSync(join(dir, 'Image'))).digest('hex')).toBe('112128968370577b1576f6ff654ff4fb3ff881f131cfcb044a926a37fe0de0a9');
  });
});
