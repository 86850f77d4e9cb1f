// The emulated-EFI path for zboot images: the 2023 design thread (Pingfan Liu's 4-step plan,
// lore ZAqvTyv3C+Hvl9cR@piliu.users.ipa.redhat.com) as the "UEFI emulator for kexec" RFCv2
// implemented it (kernel/kexec_pe_image.c, include/linux/efi_emulator.h, Aug 2024). NOT MERGED.
// Domain notes §5.3, §5.6.
import { hex } from '../bytes/hex';
import { type Arm64LoadInput, type LoadResult, arm64Load, memblockWalk } from './arm64';
import { KImage, ULONG_MAX } from './placement';

export const EMULATOR_PARAM_SIZE = 0x100000n; // 1 MiB
export const EMULATOR_STACK_SIZE = 0x20000n; // 128 KiB
export const EMULATOR_HEAP = 0x10000000n; // 256 MiB

export interface ProposalInput extends Arm64LoadInput {
  /** Size of the self-relocatable emulator blob (_efi_emulator_start.._end); not fixed by the RFC. */
  emulatorSize: bigint;
  /** image_size of the decompressed Image, to show where it lands in the heap. */
  innerImageSize?: bigint;
}

export interface SubRegion {
  role: string;
  start: bigint;
  size: bigint;
  note: string;
}

export function proposalLoad(inp: ProposalInput): LoadResult & { subRegions: SubRegion[] } {
  // Segments 1–3: the whole PE file as "kernel" (bufsz = memsz = file length), then initrd and
  // DTB exactly as image_load/load_other_segments do, retry loop included.
  const base = arm64Load({ ...inp, imageSize: inp.kernelLen, textOffset: 0n });
  const notes = [
    'PROPOSAL, not merged: layout of the "UEFI emulator for kexec" RFCv2 (2024), the concrete form of the 2023 thread\'s plan. Today arm64 kexec_file_load rejects a zboot file with EINVAL.',
    ...base.notes,
  ];
  if (base.errno) return { ...base, notes, subRegions: [] };
  // Segments 4–5 are added to the same kimage, so they avoid the ones already placed.
  const full = new KImage(inp.pageSize, memblockWalk(inp.memory, inp.crash));
  full.segments.push(...base.segments);
  const add = (role: string, size: bigint, why: string) => {
    const r = full.add({ role, bufsz: size, memsz: size, bufAlign: inp.pageSize, bufMin: 0n, bufMax: ULONG_MAX, topDown: false });
    if ('errno' in r) return undefined;
    r.segment.why.unshift(why);
    return r.segment;
  };
  const emu = add('emulator', inp.emulatorSize, 'the emulator blob (PIC, linked into the running kernel); PAGE_SIZE aligned; placement direction assumed bottom-up [unverified]');
  const paramSize = EMULATOR_PARAM_SIZE + inp.kernelLen + EMULATOR_HEAP;
  const param = add('emulator param + stack + heap', paramSize, `struct efi_emulator_param (1 MiB incl. the ${hex(EMULATOR_STACK_SIZE)} stack) + kernel_len + 256 MiB heap for AllocatePages/AllocatePool`);
  if (!emu || !param) {
    return { ...base, segments: full.segments, notes, errno: 99, error: 'EADDRNOTAVAIL: no room for the emulator segments', subRegions: [] };
  }
  const sp = param.mem + EMULATOR_STACK_SIZE;
  const subRegions: SubRegion[] = [
    { role: 'param', start: param.mem, size: EMULATOR_STACK_SIZE, note: 'struct efi_emulator_param: cmdline, dtb, memmap, pgd_root, runtime info; the stack grows down from sp' },
    { role: 'stack (sp)', start: sp, size: 0n, note: `sp = param segment + ${hex(EMULATOR_STACK_SIZE)}` },
    { role: 'heap', start: sp, size: param.mem + param.memsz - sp, note: 'AllocatePages/AllocatePool are served from here' },
  ];
  if (inp.innerImageSize) {
    // efi_zboot_entry allocates image_size for the decompressed Image; with the emulator's bump
    // allocator that is the start of the heap, aligned for the kernel (MIN_KIMG_ALIGN) [approx].
    const s = ((sp + 0x1fffffn) / 0x200000n) * 0x200000n;
    subRegions.push({ role: 'decompressed Image', start: s, size: inp.innerImageSize, note: 'efi_zboot_decompress() target: the Image + BSS (image_size); position inside the heap approximate' });
  }
  subRegions.push({ role: 'identity map', start: 0n, size: 0n, note: 'control pages (kimage_alloc_control_pages): 1:1 page tables for the emulator, EFI runtime regions and the UART; anywhere that is not a destination' });
  return {
    segments: full.segments,
    entry: emu.mem,
    trace: [...base.trace, `entry: image->start = emulator segment ${hex(emu.mem)}; x0 = param segment ${hex(param.mem)} (kimage_arch.param_mem) instead of the DTB`],
    notes,
    subRegions,
  };
}
