// The proposal path's stub phases from a real run of the image's own EFI stub (emulator/run.ts)
// instead of the model: the trace is cut where the stub's work changes, each cut found in the
// trace itself, and every phase lists the firmware calls it made, in order.
//   - memcpy/memset are firmware calls (CopyMem/SetMem: libstub/intrinsics.c), and zstd makes
//     them for every block; the other calls are the stub's own steps. Decompression is the
//     longest stretch of instructions between two of those (lib/decompress_*.c via
//     libstub/zboot.c efi_zboot_decompress(); 6.1: inside zboot's LoadFile2, during LoadImage);
//   - allocate_new_fdt_and_exit_boot() (libstub/fdt.c) prints "Exiting boot services..." and
//     then allocates the new FDT's buffer: the cut is that line (its "EFI stub: " prefix
//     included), or — 7.2 prints nothing at its default log level (printk.c efi_loglevel =
//     LOGLEVEL_NOTICE), nor does "quiet" — the AllocatePages holding the FDT x0 points at;
//   - after the last call the stub enters the kernel: libstub/arm64.c efi_enter_kernel() from
//     6.2 on (MMU left on), arch/arm64/kernel/efi-entry.S in 6.1 (caches cleaned, MMU off).
import { hex } from '../bytes/hex';
import type { EmulationReport } from '../emulator/run';
import { type ServiceCall, formatCallShort, isMemCall } from '../emulator/uefi/trace';
import type { CpuState, Liveness, Phase } from './phases';

/** One line of a step's calls: the service's name (for its teaching note) and the line shown. */
export interface CallLine {
  name: string;
  text: string;
}

