// Real files from the fixtures, each classified by content as the drop target routes it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../tests/fixtures';
import { SNIFF_BYTES, classifyDrop } from './dropKind';

const gt = join(FIXTURES, 'kexec-ground-truth', 'm512M-noinitrd');
const sniff = (name: string, bytes: Uint8Array) => classifyDrop(name, bytes.subarray(0, SNIFF_BYTES), bytes.length);

describe('classifyDrop', () => {
  it('kernel images are images', () => {
    for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.vmlinuz.efi'))) expect(sniff(f, readFileSync(join(FIXTURES, f))), f).toEqual({ kind: 'image' });
  });
  it('debugfs memblock listings, memory or reserved by the name', () => {
    const mem = readFileSync(join(gt, 'memblock_memory.txt'));
    const res = readFileSync(join(gt, 'memblock_reserved.txt'));
    expect(sniff('memblock_memory.txt', mem)).toEqual({ kind: 'memblock', list: 'memory' });
    expect(sniff('memblock_reserved.txt', res)).toEqual({ kind: 'memblock', list: 'reserved' });
    // /sys/kernel/debug/memblock/reserved copied under its own name
    expect(sniff('/sys/kernel/debug/memblock/reserved', res)).toEqual({ kind: 'memblock', list: 'reserved' });
    expect(sniff('listing.txt', res)).toEqual({ kind: 'memblock' });
  });
  it('/proc/iomem', () => {
    expect(sniff('iomem.txt', readFileSync(join(gt, 'iomem.txt')))).toEqual({ kind: 'iomem' });
  });
  it('a devicetree blob, with its header totalsize (QEMU virt pads its dtb to 1 MiB: 0x100000)', () => {
    const dtb = gunzipSync(readFileSync(join(gt, 'qemu-virt.dtb.gz')));
    expect(sniff('fdt', dtb)).toEqual({ kind: 'dtb', totalSize: 0x100000 });
    expect(sniff('qemu-virt.dtb.gz', readFileSync(join(gt, 'qemu-virt.dtb.gz')))).toEqual({ kind: 'dtb', gzipped: true });
    // any other gzip file is an image for the inspector (which names a gzip stream)
    expect(sniff('something.gz', readFileSync(join(gt, 'qemu-virt.dtb.gz')))).toEqual({ kind: 'image' });
  });
  it('a kernel .config (the one the 6.12 fixtures were built with; a Debian one, gunzipped)', () => {
    const f = 'arm64-6.12.117-tiny-gzip-build.config';
    expect(sniff(f, readFileSync(join(FIXTURES, f)))).toEqual({ kind: 'kconfig' });
    const deb = gunzipSync(readFileSync(join(FIXTURES, 'distro-configs', 'config-6.12.117+deb13-arm64.gz')));
    expect(sniff('config-6.12.117+deb13-arm64', deb)).toEqual({ kind: 'kconfig' });
    // gzipped as /proc/config.gz is (CONFIG_IKCONFIG_PROC) and as distro-configs/ keeps them; a
    // gzipped kernel (Debian's vmlinuz.gz) stays an image
    const gz = readFileSync(join(FIXTURES, 'distro-configs', 'config-6.12.117+deb13-arm64.gz'));
    expect(sniff('config.gz', gz)).toEqual({ kind: 'kconfig' });
    expect(sniff('/proc/config.gz', gz)).toEqual({ kind: 'kconfig' });
    expect(sniff('config-6.12.117+deb13-arm64.gz', gz)).toEqual({ kind: 'kconfig' });
    expect(sniff('debian-6.1.0-50-arm64-vmlinuz.gz', readFileSync(join(FIXTURES, 'debian-6.1.0-50-arm64-vmlinuz.gz')))).toEqual({ kind: 'image' });
  });
  it('a snapshot export', () => {
    expect(sniff('x.snapshot.json', new TextEncoder().encode('{"v":1}'))).toEqual({ kind: 'snapshot' });
  });
  it('binary that is none of these is handed to the image inspector', () => {
    expect(sniff('random.bin', new Uint8Array([1, 2, 3, 0, 5]))).toEqual({ kind: 'image' });
    expect(sniff('empty', new Uint8Array())).toEqual({ kind: 'image' });
  });
});
