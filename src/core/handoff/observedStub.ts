// The proposal path's stub phases from a real run of the image's own EFI stub (emulator/run.ts)
// instead of the model: the trace is cut where the stub's work changes, each cut found in the
// trace itself, and every phase lists the firmware calls it made, in order.
//   - decompression is the longest stretch of instructions without a firmware call (the
//     decompressor calls nothing: lib/decompress_*.c via libstub/zboot.c efi_zboot_decompress(),
//     6.1 inside zboot's LoadFile2 callback);
//   - allocate_new_fdt_and_exit_boot() (libstub/fdt.c) prints "Exiting boot services..." and
//     then allocates the new FDT's buffer: the cut is the message, or — 7.2 prints nothing at its
//     default log level (printk.c efi_loglevel = LOGLEVEL_NOTICE) — the AllocatePages holding
//     the FDT that reached the kernel in x0;
//   - the run ends at the branch into the Image (arm64: libstub/arm64-entry.S / efi-entry.S).
import { hex } from '../bytes/hex';
import type { EmulationReport } from '../emulator/run';
import type { ServiceCall } from '../emulator/uefi/trace';
import type { CpuState, Liveness, Phase } from './phases';

/** `name(args) = status`, repeats of one name folded into `name ×N` (CopyMem, SetMem). */
export function summarizeCalls(calls: ServiceCall[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < calls.length;) {
    const c = calls[i] as ServiceCall;
    let j = i + 1;
    while (j < calls.length && (calls[j] as ServiceCall).name === c.name && (calls[j] as ServiceCall).depth === c.depth) j++;
    const indent = '  '.repeat(c.depth);
    if (j - i > 2) out.push(`${indent}${c.name} ×${j - i}`);
    else for (const d of calls.slice(i, j)) out.push(`${indent}${d.name}(${Object.entries(d.args).map(([k, v]) => `${k}=${v}`).join(', ')}) = ${d.status}`);
    i = j;
  }
  return out;
}

const STUB_CPU = (r: EmulationReport): CpuState => ({
  el: `EL${r.el}`,
  mmu: 'on (identity map, as UEFI runs)',
  dcache: 'on',
  icache: 'on',
  interrupts: 'masked',
  cpus: 'one',
  registers: {},
});

/**
 * The stub's phases as observed; `memory` gives the liveness map (the phase model's) with
 * `extra` applied. Undefined when the run did not reach the kernel: a model with holes is
 * not what was observed.
 */
