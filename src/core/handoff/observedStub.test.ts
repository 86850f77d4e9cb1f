// The proposal path's stub phases from real runs of the fixtures' own stubs (6.12: zboot is the
// stub; 6.1: zboot LoadImage/StartImage of the inner PE), not from the model: each phase holds
// exactly the calls the run made, in order, and the last one the registers at the kernel entry.
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../tests/fixtures';
import { INITRD, QEMU_DTB } from '../../../tests/emulator/kernelEntry';
import { hex } from '../bytes/hex';
import { emulate } from '../emulator/run';
import { layout } from '../kexec/layout';
import { DEFAULT_DTB_SIZE } from '../kexec/kernelSpec';
import { presetById } from '../kexec/presets';
import { summarizeCalls } from './observedStub';
import { phases } from './phases';

const proposal = (fileLen: bigint) => layout({
  memory: presetById('qemu-virt-1G')!.build(), mode: 'zboot-proposal',
  kernel: { format: 'zboot', fileLen, imageSize: fileLen, textOffset: 0n },
  initrdSize: 0x400000n, dtbSize: DEFAULT_DTB_SIZE, cmdline: '', crash: false, pageSize: 4096n, kernelVersion: '6.12', cpus: 1,
});

describe('the proposal path driven by a real stub run', () => {
  it.each([['6.12.117', 'gzip'], ['6.12.117', 'zstd'], ['6.1.192', 'gzip'], ['6.1.192', 'zstd']])('%s %s: the stub phases are the trace, cut at the decompression and "Exiting boot services..."', async (v, codec) => {
    const file = fixture(`arm64-${v}-tiny-zboot-${codec}.vmlinuz.efi`);
    const r = await emulate(file, { dtb: QEMU_DTB, initrd: INITRD });
    expect(r.exit).toBe('kernel-entry');
    const l = proposal(BigInt(file.length));
    const modelled = phases({ path: 'zboot-proposal', crash: false, layout: l });
    const seen = phases({ path: 'zboot-proposal', crash: false, layout: l, observed: r });
    // the kexec side is the same; the stub's part is replaced by what was observed
    const common = modelled.findIndex((p) => p.id === 'efi-zboot-entry');
    expect(seen.slice(0, common).map((p) => p.id)).toEqual(modelled.slice(0, common).map((p) => p.id));
    const stub = seen.slice(common);
    expect(stub.map((p) => p.id)).toEqual(['stub-start', 'stub-decompress', 'stub-prepare', 'stub-exit', 'stub-enter']);
    expect(stub.every((p) => p.observed && p.proposal)).toBe(true);
    // every call is in exactly one phase, in the order made
    expect(stub.flatMap((p) => p.observed!.calls)).toEqual(summarizeCalls(r.services));
    // the first call is LOADED_IMAGE (zboot.c efi_zboot_entry), the decompression makes none
    expect(stub[0]!.observed!.calls[0]!.text).toMatch(/^HandleProtocol\(.*Protocol=LOADED_IMAGE_PROTOCOL\) = EFI_SUCCESS$/);
    // but memcpy/memset, which are CopyMem/SetMem (libstub/intrinsics.c): zstd makes them per block
    expect(stub[1]!.observed!.calls.every((c) => /^\s*(CopyMem|SetMem)\b/.test(c.text))).toBe(true);
    // ... and is most of the run (efi-emulation.md §5)
    expect(stub[1]!.observed!.instructions).toBeGreaterThan(r.instructions / 2);
    // the last cut is the "Exiting boot services..." line, from efi_printk()'s "EFI stub: " prefix on
    const exitCalls = stub[3]!.observed!.calls.map((c) => c.text).filter((c) => !/^\s*SetMem/.test(c));
    expect(exitCalls[0]).toMatch(/ConOut\.OutputString\(String="EFI stub: "\) = EFI_SUCCESS$/);
    expect(exitCalls[1]).toMatch(/ConOut\.OutputString\(String="Exiting boot services\.\.\.\\r\\n"\)/);
    expect(stub[2]!.observed!.calls.at(-1)!.text).not.toMatch(/"EFI stub: "/);
    expect(stub[3]!.observed!.calls.some((c) => c.text.trimStart().startsWith('ExitBootServices('))).toBe(true); // 6.1: in the inner image (indented)
    // the registers at the jump are the run's: x0 = the devicetree the stub built, x1–x3 = 0
    const enter = stub[4]!;
    expect(enter.cpu.registers).toEqual({ x0: hex(r.fdt!.addr), x1: '0x0', x2: '0x0', x3: '0x0', pc: hex(r.registers.pc) });
    // 6.2+ enters with the MMU on (libstub/arm64.c efi_enter_kernel); 6.1 turns it off (efi-entry.S)
    expect(enter.cpu.mmu).toBe(v.startsWith('6.12') ? 'on' : 'on → off');
    // 6.1: the inner image's stub moved the kernel (arm64-stub.c handle_kernel_image)
    expect(stub[2]!.explanation.includes('StartImage runs the inner image')).toBe(v.startsWith('6.1.'));
    // the steps' instruction counts add up to the run's
    expect(stub.reduce((a, p) => a + p.observed!.instructions, 0)).toBe(r.instructions);
  }, 120_000);

  it('a silent stub ("quiet": efi_loglevel = CONSOLE_LOGLEVEL_QUIET, efi-stub-helper.c; 7.2 by default): cut at the FDT\'s AllocatePages', async () => {
    const file = fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    const r = await emulate(file, { dtb: QEMU_DTB, initrd: INITRD, cmdline: 'quiet' });
    expect(r.exit).toBe('kernel-entry');
    expect(r.messages).toEqual([]);
    const stub = phases({ path: 'zboot-proposal', crash: false, layout: proposal(BigInt(file.length)), observed: r }).filter((p) => p.observed);
    expect(stub.map((p) => p.id)).toEqual(['stub-start', 'stub-decompress', 'stub-prepare', 'stub-exit', 'stub-enter']);
    const exit = stub[3]!;
    // update_fdt()'s buffer: MAX_FDT_SIZE (2 MiB) plus the alignment slack, the page run x0 points into
    expect(exit.observed!.calls[0]!.text).toMatch(/^AllocatePages\(Type=AllocateMaxAddress, MemoryType=LoaderData, Pages=0x20f, /);
    expect(exit.explanation).not.toContain('Exiting boot services...');
    expect(stub.reduce((a, p) => a + p.observed!.instructions, 0)).toBe(r.instructions);
  }, 120_000);

  it('a run that did not reach the kernel leaves the model in place', async () => {
    const file = fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    const r = await emulate(file, { dtb: QEMU_DTB, initrd: INITRD, maxInstructions: 1000 });
    expect(r.exit).toBe('budget');
    const ps = phases({ path: 'zboot-proposal', crash: false, layout: proposal(BigInt(file.length)), observed: r });
    expect(ps.some((p) => p.id === 'efi-zboot-entry')).toBe(true);
    expect(ps.some((p) => p.observed)).toBe(false);
  });

  it('summarizeCalls folds runs of one name, keeps the rest whole', () => {
    const c = (name: string, depth = 0) => ({ seq: 0, name, kind: 'boot' as const, args: { A: '1' }, status: 'EFI_SUCCESS', out: {}, lr: 0n, sp: 0n, depth, instructions: 0 });
    expect(summarizeCalls([c('SetMem'), c('SetMem'), c('SetMem'), c('FreePool'), c('CopyMem', 1), c('CopyMem', 1)])).toEqual([
      { name: 'SetMem', text: 'SetMem ×3' }, { name: 'FreePool', text: 'FreePool(A=1) = EFI_SUCCESS' },
      { name: 'CopyMem', text: '  CopyMem(A=1) = EFI_SUCCESS' }, { name: 'CopyMem', text: '  CopyMem(A=1) = EFI_SUCCESS' },
    ]);
  });
});
