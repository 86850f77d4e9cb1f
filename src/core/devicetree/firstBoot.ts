// Which loaders edited a devicetree before the first kernel kept it, when the user has the file
// but does not say. QEMU virt's machine dtb (`-machine dumpdtb`, the kexec ground truth's
// qemu-virt.dtb.gz) is recognisable: its root is "linux,dummy-virt" (hw/arm/virt.c) and its
// /chosen still holds the rng-seed QEMU wrote, which every kernel that booted with it NOPs
// (drivers/of/fdt.c early_init_dt_scan_chosen()), so it is not a /sys/firmware/fdt. Such a tree
// reached the kernel either straight from QEMU (-kernel: arm_load_dtb()) or, with -bios, through
// EDK2 ArmVirtQemu and the kernel's EFI stub.
import type { IomemNode } from '../kexec/memoryText';
import type { BootChain } from './bootChain';
import { asStrings } from './decode';
import { type ParsedFdt, nodeAt, prop } from './reader';
import type { DeviceTreeFacts } from './facts';

/** What a devicetree file is; 'auto' decides from the file (see qemuMachineDtb). */
export type DtbOrigin = 'auto' | 'booted' | 'efi-stub' | 'qemu-direct' | 'qemu-edk2';

export interface FirstBoot {
  origin: DtbOrigin;
  /** With 'auto': the first kernel booted through its EFI stub (--efi-boot). */
  efiBoot?: boolean;
  /** The first kernel's command line (QEMU's -append, or the stub's load options). */
  cmdline?: string;
  /** QEMU's -initrd as placed: start, end exclusive. */
  initrd?: { start: bigint; end: bigint };
  /** The first kernel's /proc/iomem, where QEMU's -initrd shows as reserved. */
  iomem?: IomemNode[];
}

export interface ResolvedFirstBoot {
  origin: Exclude<DtbOrigin, 'auto'>;
  chain: BootChain;
  /** Each thing assumed rather than given, for the user to check. */
  assumptions: string[];
}

/** The first kernel's command line when none is given: QEMU's examples and ours boot with it. */
export const DEFAULT_FIRST_CMDLINE = 'console=ttyAMA0';

/**
 * QEMU virt's machine dtb as QEMU wrote it, no kernel having booted with it; `edited` when the
 * dump already holds QEMU's -kernel edits: `-machine dumpdtb` writes the tree at the end of
 * hw/arm/boot.c arm_load_dtb(), after bootargs and linux,initrd-* (the ground truth's dumps
 * were taken without -append/-initrd, so they have neither).
 */
export function qemuMachineDtb(t: ParsedFdt): { edited: boolean } | undefined {
  const compat = prop(t.root, 'compatible');
  if (!compat || !asStrings(compat.value)?.includes('linux,dummy-virt')) return undefined;
  const chosen = nodeAt(t.root, '/chosen');
  const has = (n: string) => prop(chosen, n) !== undefined;
  if (has('linux,uefi-system-table')) return undefined;
  const edited = has('bootargs') || has('linux,initrd-start');
  // QEMU 7.1+ writes rng-seed unless dtb-randomness=off; without one, only an unedited tree
  // tells itself apart from a /sys/firmware/fdt
  return has('rng-seed') || !edited ? { edited } : undefined;
}

/**
 * QEMU's -initrd range from the first kernel's /proc/iomem: QEMU puts it at RAM base +
 * min(RAM / 2, 128 MiB) (hw/arm/boot.c arm_setup_direct_kernel_boot()), and arm64 lists the
 * memblock reservations it had at boot as "reserved" in System RAM
 * (arch/arm64/kernel/setup.c reserve_memblock_reserved_regions()), page-rounded. The ground
 * truth's iomem.txt shows 48000000-48548fff : reserved for both its 512 MiB and 1 GiB machines.
 */
export function qemuInitrdFromIomem(iomem: IomemNode[], memory: DeviceTreeFacts['memory']): { start: bigint; end: bigint } | undefined {
  const ram = memory[0];
  if (!ram) return undefined;
  const at = ram.address + (ram.size / 2n < 128n << 20n ? ram.size / 2n : 128n << 20n);
  for (const sys of iomem) {
    if (sys.name !== 'System RAM') continue;
    const r = sys.children.find((c) => c.name === 'reserved' && c.start === at);
    if (r) return { start: r.start, end: r.end + 1n };
  }
  return undefined;
}

