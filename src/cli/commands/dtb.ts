// dtb FILE: the devicetree the second kernel receives in x0 — built from FILE as
// of_kexec_alloc_and_setup_fdt() does, placed as load_other_segments() does — and, with --out,
// written byte for byte.
import { writeFile } from 'node:fs/promises';
import { hex } from '../../core/bytes/hex';
import { toDts } from '../../core/devicetree/dts';
import { chosenDiff } from '../../core/devicetree/prepare';
import { readFdt } from '../../core/devicetree/reader';
import { fdtSummaryJson, treeJson } from '../../core/devicetree/report';
import { InputError, defineCommand } from '../command';
import { emit, warn } from '../io';
import { jsonDocument } from '../json';
import { LAYOUT_OPTIONS, devicetreeFromValues, layoutFromValues } from './layoutOptions';

// FILE is the devicetree: the layout options but --dtb and --dtb-size
const LAYOUT = Object.fromEntries(Object.entries(LAYOUT_OPTIONS).filter(([k]) => k !== 'dtb' && k !== 'dtb-size')) as Omit<typeof LAYOUT_OPTIONS, 'dtb' | 'dtb-size'>;

export default defineCommand({
  name: 'dtb',
  summary: 'the devicetree the second kernel gets: /chosen before → after, the libfdt calls, the tree; --out writes it',
  usage: 'FILE|- [--efi-boot | --dtb-origin O] [layout options] [--out NEW.dtb] [--tree] [--json]',
  description: [
    'FILE is the devicetree the running kernel booted with (/sys/firmware/fdt), or the one handed',
    'to it: --efi-boot says the kernel\'s EFI stub edited it first (update_fdt()). QEMU virt\'s',
    'machine dtb (-machine dumpdtb) is recognised and edited as QEMU -kernel (arm_load_dtb()) or,',
    'with --efi-boot, EDK2 and the stub would; --dtb-origin overrides the guess. What was assumed',
    'is printed. A .dtb.gz is inflated. The layout',
    'options (default: the qemu-virt-1G preset and the tiny 6.12 Image) say where the initrd and',
    'elfcorehdr go, which the new /chosen records. Seeds are zeros: the kernel\'s are random.',
    '',
    'Exit status: 0 when the devicetree was built or the kernel would refuse it (its error is',
    'printed); 1 when FILE cannot be read or is not a devicetree, or --out cannot be written;',
    '2 on a usage error.',
  ].join('\n'),
  options: {
    ...LAYOUT,
    out: { kind: 'file', short: 'o', arg: 'NEW.dtb', help: 'write the second kernel\'s devicetree there' },
    tree: { kind: 'boolean', help: 'print the whole devicetree as source (dtc -O dts style)' },
    json: { kind: 'boolean', help: 'print JSON instead of text' },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    'zboot-explorer dtb /sys/firmware/fdt --memory memblock_memory.txt --reserved memblock_reserved.txt --image-size 0x450000 --initrd-size 4M --cmdline "console=ttyAMA0" --out next.dtb',
    'zboot-explorer dtb qemu-virt.dtb.gz --iomem iomem.txt --initrd-size 4M --json',
  ],
  async run({ values, positionals }) {
    const file = positionals[0] as string;
    const dt = await devicetreeFromValues({ ...values, dtb: file });
    if (typeof dt === 'number' || !dt) return 1;
    const l = await layoutFromValues(values, true, dt);
    if (typeof l === 'number') return l;
    const seg = l.segments.find((s) => s.role === 'dtb');
    const built = l.dtb;
    const after = built?.dtb ? readFdt(built.dtb).fields : undefined;
    const chosen = after ? chosenDiff(dt.bootedTree, after) : [];
    if (values.out !== undefined && built?.dtb) {
      try {
        await writeFile(values.out, built.dtb);
      } catch (e) {
        throw new InputError(`dtb: cannot write ${values.out}: ${e instanceof Error ? e.message : String(e)}`);
      }
      warn(`dtb: wrote ${built.dtb.length} bytes to ${values.out}`);
    }
    if (values.json) {
      await emit(JSON.stringify(jsonDocument({
        input: { file, ...fdtSummaryJson(dt.input) },
        booted: fdtSummaryJson(dt.bootedTree),
        firstBoot: dt.firstBoot,
        bootChain: dt.chainSteps,
        facts: { cpus: dt.facts.cpus, memory: dt.facts.memory.map((m) => ({ node: m.node, address: hex(m.address), size: hex(m.size) })), reservedMemory: dt.facts.reservedMemory.map((r) => ({ node: r.node, ...(r.address !== undefined ? { address: hex(r.address), size: hex(r.size as bigint) } : {}), noMap: r.noMap, reusable: r.reusable })) },
        ...(seg ? { segment: { mem: hex(seg.mem), memsz: hex(seg.memsz), bufsz: hex(seg.bufsz) } } : {}),
        ...(l.error ? { error: l.error, errno: l.errno } : {}),
        ...(built ? { devicetree: { ...(built.dtb ? { size: built.dtb.length } : {}), bufferSize: built.bufferSize, steps: built.steps, ...(built.error ? { error: built.error } : {}) } } : {}),
        chosen,
        notes: l.notes,
        ...(after && values.tree ? { tree: treeJson(after) } : {}),
        ...(values.out !== undefined && built?.dtb ? { out: values.out } : {}),
      }), null, 2) + '\n');
      return 0;
    }
    let s = `${file}: devicetree v${dt.input.header.version}, totalsize ${hex(dt.input.header.totalsize)}; ${dt.facts.cpus} CPU(s)`;
    s += dt.facts.memory.length ? `, memory ${dt.facts.memory.map((m) => `${hex(m.address)}+${hex(m.size)}`).join(' ')}\n` : '\n';
    s += `taken as: ${dt.firstBoot.origin}\n`;
    for (const a of dt.firstBoot.assumptions) s += `  assumed: ${a}\n`;
    for (const st of dt.chainSteps) s += `  before the kernel: ${st.call} = ${st.result}${st.effect ? ` (${st.effect})` : ''}\n`;
    s += `the running kernel's devicetree: totalsize ${hex(dt.bootedTree.header.totalsize)}\n`;
    if (l.error) s += `error: ${l.error}\n`;
    if (seg) s += `dtb segment: mem ${hex(seg.mem)}  memsz ${hex(seg.memsz)}  bufsz ${hex(seg.bufsz)} (Loaded dtb at ${hex(seg.mem)} bufsz=${hex(seg.bufsz)} memsz=${hex(seg.memsz)})\n`;
    if (built) {
      s += 'of_kexec_alloc_and_setup_fdt():\n';
      for (const st of built.steps) s += `  ${st.call} = ${st.result}${st.effect ? ` (${st.effect})` : ''}\n`;
    }
    if (chosen.length) {
      s += '/chosen, running kernel → second kernel:\n';
      const mark = { added: '+', removed: '-', changed: '~', same: ' ' };
      for (const r of chosen) s += `  ${mark[r.change]} ${r.name}: ${r.change === 'changed' ? `${r.before} → ${r.after}` : (r.after ?? r.before)}${r.source ? `  [${r.source}]` : ''}\n`;
    }
    for (const n of l.notes) s += `note: ${n}\n`;
    if (after && values.tree) s += '\n' + toDts(after);
    await emit(s);
    return 0;
  },
});
