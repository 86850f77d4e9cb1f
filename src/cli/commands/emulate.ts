// emulate FILE: runs an arm64 zboot image's own EFI stub under the emulated UEFI to the jump into
// the kernel (src/core/emulator/run.ts; docs/emulator.md) and reports what it did.
import { emulate, reportJson } from '../../core/emulator/run';
import { formatCall, isMemCall } from '../../core/emulator/uefi/trace';
import { hex, humanSize } from '../../core/bytes/hex';
import { usableMemory } from '../../core/kexec/memoryMap';
import { PRESETS } from '../../core/kexec/presets';
import { defineCommand } from '../command';
import { emit, readInput } from '../io';
import { jsonDocument } from '../json';
import { memoryMapFromValues } from './layoutOptions';

export default defineCommand({
  name: 'emulate',
  summary: "run an arm64 zboot image's own EFI stub under an emulated UEFI to the kernel entry",
  usage: 'FILE [options]',
  description: [
    "Executes the image's EFI stub instruction by instruction (AArch64) under a minimal UEFI on a",
    'QEMU virt machine (1 GiB at 0x40000000, EL1, no RNG, TPM or GOP) until it jumps into the',
    'decompressed kernel; prints the firmware calls in order, the console, where the kernel landed',
    '(with its sha256), the devicetree in x0 and the registers.',
    '',
    'Exit status: 0 when the kernel entry was reached; 1 when the run ended in an error or used up',
    'its budget, or FILE cannot be read; 2 on a usage error.',
  ].join('\n'),
  options: {
    memory: { kind: 'file', help: 'RAM from a memblock listing (debugfs memblock/memory) or /proc/iomem instead of QEMU virt 1 GiB' },
    preset: { kind: PRESETS.map((p) => p.id), arg: 'ID', help: `RAM of a built-in memory map: ${PRESETS.map((p) => p.id).join(', ')}` },
    dtb: { kind: 'file', help: 'devicetree handed over as the DEVICE_TREE configuration table (without one the stub generates an empty tree)' },
    initrd: { kind: 'file', help: 'initrd handed over through LoadFile2 on the LINUX_EFI_INITRD_MEDIA_GUID device path' },
    cmdline: { kind: 'string', help: 'kernel command line (LOADED_IMAGE LoadOptions)' },
    rng: { kind: 'boolean', help: 'emulate an EFI_RNG_PROTOCOL (deterministic bytes; see --rng-seed)' },
    'rng-seed': { kind: 'size', arg: 'N', help: 'seed of the emulated RNG (default 1; implies --rng)' },
    'secure-boot': { kind: 'boolean', help: 'report SecureBoot=1, SetupMode=0 from GetVariable' },
    'max-instructions': { kind: 'count', help: 'instruction budget (default 2000000000)' },
    'max-seconds': { kind: 'count', help: 'wall-clock budget (default 300)' },
    trace: { kind: 'boolean', help: 'text output: list CopyMem and SetMem calls too' },
    json: { kind: 'boolean', help: 'print JSON instead of text' },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    'zboot-explorer emulate vmlinuz.efi --dtb qemu-virt.dtb --initrd initrd.img --json',
    'zboot-explorer emulate vmlinuz.efi --preset qemu-virt-512M --rng --rng-seed 0x1234',
  ],
  async run({ values: v, positionals }) {
    const path = positionals[0] as string;
    const map = await memoryMapFromValues(v);
    // the guest's RAM: the map's usable ranges (inclusive ends) as base/size regions
    const ram = map && usableMemory(map).map((m) => ({ base: m.start, size: m.end - m.start + 1n }));
    const file = await readInput(path);
    const report = await emulate(file, {
      ram,
      dtb: v.dtb ? await readInput(v.dtb) : undefined,
      initrd: v.initrd ? await readInput(v.initrd) : undefined,
      cmdline: v.cmdline ?? '',
      rngSeed: v['rng-seed'] ?? (v.rng ? 1n : undefined),
      secureBoot: v['secure-boot'],
      maxInstructions: v['max-instructions'],
      maxSeconds: v['max-seconds'],
    });
    if (v.json) await emit(JSON.stringify(jsonDocument(reportJson(report)), null, 2) + '\n');
    else {
      const lines = [
        `${path}: ${report.exit}: ${report.reason}`,
        `${report.instructions.toLocaleString('en')} instructions in ${report.seconds.toFixed(2)} s`,
        '',
        'firmware calls:',
        ...report.services.filter((c) => v.trace || !isMemCall(c)).map((c) => `  ${formatCall(c)}`),
        ...(v.trace ? [] : [`  (${(report.counts.CopyMem ?? 0) + (report.counts.SetMem ?? 0)} CopyMem/SetMem calls not listed; --trace lists them)`]),
        '',
        'console:',
        ...report.messages.map((m) => `  ${m}`),
      ];
      if (report.image) lines.push('', `kernel: ${hex(report.image.addr)}, ${humanSize(report.image.size)} Image in a ${humanSize(report.image.buffer)} buffer, sha256 ${report.image.sha256}`);
      if (report.fdt) lines.push(`devicetree (x0): ${hex(report.fdt.addr)}, ${report.fdt.size} bytes`);
      const r = report.registers;
      lines.push(`pc ${hex(r.pc)}  x0 ${hex(r.x0)}  x1 ${hex(r.x1)}  x2 ${hex(r.x2)}  x3 ${hex(r.x3)}  sp ${hex(r.sp)}  EL${report.el}  MMU ${report.mmu ? 'on' : 'off'}`);
      lines.push(`stack peak ${report.stackPeak} B, pool peak ${report.poolPeak} B, ${report.pagesAllocated} pages held`);
      await emit(lines.join('\n') + '\n');
    }
    return report.exit === 'kernel-entry' ? 0 : 1;
  },
});