export function observedStubPhases(r: EmulationReport, memory: (extra: Record<string, Liveness>) => Record<string, Liveness>): Phase[] | undefined {
  if (r.exit !== 'kernel-entry') return undefined;
  const calls = r.services;
  let gap = -1;
  let longest = 0;
  for (let i = 1; i < calls.length; i++) {
    const d = (calls[i] as ServiceCall).instructions - (calls[i - 1] as ServiceCall).instructions;
    if (d > longest) [longest, gap] = [d, i];
  }
  const fdt = r.fdt?.addr;
  const fdtAlloc = fdt === undefined ? -1 : calls.findIndex((c) => {
    if (c.name !== 'AllocatePages' || c.status !== 'EFI_SUCCESS' || !c.out.Memory || !c.args.Pages) return false;
    const at = BigInt(c.out.Memory);
    return fdt >= at && fdt < at + BigInt(c.args.Pages) * 4096n;
  });
  const message = calls.findIndex((c) => c.name === 'ConOut.OutputString' && (c.args.String ?? '').includes('Exiting boot services'));
  const exiting = message >= 0 && (fdtAlloc < 0 || message < fdtAlloc) ? message : fdtAlloc;
  if (gap < 0 || exiting < gap) return undefined;
  // instructions at each cut, so the steps' counts add up to the run's
  const at = (i: number) => (calls[i] as ServiceCall).instructions;
  const total = r.instructions;
  const M = (n: number) => `${(n / 1e6).toFixed(1)} M`;
  const sourcesOf = (cs: ServiceCall[]) => [...new Set(cs.map((c) => c.name))];
  const working = memory({ 'emulator param + stack + heap': 'writing' });
  const observed = (cs: ServiceCall[], instructions: number) => ({ calls: summarizeCalls(cs), instructions });
  const image = r.image;
  const out: Phase[] = [];

  const before = calls.slice(0, gap);
  out.push({
    id: 'stub-start',
    title: 'The stub starts (observed)',
    explanation: `Run of this image's own stub: ${before.length} firmware calls before the decompressor runs — ${sourcesOf(before).join(', ')}. The first is always HandleProtocol(LOADED_IMAGE): where the image sits and its command line.`,
    functions: ['efi_zboot_entry', ...(r.loadFile.length ? ['LoadImage → zboot LoadFile2 (6.1)'] : ['efi_allocate_pages / efi_random_alloc'])],
    sources: ['drivers/firmware/efi/libstub/zboot.c', 'drivers/firmware/efi/libstub/efi-stub-helper.c'],
    cpu: { ...STUB_CPU(r), registers: { x0: 'image handle', x1: hex(r.systemTable) + ' (system table)' } },
    memory: working,
    proposal: true,
    observed: observed(before, at(gap - 1)),
  });
  out.push({
    id: 'stub-decompress',
    title: 'Decompress the Image (observed)',
    explanation: `${M(longest)} instructions without a single firmware call — ${Math.round((longest / total) * 100)}% of the run: the payload's decompressor writing the Image${image ? ` (${hex(image.size)} bytes at ${hex(image.addr)})` : ''}.`,
    functions: ['efi_zboot_decompress', '__decompress'],
    sources: ['drivers/firmware/efi/libstub/zboot.c', 'lib/decompress_inflate.c · lib/decompress_unzstd.c · …'],
    cpu: STUB_CPU(r),
    memory: working,
    proposal: true,
    observed: observed([], longest),
  });
  const middle = calls.slice(gap, exiting);
  out.push({
    id: 'stub-prepare',
    title: 'Initrd, tables, variables (observed)',
    explanation: `${middle.length} calls: what the stub looks for after the Image is in place — ${sourcesOf(middle).join(', ')}. NOT_FOUND is an answer too: no TPM, RNG or graphics here.`,
    functions: ['efi_stub_common', 'efi_load_initrd', 'efi_random_get_seed', 'efi_get_secureboot'],
    sources: ['drivers/firmware/efi/libstub/efi-stub.c', 'drivers/firmware/efi/libstub/efi-stub-helper.c', 'drivers/firmware/efi/libstub/random.c', 'drivers/firmware/efi/libstub/secureboot.c'],
    cpu: STUB_CPU(r),
    memory: working,
    proposal: true,
    observed: observed(middle, at(exiting) - at(gap)),
  });
  const last = calls.slice(exiting);
  out.push({
    id: 'stub-exit',
    title: 'Devicetree, ExitBootServices (observed)',
    explanation: `${message === exiting ? '"Exiting boot services...": ' : ''}the stub allocates the new devicetree, writes /chosen (linux,uefi-* properties), takes the memory map and calls ExitBootServices with its key — ${last.length} calls.${r.fdt ? ` The devicetree is ${hex(r.fdt.size)} bytes at ${hex(r.fdt.addr)}.` : ''}`,
    functions: ['allocate_new_fdt_and_exit_boot', 'update_fdt', 'efi_exit_boot_services', 'efi_get_virtmap'],
    sources: ['drivers/firmware/efi/libstub/fdt.c', 'drivers/firmware/efi/libstub/mem.c'],
    cpu: STUB_CPU(r),
    memory: working,
    proposal: true,
    observed: observed(last, total - at(exiting)),
  });
  const reg = r.registers;
  out.push({
    id: 'stub-enter',
    title: 'Enter the kernel (observed)',
    explanation: `The branch into the decompressed Image, ${M(total)} instructions after the stub began: x0 is the devicetree the stub built, x1–x3 are zero as booting.rst asks. Measured for the proposal: pool peak ${r.poolPeak} bytes, stack peak ${r.stackPeak} bytes, ${r.pagesAllocated} pages held.`,
    functions: ['efi_enter_kernel', 'primary_entry'],
    sources: ['arch/arm64/kernel/efi-entry.S', 'arch/arm64/kernel/head.S', 'Documentation/arch/arm64/booting.rst'],
    cpu: {
      el: `EL${r.el}`,
      mmu: r.mmu ? 'on' : 'off',
      dcache: r.dcache ? 'on' : 'off',
      icache: 'on',
      interrupts: 'masked',
      cpus: 'one',
      registers: { x0: hex(reg.x0), x1: hex(reg.x1), x2: hex(reg.x2), x3: hex(reg.x3), pc: hex(reg.pc) },
    },
    memory: memory({ 'emulator param + stack + heap': 'dead', 'control page': 'dead' }),
    proposal: true,
    observed: observed([], 0),
  });
  return out;
}