/** The boot chain for a file, deciding 'auto' from the file itself. */
export function resolveFirstBoot(t: ParsedFdt, facts: DeviceTreeFacts, fb: FirstBoot): ResolvedFirstBoot {
  const assumptions: string[] = [];
  const qemu = qemuMachineDtb(t);
  let origin: Exclude<DtbOrigin, 'auto'>;
  if (fb.origin === 'auto') {
    origin = qemu ? (fb.efiBoot ? 'qemu-edk2' : 'qemu-direct') : fb.efiBoot ? 'efi-stub' : 'booted';
    if (qemu) {
      assumptions.push(fb.efiBoot
        ? 'QEMU virt\'s machine dtb (linux,dummy-virt, rng-seed unconsumed) booted through EDK2 ArmVirtQemu (-bios) and the EFI stub'
        : 'QEMU virt\'s machine dtb (linux,dummy-virt, rng-seed unconsumed) booted by QEMU with -kernel (arm_load_dtb()); --efi-boot if it went through -bios');
    }
    if (!qemu && fb.efiBoot && prop(nodeAt(t.root, '/chosen'), 'linux,uefi-system-table')) {
      // update_fdt() has run on it already: this is what a kernel booted through its stub kept
      assumptions.push('it already holds the EFI stub\'s linux,uefi-* properties (a /sys/firmware/fdt of a kernel booted through its stub): update_fdt() is not applied twice');
      return { origin: 'booted', chain: {}, assumptions };
    }
    if (qemu?.edited && !fb.efiBoot) {
      // only the first kernel's own edit remains (bootChain.ts: rng-seed NOPed)
      assumptions.push('QEMU\'s -kernel edits (bootargs, linux,initrd-*) are already in it: -machine dumpdtb writes the tree after making them');
      return { origin, chain: {}, assumptions };
    }
  } else origin = fb.origin;
  const cmdline = fb.cmdline ?? DEFAULT_FIRST_CMDLINE;
  if (origin !== 'booted' && fb.cmdline === undefined) assumptions.push(`the first kernel's command line: "${DEFAULT_FIRST_CMDLINE}" (only whether there is one matters to the new dtb's size)`);
  const efiStub = { cmdline, secureBoot: 2 };
  if (origin === 'efi-stub' || origin === 'qemu-edk2') {
    assumptions.push('linux,uefi-system-table and linux,uefi-mmap-*: placeholders, filled after ExitBootServices (libstub/fdt.c update_fdt_memmap()); their sizes are exact, their values not; linux,uefi-secure-boot: 2 (disabled)');
  }
  if (origin === 'efi-stub') return { origin, chain: { efiStub }, assumptions };
  if (origin === 'qemu-edk2') return { origin, chain: { edk2: true, efiStub }, assumptions };
  if (origin === 'booted') return { origin, chain: {}, assumptions };
  let initrd = fb.initrd;
  if (!initrd && fb.iomem) {
    initrd = qemuInitrdFromIomem(fb.iomem, facts.memory);
    if (initrd) assumptions.push(`QEMU's -initrd: 0x${initrd.start.toString(16)}-0x${(initrd.end - 1n).toString(16)}, reserved in the first kernel's iomem (its end page-rounded)`);
  }
  if (!initrd) assumptions.push('no -initrd: if QEMU loaded one, its two /chosen names change the size (give its range, or the first kernel\'s /proc/iomem where it shows reserved)');
  // not QEMU's own tree: it came in with -dtb FILE
  const fromFile = !qemu;
  if (fromFile) assumptions.push('QEMU loaded it with -dtb FILE: load_device_tree() makes (file size + 10000) × 2 bytes of room');
  return { origin, chain: { qemuDirect: { cmdline, ...(initrd ? { initrd } : {}), ...(fromFile ? { fromFile } : {}) } }, assumptions };
}
