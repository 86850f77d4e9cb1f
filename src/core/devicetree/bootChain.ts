// Which devicetree the running kernel booted with (initial_boot_params), from the one a user has.
// /sys/firmware/fdt already is that blob. A board .dtb or QEMU's `-machine dumpdtb` output is
// what the loader started from; each loader that edits it before the kernel is a step here, with
// libfdt's semantics so the sizes stay exact:
//   - QEMU's direct -kernel boot (hw/arm/boot.c arm_load_dtb(), QEMU 7.2 as Debian 12 ships it),
//   - EDK2's ArmVirtQemu firmware (it disables the devices its runtime services own),
//   - the kernel's EFI stub (drivers/firmware/efi/libstub/fdt.c update_fdt()),
//   - the first kernel itself (drivers/of/fdt.c early_init_dt_scan_chosen()).
import { hex } from '../bytes/hex';
import { type Fdt, fdtOpenInto, fdtStrerror, FDT_ERR, be32 } from './libfdt';
import { type FdtStep, FdtLog } from './kexecFdt';

/** MAX_FDT_SIZE (arch/arm64/include/asm/boot.h): the EFI stub's buffer for the new FDT. */
export const MAX_FDT_SIZE = 0x200000;

export interface QemuDirectBoot {
  /** -append (nothing is written when empty). */
  cmdline: string;
  /** -initrd as QEMU placed it: start and end (exclusive). */
  initrd?: { start: bigint; end: bigint };
  /**
   * The tree came from a file (-dtb FILE), not QEMU's own machine model: QEMU opens it into
   * (file size + 10000) × 2 bytes first (softmmu/device_tree.c load_device_tree()).
   */
  fromFile?: boolean;
}

export interface EfiStubBoot {
  /** The command line the stub converts from the loaded image's options. */
  cmdline: string;
  /** CONFIG_RANDOMIZE_BASE without nokaslr: the stub writes kaslr-seed from EFI_RNG_PROTOCOL. */
  kaslrSeed?: bigint;
  /** efi_get_secureboot() (enum efi_secureboot_mode, include/linux/efi.h): 0 unset, 1 unknown, 2 disabled, 3 enabled. */
  secureBoot: number;
  /** The values update_fdt_memmap() fills in after ExitBootServices(); placeholders when unknown. */
  systemTable?: bigint;
  mmap?: { start: bigint; size: number; descSize: number; descVer: number };
}

export interface BootChain {
  qemuDirect?: QemuDirectBoot;
  /** EDK2 ArmVirtQemu firmware handed the tree to the stub. */
  edk2?: boolean;
  efiStub?: EfiStubBoot;
}

export interface BootChainResult {
  /** initial_boot_params as the first kernel keeps it. */
  blob?: Uint8Array;
  steps: FdtStep[];
  error?: string;
}

function compatible(fdt: Fdt, node: number, what: string): boolean {
  const v = fdt.getprop(node, 'compatible');
  return typeof v !== 'number' && new TextDecoder().decode(v).split('\0').includes(what);
}

/** Every node, in structure order. */
function nodes(fdt: Fdt): number[] {
  const out: number[] = [];
  const depth = { d: 0 };
  for (let o = 0; o >= 0 && out.length < 1_000_000; o = fdt.nextNode(o, depth)) out.push(o);
  return out;
}

/**
 * Applies the chain to `input` and returns the blob the first kernel keeps. Each stage works in
 * the buffer it really has: QEMU and EDK2 edit the blob in place within its totalsize (QEMU's
 * virt dtb is 1 MiB of mostly free space), the stub opens it into MAX_FDT_SIZE and packs it.
 */
