// libfdt-faithful editing against the kernel's own libfdt: tests/devicetree/edits.ops applied to
// real devicetrees (Debian 6.1.192 arm64 board dtbs, QEMU virt as generated and as two real
// kernels kept it in /sys/firmware/fdt, a version-16 and a misordered variant) must give, call
// by call, the return code and block sizes the C harness printed (tests/oracles/devicetree/
// NAME.libfdt.txt, scripts/make-dtb-oracles.sh), and in the end the same bytes (NAME.sha256).
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES, oracleText } from '../../../tests/fixtures';
import { sha256Sync, toHex } from '../bytes/sha256';
import { Fdt, fdtOpenInto } from './libfdt';

const DTBS = new URL('../../../tests/devicetree/dtbs/', import.meta.url);
const OPS = readFileSync(new URL('../../../tests/devicetree/edits.ops', import.meta.url), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

function inputs(): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = readdirSync(DTBS).filter((f) => f.endsWith('.dtb.gz')).map((f) => [f.replace(/\.dtb\.gz$/, ''), new Uint8Array(gunzipSync(readFileSync(new URL(f, DTBS))))]);
  out.push(['ground-truth-m1G-initrd4M-qemu-virt', new Uint8Array(gunzipSync(readFileSync(`${FIXTURES}/kexec-ground-truth/m1G-initrd4M/qemu-virt.dtb.gz`)))]);
  return out;
}

/** Runs the ops as libfdt-oracle.c does and prints the same lines. */
function run(input: Uint8Array): { lines: string[]; out: Uint8Array } {
  let fdt = new Fdt(input);
  const lines: string[] = [];
  for (const line of OPS) {
    const [op, a = '', b = '', c = '', d = ''] = line.split(' ');
    const str = /"([^"]*)"/.exec(line)?.[1] ?? '';
    const node = a.startsWith('/') ? fdt.pathOffset(a) : 0;
    let r: number;
    if (op === 'open_into') {
      const o = fdtOpenInto(input, fdt.totalsize + Number(a));
      if ('error' in o) r = o.error;
      else {
        fdt = o.fdt;
        r = 0;
      }
    } else if (node < 0 && !['add_mem_rsv', 'del_mem_rsv', 'pack'].includes(op as string)) r = node;
    else if (op === 'setprop_string') r = fdt.setpropString(node, b, str);
    else if (op === 'setprop_u64') r = fdt.setpropU64(node, b, BigInt(c));
    else if (op === 'setprop_u32') r = fdt.setpropU32(node, b, Number(c));
    else if (op === 'setprop_empty') r = fdt.setprop(node, b, new Uint8Array(0));
    else if (op === 'setprop_placeholder') r = fdt.setprop(node, b, new Uint8Array(Number(c)).fill(0xa5));
    else if (op === 'appendprop_addrrange') r = fdt.appendpropAddrrange(0, node, b, BigInt(c), BigInt(d));
    else if (op === 'delprop') r = fdt.delprop(node, b);
    else if (op === 'nop_property') r = fdt.nopProperty(node, b);
    else if (op === 'add_subnode') r = Math.min(0, fdt.addSubnode(node, b));
    else if (op === 'del_node') r = fdt.delNode(node);
    else if (op === 'nop_node') r = fdt.nopNode(node);
    else if (op === 'add_mem_rsv') r = fdt.addMemRsv(BigInt(a), BigInt(b));
    else if (op === 'del_mem_rsv') r = fdt.delMemRsv(Number(a));
    else if (op === 'pack') r = fdt.pack();
    else throw new Error(`unknown op ${op}`);
    lines.push(`${line} -> ${r} struct=${fdt.hdr('sizeDtStruct')} strings=${fdt.hdr('sizeDtStrings')} rsv=${fdt.numMemRsv()} total=${fdt.totalsize}`);
  }
  return { lines, out: fdt.bytes() };
}

describe('libfdt semantics, against the kernel\'s libfdt (6.12) built from source', () => {
  const all = inputs();
  it('has the real devicetrees', () => expect(all.length).toBeGreaterThanOrEqual(10));
  it.each(all)('%s: every call\'s result and block sizes, then the same final bytes', (name, input) => {
    const { lines, out } = run(input);
    expect(lines).toEqual(oracleText(`devicetree/${name}.libfdt.txt`).trimEnd().split('\n'));
    expect(toHex(sha256Sync(out))).toBe(oracleText(`devicetree/${name}.sha256`).split(' ')[0]);
  });
});
