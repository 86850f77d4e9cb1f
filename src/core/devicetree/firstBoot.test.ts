// Telling QEMU virt's machine dtb from a booted one, and finding QEMU's -initrd in the first
// kernel's iomem: on the real blobs of tests/devicetree/README.md and the ground truth's files.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../tests/fixtures';
import { parseIomem } from '../kexec/memoryText';
import { applyBootChain } from './bootChain';
import { deviceTreeFacts } from './facts';
import { qemuInitrdFromIomem, qemuMachineDtb, resolveFirstBoot } from './firstBoot';
import { fdtOpenInto } from './libfdt';
import { readFdt } from './reader';

const DTBS = new URL('../../../tests/devicetree/dtbs/', import.meta.url);
const GT = join(FIXTURES, 'kexec-ground-truth');
const tree = (b: Buffer) => readFdt(new Uint8Array(gunzipSync(b))).fields!;
const dtb = (n: string) => tree(readFileSync(new URL(`${n}.dtb.gz`, DTBS)));

describe('qemuMachineDtb', () => {
  it.each(readdirSync(GT).filter((n) => !n.endsWith('.md')))('%s/qemu-virt.dtb.gz, as QEMU dumped it, is QEMU virt\'s machine dtb', (n) => {
    expect(qemuMachineDtb(tree(readFileSync(join(GT, n, 'qemu-virt.dtb.gz'))))).toEqual({ edited: false });
  });
  // /sys/firmware/fdt of kernels QEMU booted (directly, and through EDK2): the kernel NOPed
  // rng-seed; QEMU wrote bootargs, EDK2's stub the linux,uefi-* properties
  it.each(['qemu-direct-1G-stage1', 'qemu-direct-1G-stage2', 'qemu-efi-1G-stage1', 'qemu-efi-1G-stage2'])('%s (a /sys/firmware/fdt) is not', (n) => {
    expect(qemuMachineDtb(dtb(n))).toBeUndefined();
  });
  it.each(['debian-6.1.192-bcm2711-rpi-4-b', 'debian-6.1.192-juno-r2', 'debian-6.1.192-sun50i-a64-pine64-plus'])('%s (a board dtb) is not', (n) => {
    expect(qemuMachineDtb(dtb(n))).toBeUndefined();
  });
  it('a dump taken with -append/-initrd (QEMU\'s edits in, rng-seed still there) is one, edited', () => {
    // what `-machine dumpdtb` writes for such a command line: the ground truth's tree with
    // arm_load_dtb()'s three properties, made with the libfdt-faithful editor
    const q = new Uint8Array(gunzipSync(readFileSync(join(GT, 'm1G-initrd4M', 'qemu-virt.dtb.gz'))));
    const o = fdtOpenInto(q, q.length);
    if ('error' in o) throw new Error('open');
    const chosen = o.fdt.pathOffset('/chosen');
    expect(o.fdt.setpropString(chosen, 'bootargs', 'console=ttyAMA0')).toBe(0);
    expect(o.fdt.setpropU32(chosen, 'linux,initrd-start', 0x48000000)).toBe(0);
    expect(o.fdt.setpropU32(chosen, 'linux,initrd-end', 0x48400000)).toBe(0);
    const dump = readFdt(o.fdt.bytes()).fields!;
    expect(qemuMachineDtb(dump)).toEqual({ edited: true });
    // the same once a kernel booted with it (rng-seed NOPed): a /sys/firmware/fdt
    const booted = readFdt(applyBootChain(o.fdt.bytes(), {}).blob!).fields!;
    expect(qemuMachineDtb(booted)).toBeUndefined();
    const d = resolveFirstBoot(dump, deviceTreeFacts(dump), { origin: 'auto' });
    expect(d).toMatchObject({ origin: 'qemu-direct', chain: {} });
  });
});

describe('qemuInitrdFromIomem', () => {
  // QEMU 7.2 put -initrd at RAM base + min(RAM/2, 128 MiB) = 0x48000000 on both machines; the
  // first kernel's iomem.txt shows "48000000-48548fff : reserved" under System RAM
  it.each([['m512M-noinitrd', 0x20000000n], ['m1G-initrd4M', 0x40000000n]])('%s: 0x48000000-0x48548fff', (n, ram) => {
    const io = parseIomem(readFileSync(join(GT, n, 'iomem.txt'), 'utf8')).roots;
    const t = tree(readFileSync(join(GT, n, 'qemu-virt.dtb.gz')));
    expect(deviceTreeFacts(t).memory).toEqual([{ node: '/memory@40000000', address: 0x40000000n, size: ram }]);
    expect(qemuInitrdFromIomem(io, deviceTreeFacts(t).memory)).toEqual({ start: 0x48000000n, end: 0x48549000n });
  });
  it('an iomem with nothing reserved there: none', () => {
    const io = parseIomem('40000000-7fffffff : System RAM\n  40210000-41d6ffff : Kernel code\n').roots;
    expect(qemuInitrdFromIomem(io, [{ node: '/memory@40000000', address: 0x40000000n, size: 0x40000000n }])).toBeUndefined();
  });
});

describe('resolveFirstBoot', () => {
  const q = tree(readFileSync(join(GT, 'm1G-initrd4M', 'qemu-virt.dtb.gz')));
  const f = deviceTreeFacts(q);
  it('auto on QEMU\'s dtb: -kernel, or EDK2 and the stub with --efi-boot; said as assumptions', () => {
    const d = resolveFirstBoot(q, f, { origin: 'auto' });
    expect(d.origin).toBe('qemu-direct');
    expect(d.chain).toEqual({ qemuDirect: { cmdline: 'console=ttyAMA0' } });
    expect(d.assumptions.join('\n')).toMatch(/no -initrd/);
    const e = resolveFirstBoot(q, f, { origin: 'auto', efiBoot: true, cmdline: 'console=ttyAMA0 initrd=initrd' });
    expect(e).toMatchObject({ origin: 'qemu-edk2', chain: { edk2: true, efiStub: { cmdline: 'console=ttyAMA0 initrd=initrd', secureBoot: 2 } } });
  });
  it('auto on a booted blob: nothing, or the stub alone with --efi-boot; an explicit origin wins', () => {
    const b = dtb('qemu-direct-1G-stage1');
    expect(resolveFirstBoot(b, deviceTreeFacts(b), { origin: 'auto' })).toEqual({ origin: 'booted', chain: {}, assumptions: [] });
    expect(resolveFirstBoot(b, deviceTreeFacts(b), { origin: 'auto', efiBoot: true }).origin).toBe('efi-stub');
    expect(resolveFirstBoot(q, f, { origin: 'booted' }).chain).toEqual({});
  });
});
