// phases: the handoff from the syscall to the new kernel's first instruction, phase by phase.
import { phases } from '../../core/handoff/phases';
import { layoutJson } from '../../core/kexec/layout';
import { defineCommand } from '../command';
import { emit } from '../io';
import { jsonDocument } from '../json';
import { LAYOUT_OPTIONS, layoutFromValues } from './layoutOptions';

export default defineCommand({
  name: 'phases',
  summary: 'the handoff from kexec to the new kernel, with the CPU state of each phase',
  usage: '[--mode upstream|zboot-proposal] [--crash] [layout options] [options]',
  description: [
    'Lists the phases between the syscall and primary_entry (or, in the not-merged proposal,',
    'efi_zboot_entry) over a layout: by default QEMU virt 1 GiB and the tiny 6.12 Image',
    '(image_size 0x450000); --crash defaults the crashkernel region to 0x76e00000-0x7edfffff.',
    '',
    'Exit status: 0 when printed; 1 when an input cannot be read or parsed; 2 on a usage error.',
  ].join('\n'),
  // the layout options, with --mode narrowed to the two handoff paths
  options: {
    ...LAYOUT_OPTIONS,
    mode: { kind: ['upstream', 'zboot-proposal'] as const, help: 'the handoff path (default upstream)' },
    json: { kind: 'boolean', help: 'print JSON instead of text' },
  },
  positionals: { min: 0, max: 0 },
  examples: ['zboot-explorer phases --mode upstream --crash --json'],
  async run({ values }) {
    const mode = values.mode ?? 'upstream';
    const l = await layoutFromValues(values, true);
    if (typeof l === 'number') return l;
    const crash = values.crash ?? false;
    const ps = phases({ path: mode, crash, layout: l });
    if (values.json) {
      await emit(JSON.stringify(jsonDocument({ path: mode, crash, layout: layoutJson(l), phases: ps }), null, 2) + '\n');
      return 0;
    }
    let s = '';
    for (const [i, p] of ps.entries()) s += `${String(i + 1).padStart(2)}. ${p.title}${p.proposal ? ' [proposal]' : ''}\n    ${p.functions.join(', ')} — ${p.sources.join(', ')}\n    MMU ${p.cpu.mmu}; ${Object.entries(p.cpu.registers).map(([k, v]) => `${k}=${v}`).join(' ')}\n`;
    await emit(s);
    return 0;
  },
});
