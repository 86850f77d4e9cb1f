// The FDT reader against dtc (every node path and property, in order, as `dtc -I dtb -O dts`
// printed them: tests/oracles/devicetree/NAME.dtc-tree.txt, scripts/make-dtb-oracles.sh) on real
// devicetrees, then on broken and hostile ones: each gets an error naming the offset.
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { oracleText } from '../../../tests/fixtures';
import { decodeProperty, cellsOf } from './decode';
import { toDts } from './dts';
import { deviceTreeFacts } from './facts';
import { FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, Fdt } from './libfdt';
import { type FdtNode, FDT_READ_LIMIT, nodeAt, readFdt } from './reader';

const DTBS = new URL('../../../tests/devicetree/dtbs/', import.meta.url);
const load = (n: string) => new Uint8Array(gunzipSync(readFileSync(new URL(`${n}.dtb.gz`, DTBS))));
const names = readdirSync(DTBS).filter((f) => f.endsWith('.dtb.gz')).map((f) => f.replace(/\.dtb\.gz$/, ''));

function lines(n: FdtNode, out: string[] = []): string[] {
  out.push(`node ${n.path}`);
  for (const p of n.props) out.push(`prop ${n.path} ${p.name}`);
  for (const c of n.children) lines(c, out);
  return out;
}

describe('FDT reader on real devicetrees (oracle: dtc)', () => {
  it.each(names)('%s: the same nodes and properties, in order', (name) => {
    const r = readFdt(load(name));
    expect(r.errors).toEqual([]);
    expect(lines(r.fields!.root)).toEqual(oracleText(`devicetree/${name}.dtc-tree.txt`).trimEnd().split('\n'));
  });

  it('QEMU virt as a 6.12 kernel kept it: 11 NOP words where rng-seed was, one CPU, 1 GiB at 0x40000000', () => {
    const t = readFdt(load('qemu-direct-1G-stage1')).fields!;
    // fdt_nop_property() writes len + 12 = 44 bytes of FDT_NOP (drivers/of/fdt.c early_init_dt_scan_chosen())
    expect(t.nops).toBe(11);
    const f = deviceTreeFacts(t);
    expect(f.cpus).toBe(1);
    expect(f.memory).toEqual([{ node: '/memory@40000000', address: 0x40000000n, size: 0x40000000n }]);
    // `fdtget -t s qemu-direct-1G-stage1.dtb /chosen bootargs` → console=ttyAMA0 kxexec=1
    const chosen = nodeAt(t.root, '/chosen')!;
    const cells = cellsOf(t.root);
    expect(decodeProperty(chosen.props.find((p) => p.name === 'bootargs')!, cells, cells).display).toBe('"console=ttyAMA0 kxexec=1"');
  });

  it('Raspberry Pi 4 (Debian 6.1.192): its /memreserve/, its CPUs and /reserved-memory', () => {
    const t = readFdt(load('debian-6.1.192-bcm2711-rpi-4-b')).fields!;
    // `dtc -I dtb -O dts`: /memreserve/ 0x0000000000000000 0x0000000000001000;
    expect(t.reservations.map(({ address, size }) => [address, size])).toEqual([[0n, 0x1000n]]);
    const f = deviceTreeFacts(t);
    expect(f.cpus).toBe(4); // `fdtget -l bcm2711-rpi-4-b.dtb /cpus`: cpu@0..cpu@3
    expect(f.reservedMemory.map((r) => r.node)).toEqual(['/reserved-memory/linux,cma']);
  });
});

/** A minimal valid blob to break: header, empty reservation block, one root with one property. */
function tiny(): Uint8Array {
  const st = [FDT_BEGIN_NODE, 0, FDT_PROP, 4, 0, 0x12345678, FDT_END_NODE, 9];
  const strings = new TextEncoder().encode('x\0');
  const b = new Uint8Array(40 + 16 + st.length * 4 + strings.length);
  const dv = new DataView(b.buffer);
  [0xd00dfeed, b.length, 56, 56 + st.length * 4, 40, 17, 16, 0, strings.length, st.length * 4].forEach((v, i) => dv.setUint32(i * 4, v));
  st.forEach((v, i) => dv.setUint32(56 + i * 4, v));
  b.set(strings, 56 + st.length * 4);
  return b;
}

describe('FDT reader on broken and hostile blobs', () => {
  const err = (b: Uint8Array) => readFdt(b).errors[0];
  it('the tiny blob itself is fine', () => expect(readFdt(tiny()).errors).toEqual([]));
  it('not a devicetree', () => expect(err(new Uint8Array(64))).toMatchObject({ offset: 0, message: expect.stringMatching(/magic 0x00000000/) }));
  it('truncated: totalsize past the end of the file', () => {
    expect(err(tiny().subarray(0, 70))).toMatchObject({ offset: 4, message: expect.stringMatching(/runs past the end of the 0x46-byte file/) });
  });
  it('overlapping blocks: strings inside the structure', () => {
    const b = tiny();
    new DataView(b.buffer).setUint32(12, 60);
    expect(err(b)).toMatchObject({ offset: 12, message: expect.stringMatching(/overlaps the structure block/) });
  });
  it('a property length running past the structure block', () => {
    const b = tiny();
    new DataView(b.buffer).setUint32(56 + 12, 0xfffffff0);
    expect(err(b)).toMatchObject({ offset: 68, message: expect.stringMatching(/runs past the structure block/) });
  });
  it('a name offset past the strings block', () => {
    const b = tiny();
    new DataView(b.buffer).setUint32(56 + 16, 99);
    expect(err(b)).toMatchObject({ offset: 64 + 8, message: expect.stringMatching(/name offset 0x63/) });
  });
  it('nodes that never close (a "loop" of BEGIN_NODEs): an error at the end, never a hang', () => {
    const n = 20_000;
    const b = new Uint8Array(40 + 16 + 8 * n + 4);
    const dv = new DataView(b.buffer);
    [0xd00dfeed, b.length, 56, b.length, 40, 17, 16, 0, 0, 8 * n].forEach((v, i) => dv.setUint32(i * 4, v));
    for (let i = 0; i < n; i++) dv.setUint32(56 + 8 * i, FDT_BEGIN_NODE);
    expect(err(b)).toMatchObject({ message: expect.stringMatching(/deeper than 64 \(FDT_MAX_DEPTH/) });
  });
  it('an unknown token names its offset', () => {
    const b = tiny();
    new DataView(b.buffer).setUint32(56 + 24, 7);
    expect(err(b)).toMatchObject({ offset: 80, message: expect.stringMatching(/unknown structure token 0x00000007/) });
  });
  it('a 100 MiB totalsize is refused before anything is read', () => {
    const b = tiny();
    new DataView(b.buffer).setUint32(4, 100 << 20);
    expect(FDT_READ_LIMIT).toBeLessThan(100 << 20);
    expect(err(b)).toMatchObject({ offset: 4, message: expect.stringMatching(/100 MiB\) is beyond what this reader takes/) });
  });
  it('libfdt refuses to edit a truncated blob instead of running past it', () => {
    const f = new Fdt(tiny().subarray(0, 60));
    expect(f.setpropU32(0, 'y', 1)).toBeLessThan(0);
  });
});

describe('devicetree source (the view\'s .dts download)', () => {
  it.each(['qemu-efi-1G-stage2', 'debian-6.1.192-bcm2711-rpi-4-b'])('%s: exactly what dtc -I dtb -O dts prints', (name) => {
    expect(toDts(readFdt(load(name)).fields!)).toBe(oracleText(`devicetree/${name}.dts`));
  });
});