export function applyBootChain(input: Uint8Array, chain: BootChain): BootChainResult {
  if (input.length < 8) return { steps: [], error: `a devicetree needs a 40-byte header; this one has ${input.length} bytes` };
  // QEMU and EDK2 edit the blob in its own buffer: its totalsize, free space included — or, for
  // a -dtb file, the room QEMU's loader makes
  const own = new DataView(input.buffer, input.byteOffset, 8).getUint32(4);
  const opened = fdtOpenInto(input, chain.qemuDirect?.fromFile ? (input.length + 10000) * 2 : own);
  if ('error' in opened) return { steps: [], error: `the devicetree cannot be opened: ${fdtStrerror(opened.error)}` };
  let fdt = opened.fdt;
  let log = new FdtLog(fdt);
  const steps: FdtStep[] = [];
  const bad = (what: string, r: number): BootChainResult => ({ steps: [...steps, ...log.steps], error: `${what}: ${fdtStrerror(r)}` });

  if (chain.qemuDirect) {
    // QEMU 7.2 arm_load_dtb(): bootargs if -append is not empty, then one cell each for the initrd
    // (qemu_fdt_setprop_cell); each property is added first in /chosen. Observed on QEMU 7.2's
    // `-machine dumpdtb` with -kernel/-initrd/-append: nothing else in the virt tree changes.
    steps.push({ call: 'QEMU -kernel: arm_load_dtb() (hw/arm/boot.c, QEMU 7.2)', result: '0' });
    const q = chain.qemuDirect;
    let chosen = fdt.pathOffset('/chosen');
    if (chosen === -FDT_ERR.NOTFOUND) chosen = log.call('qemu_fdt_add_subnode("/chosen")', () => fdt.addSubnode(0, 'chosen'));
    if (chosen < 0) return bad('QEMU: /chosen', chosen);
    const c = chosen;
    if (q.cmdline) {
      const r = log.call(`qemu_fdt_setprop_string(/chosen, "bootargs", "${q.cmdline}")`, () => fdt.setpropString(c, 'bootargs', q.cmdline));
      if (r) return bad('QEMU: bootargs', r);
    }
    if (q.initrd) {
      const i = q.initrd;
      for (const [n, v] of [['linux,initrd-start', i.start], ['linux,initrd-end', i.end]] as const) {
        const r = log.call(`qemu_fdt_setprop_cell(/chosen, "${n}", ${hex(v)})`, () => fdt.setpropU32(c, n, Number(BigInt.asUintN(32, v))));
        if (r) return bad(`QEMU: ${n}`, r);
      }
    }
  }

  if (chain.edk2) {
    // EDK2 ArmVirtQemu (Debian's qemu-efi-aarch64 2022.11): the PL031 RTC and the NOR flash back
    // its runtime services, so it hides them from the OS with status = "disabled" — seen in the
    // /sys/firmware/fdt of a kernel it booted (tests/devicetree/README.md).
    steps.push({ call: 'EDK2 ArmVirtQemu: devices owned by the firmware\'s runtime services', result: '0' });
    // last node first: an edit shifts every offset after it, never one before it
    for (const n of nodes(fdt).reverse()) {
      if (compatible(fdt, n, 'arm,pl031') || compatible(fdt, n, 'cfi-flash')) {
        const name = fdt.getName(n);
        const r = log.call(`SetNodeProperty(${String(name)}, "status", "disabled")`, () => fdt.setpropString(n, 'status', 'disabled'));
        if (r) return bad('EDK2: status', r);
      }
    }
  }

  if (chain.efiStub) {
    // update_fdt() (drivers/firmware/efi/libstub/fdt.c, 6.1–7.2 alike): memory reservations go
    // (the kernel uses the UEFI memory map), /chosen gets the command line and the linux,uefi-*
    // properties, and the result is packed.
    const e = chain.efiStub;
    steps.push(...log.steps);
    const st = fdtOpenInto(fdt.bytes(), MAX_FDT_SIZE);
    if ('error' in st) return bad('EFI stub: fdt_open_into', st.error);
    fdt = st.fdt;
    log = new FdtLog(fdt);
    log.steps.push({ call: `EFI stub update_fdt(): fdt_open_into(orig_fdt, fdt, MAX_FDT_SIZE ${hex(MAX_FDT_SIZE)})`, result: '0' });
    for (let n = fdt.numMemRsv(); n-- > 0;) {
      const k = n;
      log.call(`fdt_del_mem_rsv(fdt, ${k})`, () => fdt.delMemRsv(k));
    }
    let node = fdt.subnodeOffset(0, 'chosen');
    if (node < 0) node = log.call('fdt_add_subnode(fdt, 0, "chosen")', () => fdt.addSubnode(0, 'chosen'));
    if (node < 0) return bad('EFI stub: /chosen', node);
    const c = node;
    const set = (name: string, v: Uint8Array, shown: string) => log.call(`fdt_setprop(/chosen, "${name}", ${shown})`, () => fdt.setprop(c, name, v));
    const u64 = (v: bigint) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v));
      return b;
    };
    if (e.cmdline.length > 0) {
      const r = set('bootargs', new TextEncoder().encode(e.cmdline + '\0'), `"${e.cmdline}"`);
      if (r) return bad('EFI stub: bootargs', r);
    }
    const ULL = (1n << 64n) - 1n;
    const m = e.mmap ?? { start: ULL, size: 0xffffffff, descSize: 0xffffffff, descVer: 0xffffffff };
    const props: Array<[string, Uint8Array, string]> = [
      ['linux,uefi-system-table', u64(e.systemTable ?? 0n), e.systemTable !== undefined ? hex(e.systemTable) : 'efi_system_table'],
      ['linux,uefi-mmap-start', u64(m.start), hex(m.start)],
      ['linux,uefi-mmap-size', be32(m.size), hex(m.size)],
      ['linux,uefi-mmap-desc-size', be32(m.descSize), hex(m.descSize)],
      ['linux,uefi-mmap-desc-ver', be32(m.descVer), hex(m.descVer)],
    ];
    if (e.kaslrSeed !== undefined) props.push(['kaslr-seed', u64(e.kaslrSeed), 'EFI_RNG_PROTOCOL']);
    props.push(['linux,uefi-secure-boot', be32(e.secureBoot), String(e.secureBoot)]);
    for (const [n, v, shown] of props) {
      const r = set(n, v, shown);
      if (r) return bad(`EFI stub: ${n}`, r);
    }
    log.call('fdt_pack(fdt)', () => fdt.pack());
  }

  // The first kernel: early_init_dt_scan_chosen() feeds rng-seed to the RNG, then
  // fdt_nop_property()s it in initial_boot_params so the seed is not found again.
  const chosen = fdt.pathOffset('/chosen');
  if (chosen >= 0 && typeof fdt.getprop(chosen, 'rng-seed') !== 'number') {
    log.call('first kernel early_init_dt_scan_chosen(): fdt_nop_property(initial_boot_params, /chosen, "rng-seed")', () => fdt.nopProperty(chosen, 'rng-seed'));
  }
  steps.push(...log.steps);
  return { blob: fdt.bytes(), steps };
}
