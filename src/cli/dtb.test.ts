// The built CLI with a real devicetree: every ground-truth run, given its own QEMU dtb and the
// loader that booted its first kernel, prints every segment and the dtb bufsz the kernel printed
// (shared/fixtures/kexec-ground-truth/*/case.json); `dtb` writes the devicetree byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli as run } from '../../tests/cli';
import { FIXTURES } from '../../tests/fixtures';

const cli = (...args: string[]) => run(args);
const GT = join(FIXTURES, 'kexec-ground-truth');
const DTBS = new URL('../../tests/devicetree/dtbs/', import.meta.url);

/**
 * The layout flags of a run: its first kernel's memory files, the sizes and command line it passed
 * (case.json), and — the contract — its own qemu-virt.dtb.gz as --dtb, with --efi-boot when
 * qemu-cmdline.txt boots through -bios. Nothing else is said of the first boot: the tool recognises
 * QEMU's machine dtb and finds QEMU's -initrd in the --iomem it was given anyway.
 */
function runArgs(name: string): string[] {
  const f = (n: string) => join(GT, name, n);
  const c = JSON.parse(readFileSync(f('case.json'), 'utf8'));
  const args = ['--memory', f('memblock_memory.txt'), '--reserved', f('memblock_reserved.txt'), '--iomem', f('iomem.txt'),
    '--image-size', '0x450000', '--kernel-size', c.inputs_printed_by_init.kernel_size, '--cmdline', c.inputs_printed_by_init.new_cmdline,
    '--dtb', f('qemu-virt.dtb.gz')];
  const seg = c.segments.find((s: { role: string }) => s.role === 'initrd');
  if (seg) args.push('--initrd-size', seg.bufsz);
  if (Number(c.extra_flags) & 2) args.push('--crash');
  if (readFileSync(f('qemu-cmdline.txt'), 'utf8').includes('-bios')) args.push('--efi-boot');
  return args;
}

describe('cli layout --dtb: the dtb the kernel builds, placed where it placed it', () => {
  const cases = readdirSync(GT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
    .filter((n) => JSON.parse(readFileSync(join(GT, n, 'case.json'), 'utf8')).syscall_result.errno === 0);
  it.each(cases)('%s: every segment mem/memsz and the dtb bufsz', async (name) => {
    const c = JSON.parse(readFileSync(join(GT, name, 'case.json'), 'utf8'));
    const r = await cli('layout', ...runArgs(name), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const pick = (s: { role: string; mem: string; memsz: string; bufsz: string }) => ({ role: s.role, mem: s.mem, memsz: s.memsz, ...(s.role === 'dtb' ? { bufsz: s.bufsz } : {}) });
    expect(j.segments.map(pick)).toEqual(c.segments.map(pick));
    // and it says what it took the dtb for
    expect(j.notes).toContain(`--dtb taken as ${readFileSync(join(GT, name, 'qemu-cmdline.txt'), 'utf8').includes('-bios') ? 'qemu-edk2' : 'qemu-direct'}`);
  });

  it('m512M-noinitrd told the dtb is already the booted one: QEMU\'s -initrd names are missing, 36 bytes short of the kernel\'s 0x1e5f', async () => {
    // "linux,initrd-start\0" + "linux,initrd-end\0" = 36 bytes of strings QEMU added and the
    // kernel never removes (fdt_delprop leaves names in the strings block, libfdt fdt_rw.c)
    const r = await cli('layout', ...runArgs('m512M-noinitrd'), '--dtb-origin', 'booted', '--json');
    const dtb = JSON.parse(r.stdout).segments.find((s: { role: string }) => s.role === 'dtb');
    // ("bootargs" is there either way: the kernel writes the new command line)
    expect(dtb.bufsz).toBe(`0x${(0x1e5f - 36).toString(16)}`);
  });

  it('m512M-noinitrd with its /proc/iomem as the memory map: QEMU\'s -initrd is found there too (0x1e5f)', async () => {
    const f = (n: string) => join(GT, 'm512M-noinitrd', n);
    const r = await cli('layout', '--memory', f('iomem.txt'), '--image-size', '0x450000', '--kernel-size', '4045312', '--cmdline', 'console=ttyAMA0 rdinit=/init kxstage=2', '--dtb', f('qemu-virt.dtb.gz'), '--json');
    const j = JSON.parse(r.stdout);
    expect(j.segments.find((s: { role: string }) => s.role === 'dtb').bufsz).toBe('0x1e5f'); // placed-segments.log
    expect(j.notes).toContain('--dtb: assumed QEMU\'s -initrd: 0x48000000-0x48548fff, reserved in the first kernel\'s iomem (its end page-rounded)');
  });

  it('--memory - (standard input) read once serves both the memory map and the dtb\'s iomem', async () => {
    // m512M-noinitrd's /proc/iomem on stdin: the map, and QEMU's -initrd in it (0x1e5f, placed-segments.log)
    const f = (n: string) => join(GT, 'm512M-noinitrd', n);
    const args = ['layout', '--memory', '-', '--image-size', '0x450000', '--cmdline', 'console=ttyAMA0 rdinit=/init kxstage=2', '--dtb', f('qemu-virt.dtb.gz'), '--json'];
    const r = await run(args, readFileSync(f('iomem.txt')));
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).segments.find((s: { role: string }) => s.role === 'dtb').bufsz).toBe('0x1e5f');
    const d = await run(['dtb', f('qemu-virt.dtb.gz'), '--memory', '-', '--image-size', '0x450000', '--json'], readFileSync(f('iomem.txt')));
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout).firstBoot.assumptions.join('\n')).toContain("QEMU's -initrd: 0x48000000-0x48548fff");
  });

  it('a file that is not a devicetree: exit 1 and the offset', async () => {
    const r = await cli('layout', '--preset', 'qemu-virt-1G', '--image-size', '0x450000', '--dtb', join(FIXTURES, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/offset 0x0: not a devicetree: magic 0x4d5a/);
  });
});

