// layout: where arm64 kexec_file_load places each segment, over a memory map.
import { layoutJson } from '../../core/kexec/layout';
import { defineCommand } from '../command';
import { emit } from '../io';
import { jsonDocument } from '../json';
import { LAYOUT_OPTIONS, layoutFromValues } from './layoutOptions';

export default defineCommand({
  name: 'layout',
  summary: 'where arm64 kexec_file_load places the kernel, initrd, dtb and ELF core header',
  usage: '(--memory FILE [--reserved FILE] [--iomem FILE] | --preset ID) (--image FILE | --image-size N …) [options]',
  description: [
    'Places the segments exactly as kexec_add_buffer()/locate_mem_hole_*() do over the free memblock',
    'ranges, in the order the kernel adds them, with the reason for each address.',
    '',
    'Exit status: 0 when the layout was computed, including one the kernel would refuse (its errno',
    'and message are printed: "error" in JSON); 1 when an input cannot be read or parsed; 2 on a',
    'usage error.',
  ].join('\n'),
  options: { ...LAYOUT_OPTIONS, json: { kind: 'boolean', help: 'print JSON instead of a table' } },
  positionals: { min: 0, max: 0 },
  examples: [
    'zboot-explorer layout --memory memblock_memory.txt --reserved memblock_reserved.txt --image vmlinuz.efi --mode kexec-tools --initrd-size 64M --json',
    'zboot-explorer layout --preset qemu-virt-1G --image-size 0x450000 --crash --crash-region 0x76e00000-0x7edfffff',
  ],
  async run({ values }) {
    const l = await layoutFromValues(values);
    if (typeof l === 'number') return l;
    const j = layoutJson(l);
    if (values.json) {
      await emit(JSON.stringify(jsonDocument(j), null, 2) + '\n');
      return 0;
    }
    let s = '';
    for (const seg of j.segments) s += `${seg.role.padEnd(12)} mem ${seg.mem.padStart(12)}  memsz ${seg.memsz.padStart(10)}  bufsz ${seg.bufsz.padStart(10)}  align ${seg.align}\n`;
    if (j.error) s += `error: ${j.error}\n`;
    for (const n of j.notes) s += `note: ${n}\n`;
    await emit(s);
    return 0;
  },
});