/** `name(args) = status`, repeats of one name folded into `name ×N` (CopyMem, SetMem). */
export function summarizeCalls(calls: ServiceCall[]): CallLine[] {
  const out: CallLine[] = [];
  for (let i = 0; i < calls.length;) {
    const c = calls[i] as ServiceCall;
    let j = i + 1;
    while (j < calls.length && (calls[j] as ServiceCall).name === c.name && (calls[j] as ServiceCall).depth === c.depth) j++;
    if (j - i > 2) out.push({ name: c.name, text: `${'  '.repeat(c.depth)}${c.name} ×${j - i}` });
    else for (const d of calls.slice(i, j)) out.push({ name: d.name, text: formatCallShort(d) });
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

/** One step's observation: its calls as lines, how many calls, and its instructions. */
export interface ObservedStep {
  calls: CallLine[];
  count: number;
  instructions: number;
}

const PREFIX = JSON.stringify('EFI stub: ');

/**
 * The stub's phases as observed; `memory` gives the liveness map (the phase model's) with
 * `extra` applied. Undefined when the run did not reach the kernel or cannot be cut: a model
 * with holes is not what was observed.
 */
export function observedStubPhases(r: EmulationReport, memory: (extra: Record<string, Liveness>) => Record<string, Liveness>): Phase[] | undefined {
  if (r.exit !== 'kernel-entry' || r.services.length === 0) return undefined;
  const calls = r.services;
  const n = calls.length;
  const at = (i: number) => (calls[i] as ServiceCall).instructions;
  // the decompression: the longest stretch between two calls other than CopyMem/SetMem
  const steps = calls.map((c, i) => [c, i] as const).filter(([c]) => !isMemCall(c)).map(([, i]) => i);
  let p = -1;
  let q = -1;
  for (let k = 1; k < steps.length; k++) {
    const [a, b] = [steps[k - 1] as number, steps[k] as number];
    if (p < 0 || at(b) - at(a) > at(q) - at(p)) [p, q] = [a, b];
  }
  if (p < 0) return undefined;
  const fdt = r.fdt?.addr;
  const fdtAlloc = fdt === undefined ? -1 : calls.findIndex((c) => {
    if (c.name !== 'AllocatePages' || c.status !== 'EFI_SUCCESS' || !c.out.Memory || !c.args.Pages) return false;
    const base = BigInt(c.out.Memory);
    return fdt >= base && fdt < base + BigInt(c.args.Pages) * 4096n;
  });
  const message = calls.findIndex((c) => c.name === 'ConOut.OutputString' && (c.args.String ?? '').includes('Exiting boot services'));
  let exit = message >= 0 && (fdtAlloc < 0 || message < fdtAlloc) ? message : fdtAlloc;
  // the line starts with efi_printk()'s prefix and the memsets of its buffers
  if (exit === message) while (exit - 1 > q && ((calls[exit - 1] as ServiceCall).name === 'SetMem' || (calls[exit - 1] as ServiceCall).args.String === PREFIX)) exit--;
  if (exit <= q) return undefined;

  const inner = r.loadFile.length > 0; // 6.1: zboot LoadImage/StartImage of the inner PE
  const total = r.instructions;
  const M = (x: number) => (x >= 100_000 ? `${(x / 1e6).toFixed(1)} M` : x.toLocaleString('en'));
  const names = (cs: ServiceCall[]) => [...new Set(cs.filter((c) => !isMemCall(c)).map((c) => c.name))].join(', ');
  const step = (cs: ServiceCall[], instructions: number): ObservedStep => ({ calls: summarizeCalls(cs), count: cs.length, instructions });
  const longestQuiet = (from: number, to: number) => {
    let best = 0;
    for (let i = from + 1; i < to; i++) best = Math.max(best, at(i) - at(i - 1));
    return best;
  };
  const working = memory({ 'emulator param + stack + heap': 'writing' });
  const image = r.image;
  const out: Phase[] = [];

  const start = calls.slice(0, p + 1);
  out.push({
    id: 'stub-start',
    title: 'The stub starts (observed)',
    explanation: `${start.length} firmware calls before the decompressor runs: ${names(start)}. The first is HandleProtocol(LOADED_IMAGE), where the image sits and its command line${inner ? '; LoadImage then calls back into zboot\'s own LoadFile2, which decompresses the inner image' : ''}.`,
    functions: ['efi_zboot_entry', ...(inner ? ['efi_zboot_entry → LoadImage'] : ['efi_zboot_decompress_init', 'efi_random_alloc'])],
    sources: ['drivers/firmware/efi/libstub/zboot.c', 'drivers/firmware/efi/libstub/efi-stub-helper.c'],
    cpu: { ...STUB_CPU(r), registers: { x0: 'image handle', x1: `${hex(r.systemTable)} (system table)` } },
    memory: working,
    proposal: true,
    observed: step(start, at(p)),
  });
  const during = calls.slice(p + 1, q);
  const what = inner
    ? `the inner PE (${hex(r.loadFile[0]!.size)} bytes) into the buffer the firmware's LoadImage gave zboot's LoadFile2`
    : `the Image${image ? ` (${hex(image.size)} bytes at ${hex(image.addr)})` : ''}`;
  out.push({
    id: 'stub-decompress',
    title: 'Decompress (observed)',
    explanation: `${M(at(q) - at(p))} instructions, ${Math.round(((at(q) - at(p)) / total) * 100)}% of the run, with no firmware call but memcpy/memset (${during.length}): the payload's decompressor writing ${what}.`,
    functions: ['efi_zboot_decompress', '__decompress'],
    sources: ['drivers/firmware/efi/libstub/zboot.c', 'drivers/firmware/efi/libstub/intrinsics.c', 'lib/decompress_inflate.c · lib/decompress_unzstd.c · …'],
    cpu: STUB_CPU(r),
    memory: working,
    proposal: true,
    observed: step(during, at(q) - at(p)),
  });
  const after = calls.slice(q, exit);
  const notFound = [...new Set(after.filter((c) => c.status === 'EFI_NOT_FOUND').map((c) => c.args.Protocol ?? c.args.VariableName ?? c.name))];
  const started = after.some((c) => c.name === 'StartImage');
  out.push({
    id: 'stub-prepare',
    title: 'After decompressing (observed)',
    explanation: [
      `${after.length} calls: ${names(after)}.`,
      started
        ? `StartImage runs the inner image's own EFI stub, which moves the kernel${image ? ` to ${hex(image.addr)}` : ''} (6.1 arm64-stub.c handle_kernel_image(): AllocatePages, then CopyMem of the Image).`
        : 'Right after decompressing, efi_cache_sync_image() (libstub/arm64.c) cleans the new Image to the point of unification, line by line.',
      `The step's longest stretch without a firmware call: ${M(longestQuiet(q, exit))} instructions.`,
      notFound.length ? `Answered EFI_NOT_FOUND: ${notFound.join(', ')} — the stub carries on without them.` : '',
    ].filter(Boolean).join(' '),
    functions: [...(started ? ['StartImage → efi_pe_entry', 'handle_kernel_image'] : ['efi_cache_sync_image']), 'efi_stub_common', 'efi_load_initrd', 'efi_get_secureboot'],
    sources: [started ? 'drivers/firmware/efi/libstub/arm64-stub.c' : 'drivers/firmware/efi/libstub/arm64.c', 'drivers/firmware/efi/libstub/efi-stub.c', 'drivers/firmware/efi/libstub/efi-stub-helper.c', 'drivers/firmware/efi/libstub/secureboot.c'],
    cpu: STUB_CPU(r),
    memory: working,
    proposal: true,
    observed: step(after, at(exit) - at(q)),
  });
  const last = calls.slice(exit);
  out.push({
    id: 'stub-exit',
    title: 'Devicetree, ExitBootServices (observed)',
    explanation: `${exit <= message ? '"Exiting boot services...", then ' : ''}the new devicetree's buffer, /chosen written (linux,uefi-* properties), the memory map taken and ExitBootServices called with its key — ${last.length} calls: ${names(last)}.${r.fdt ? ` The devicetree: ${hex(r.fdt.size)} bytes at ${hex(r.fdt.addr)}.` : ''}`,
    functions: ['allocate_new_fdt_and_exit_boot', 'update_fdt', 'efi_exit_boot_services', 'efi_get_virtmap'],
    sources: ['drivers/firmware/efi/libstub/fdt.c', 'drivers/firmware/efi/libstub/mem.c'],
    cpu: STUB_CPU(r),
    memory: working,
    proposal: true,
    observed: step(last, at(n - 1) - at(exit)),
  });
  const reg = r.registers;
  out.push({
    id: 'stub-enter',
    title: 'Enter the kernel (observed)',
    explanation: `${M(total - at(n - 1))} instructions after the last firmware call, ${M(total)} after the stub began, the branch into the Image: x0 is the devicetree the stub built, x1–x3 are zero as booting.rst asks.${r.mmu ? ' The MMU and caches stay on: from 6.2 the kernel is entered so.' : ' On the way the stub cleaned the Image to the point of coherency and turned the MMU and D-cache off.'} Measured for the proposal: pool peak ${r.poolPeak} bytes, stack peak ${r.stackPeak} bytes, ${r.pagesAllocated} pages held.`,
    functions: ['efi_enter_kernel', 'primary_entry'],
    sources: [r.mmu ? 'drivers/firmware/efi/libstub/arm64.c' : 'arch/arm64/kernel/efi-entry.S', 'arch/arm64/kernel/head.S', 'Documentation/arch/arm64/booting.rst'],
    cpu: {
      el: `EL${r.el}`,
      mmu: r.mmu ? 'on' : 'on → off',
      dcache: r.dcache ? 'on' : 'on → off',
      icache: 'on',
      interrupts: 'masked',
      cpus: 'one',
      registers: { x0: hex(reg.x0), x1: hex(reg.x1), x2: hex(reg.x2), x3: hex(reg.x3), pc: hex(reg.pc) },
    },
    memory: memory({ 'emulator param + stack + heap': 'dead', 'control page': 'dead' }),
    proposal: true,
    observed: step([], total - at(n - 1)),
  });
  return out;
}