describe('cli dtb', () => {
  const qemuDirect = (extra: string[]) => cli('dtb', join(GT, 'm1G-initrd4M', 'qemu-virt.dtb.gz'), '--iomem', join(GT, 'm1G-initrd4M', 'iomem.txt'), ...extra, '--json').then((r) => JSON.parse(r.stdout));
  const chosenAfter = (j: { chosen: Array<{ name: string; after?: string }> }, n: string) => j.chosen.find((c) => c.name === n)?.after;

  it('--cmdline "" is an empty command line (cmdline_len 1): bootargs = "" — drivers/of/kexec.c tests the pointer; absent: bootargs deleted', async () => {
    expect(chosenAfter(await qemuDirect(['--cmdline', '']), 'bootargs')).toBe('""');
    expect(chosenAfter(await qemuDirect([]), 'bootargs')).toBeUndefined();
  });

  it('--efi-boot on a tree the stub already edited (linux,uefi-* present) does not run update_fdt() again', async () => {
    const r = await cli('dtb', fileURLToPath(new URL('qemu-efi-1G-stage1.dtb.gz', DTBS)), '--efi-boot', '--preset', 'qemu-virt-uefi-1G', '--json');
    const j = JSON.parse(r.stdout);
    expect(j.firstBoot.origin).toBe('booted');
    expect(j.bootChain.map((s: { call: string }) => s.call).join('\n')).not.toContain('update_fdt');
  });

  it('a /memreserve/ of the blob itself is dropped with --dtb-addr (fdt_find_and_del_mem_rsv(initial_boot_params_pa, totalsize)), suggested without', async () => {
    // a board tree carrying its own reservation, as U-Boot leaves it: dtc -S fixes the totalsize
    const dir = mkdtempSync(join(tmpdir(), 'dtb-rsv-'));
    const dts = execFileSync('dtc', ['-I', 'dtb', '-O', 'dts', '-q'], { input: gunzipSync(readFileSync(new URL('debian-6.1.192-juno-r2.dtb.gz', DTBS))) }).toString();
    writeFileSync(join(dir, 'rsv.dts'), dts.replace('/dts-v1/;', '/dts-v1/;\n/memreserve/ 0x9fe00000 0x8000;'));
    execFileSync('dtc', ['-I', 'dts', '-O', 'dtb', '-q', '-S', '0x8000', '-o', join(dir, 'rsv.dtb'), join(dir, 'rsv.dts')]);
    const base = ['--memory', join(GT, 'm1G-initrd4M', 'memblock_memory.txt'), '--image-size', '0x450000', '--json'];
    const without = JSON.parse((await cli('dtb', join(dir, 'rsv.dtb'), ...base)).stdout);
    const withPa = JSON.parse((await cli('dtb', join(dir, 'rsv.dtb'), ...base, '--dtb-addr', '0x9fe00000')).stdout);
    expect(without.notes.join('\n')).toContain('a /memreserve/ of the blob\'s own size (0x9fe00000)');
    // one struct fdt_reserve_entry less (16 bytes, scripts/dtc/libfdt/fdt.h)
    expect(Number(without.segment.bufsz) - Number(withPa.segment.bufsz)).toBe(16);
    expect(withPa.devicetree.steps.find((s: { call: string }) => s.call.startsWith('fdt_find_and_del_mem_rsv(fdt, initial_boot_params_pa 0x9fe00000')).result).toBe('0');
  });

  it('writes the second kernel\'s devicetree: the real kexec of tests/devicetree (bufsz 0x1e97), /chosen before → after', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dtb-')), 'next.dtb');
    const stage1 = join(mkdtempSync(join(tmpdir(), 'dtb-')), 'fdt');
    writeFileSync(stage1, gunzipSync(readFileSync(new URL('qemu-direct-1G-stage1.dtb.gz', DTBS))));
    // tests/devicetree/README.md: that run loaded a 0x48e9c-byte initrd with this command line
    const r = await cli('dtb', stage1, '--preset', 'qemu-virt-1G', '--initrd-size', '0x48e9c', '--cmdline', 'console=ttyAMA0 rdinit=/init kxstage=2', '--out', out, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.segment).toMatchObject({ mem: '0x7fe00000', bufsz: '0x1e97', memsz: '0x2000' });
    expect(j.chosen.find((x: { name: string }) => x.name === 'linux,initrd-start')).toMatchObject({ change: 'changed', before: '0x48000000', after: '0x40c50000' }); // QEMU's -initrd → the new one
    const written = readFileSync(out);
    const real = gunzipSync(readFileSync(new URL('qemu-direct-1G-stage2.dtb.gz', DTBS)));
    expect(written.length).toBe(real.length);
    // byte for byte but for the seeds (zeros here; the second kernel NOPed its rng-seed)
    let differ = 0;
    for (let i = 0; i < real.length; i++) if (written[i] !== real[i]) differ++;
    expect(differ).toBeLessThanOrEqual(8 + 140);
    const text = await cli('dtb', stage1, '--preset', 'qemu-virt-1G', '--initrd-size', '0x48e9c', '--tree');
    // no --cmdline: cmdline_len 0, so the kernel deletes bootargs
    expect(text.stdout).toMatch(/Loaded dtb at 0x7fe00000 bufsz=0x1e[0-9a-f]{2} memsz=0x2000/);
    expect(text.stdout).toContain('- bootargs: "console=ttyAMA0 kxexec=1"');
    expect(text.stdout).toContain('+ linux,booted-from-kexec');
    expect(text.stdout).toContain('\tchosen {');
  });
});
