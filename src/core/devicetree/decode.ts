// What a property's bytes mean, where the meaning is known: strings, cells, reg in the parent's
// #address-cells/#size-cells, the /chosen properties kexec writes — and which code of the next
// kernel reads each /chosen property (the kernel source path of every such reader).
import { hex, hexBytes } from '../bytes/hex';
import type { FdtNode, FdtProperty } from './reader';

export interface Cells {
  address: number;
  size: number;
}

/** #address-cells / #size-cells of a node for its children (DTSpec §2.3.5 defaults 2 and 1). */
export function cellsOf(node: FdtNode | undefined): Cells {
  const get = (n: string, d: number) => {
    const p = node?.props.find((q) => q.name === n);
    return p && p.value.length === 4 ? u32(p.value, 0) : d;
  };
  return { address: get('#address-cells', 2), size: get('#size-cells', 1) };
}

const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset + o, 4).getUint32(0);

/** of_read_number(): `cells` big-endian words as one number. */
export function readCells(b: Uint8Array, at: number, cells: number): bigint {
  let v = 0n;
  for (let i = 0; i < cells; i++) v = (v << 32n) | BigInt(u32(b, at + 4 * i));
  return v;
}

/** <address size> pairs; undefined when the length does not divide. */
export function readRanges(b: Uint8Array, cells: Cells): Array<{ address: bigint; size: bigint }> | undefined {
  const w = 4 * (cells.address + cells.size);
  if (!w || b.length % w) return undefined;
  const out: Array<{ address: bigint; size: bigint }> = [];
  for (let o = 0; o < b.length; o += w) out.push({ address: readCells(b, o, cells.address), size: readCells(b, o + 4 * cells.address, cells.size) });
  return out;
}

/** NUL-terminated printable strings (a string list), or undefined. */
export function asStrings(b: Uint8Array): string[] | undefined {
  if (!b.length || b[b.length - 1] !== 0) return undefined;
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c === 0 ? i === 0 || b[i - 1] === 0 : c < 0x20 || c > 0x7e) return undefined;
  }
  return new TextDecoder().decode(b.subarray(0, b.length - 1)).split('\0');
}

/** Properties whose value is <address size> in the root's cells (drivers/of/fdt.c, drivers/of/kexec.c). */
const ROOT_RANGES = new Set(['linux,elfcorehdr', 'linux,usable-memory-range', 'linux,ima-kexec-buffer', 'linux,kho-fdt', 'linux,kho-scratch', 'linux,dmcryptkeys']);
const U64 = new Set(['kaslr-seed', 'linux,uefi-system-table', 'linux,uefi-mmap-start']);
const NUMBER = new Set(['linux,initrd-start', 'linux,initrd-end']);
const BYTES = new Set(['rng-seed']);
/** Single strings that may be empty: one NUL is "" (dtc prints bootargs = ""), not a byte. */
const STRING = new Set(['bootargs', 'stdout-path', 'model', 'status']);

export interface Decoded {
  kind: 'empty' | 'strings' | 'u32' | 'u64' | 'number' | 'ranges' | 'cells' | 'bytes';
  display: string;
}

/** Decodes `p` of `node`; `parentCells` are the cells of node's parent (for reg), `rootCells` of the root. */
export function decodeProperty(p: FdtProperty, parentCells: Cells, rootCells: Cells): Decoded {
  const v = p.value;
  if (!v.length) return { kind: 'empty', display: '(empty: true by presence)' };
  if (STRING.has(p.name) && v.length === 1 && v[0] === 0) return { kind: 'strings', display: '""' };
  if (BYTES.has(p.name)) return { kind: 'bytes', display: `${v.length} bytes: ${hexBytes(v, 16)}` };
  if (U64.has(p.name) && v.length === 8) return { kind: 'u64', display: hex(readCells(v, 0, 2)) };
  if (NUMBER.has(p.name) && (v.length === 4 || v.length === 8)) return { kind: 'number', display: hex(readCells(v, 0, v.length / 4)) };
  const cells = ROOT_RANGES.has(p.name) ? rootCells : p.name === 'reg' ? parentCells : undefined;
  if (cells) {
    const r = readRanges(v, cells);
    if (r) return { kind: 'ranges', display: r.map((x) => `<${hex(x.address)} ${hex(x.size)}>`).join(' ') };
  }
  const s = asStrings(v);
  if (s) return { kind: 'strings', display: s.map((x) => JSON.stringify(x)).join(', ') };
  if (v.length === 4) return { kind: 'u32', display: hex(u32(v, 0)) };
  if (v.length % 4 === 0 && v.length <= 64) {
    const words: string[] = [];
    for (let o = 0; o < v.length; o += 4) words.push(hex(u32(v, o)));
    return { kind: 'cells', display: `<${words.join(' ')}>` };
  }
  return { kind: 'bytes', display: `${v.length} bytes: ${hexBytes(v, 16)}` };
}

export interface ChosenReader {
  /** What the next kernel does with it. */
  meaning: string;
  /** The code that reads it. */
  source: string;
}

/** Who reads each /chosen property in the kernel kexec starts (arm64, 6.12). */
export const CHOSEN_READERS: Record<string, ChosenReader> = {
  bootargs: { meaning: 'the kernel command line: copied to boot_command_line (unless CONFIG_CMDLINE_FORCE)', source: 'drivers/of/fdt.c early_init_dt_scan_chosen()' },
  'linux,initrd-start': { meaning: 'physical start of the initramfs (phys_initrd_start); reserved and unpacked', source: 'drivers/of/fdt.c early_init_dt_check_for_initrd(); arch/arm64/mm/init.c arm64_memblock_init()' },
  'linux,initrd-end': { meaning: 'physical end of the initramfs (exclusive): phys_initrd_size = end - start', source: 'drivers/of/fdt.c early_init_dt_check_for_initrd()' },
  'linux,elfcorehdr': { meaning: 'the ELF core header the crashed kernel left: elfcorehdr_addr/size, the base of /proc/vmcore', source: 'drivers/of/fdt.c early_init_dt_check_for_elfcorehdr(); fs/proc/vmcore.c' },
  'linux,usable-memory-range': { meaning: 'the only RAM the kdump kernel may use (crashk_res, then crashk_low_res): memblock is capped to it', source: 'drivers/of/fdt.c early_init_dt_check_for_usable_mem_range()' },
  'kaslr-seed': { meaning: 'seed for the kernel\'s virtual-address randomisation (used with CONFIG_RANDOMIZE_BASE); the EFI stub writes one too', source: 'arch/arm64/kernel/pi/kaslr_early.c' },
  'rng-seed': { meaning: 'entropy for the RNG: add_bootloader_randomness(), then NOPed in initial_boot_params so it is not reused', source: 'drivers/of/fdt.c early_init_dt_scan_chosen()' },
  'linux,booted-from-kexec': { meaning: 'marks a kexec boot; on arm64 nothing reads it (powerpc does, arch/powerpc/kernel/setup_64.c)', source: 'drivers/of/kexec.c of_kexec_alloc_and_setup_fdt()' },
  'linux,ima-kexec-buffer': { meaning: 'the IMA measurement list carried over from the previous kernel', source: 'drivers/of/kexec.c ima_get_kexec_buffer()' },
  'linux,kho-fdt': { meaning: 'Kexec HandOver: the KHO FDT describing preserved memory (7.x)', source: 'drivers/of/fdt.c early_init_dt_check_kho() (7.2)' },
  'linux,kho-scratch': { meaning: 'Kexec HandOver: the scratch area the new kernel boots in (7.x)', source: 'drivers/of/fdt.c early_init_dt_check_kho() (7.2)' },
  'linux,dmcryptkeys': { meaning: 'dm-crypt keys kept for the kdump kernel (7.x)', source: 'drivers/of/fdt.c early_init_dt_check_for_dmcryptkeys() (7.2)' },
  'stdout-path': { meaning: 'the console device (and earlycon with a bare "earlycon")', source: 'drivers/of/fdt.c early_init_dt_scan_chosen_stdout(); drivers/of/base.c of_alias_scan()' },
  'linux,uefi-system-table': { meaning: 'EFI system table: the kexec\'d kernel reuses the firmware\'s runtime services', source: 'drivers/firmware/efi/fdtparams.c efi_get_fdt_params()' },
  'linux,uefi-mmap-start': { meaning: 'the UEFI memory map (physical address) the first kernel\'s stub passed on', source: 'drivers/firmware/efi/fdtparams.c efi_get_fdt_params()' },
  'linux,uefi-mmap-size': { meaning: 'size of the UEFI memory map', source: 'drivers/firmware/efi/fdtparams.c efi_get_fdt_params()' },
  'linux,uefi-mmap-desc-size': { meaning: 'size of one EFI memory descriptor', source: 'drivers/firmware/efi/fdtparams.c efi_get_fdt_params()' },
  'linux,uefi-mmap-desc-ver': { meaning: 'EFI memory descriptor version', source: 'drivers/firmware/efi/fdtparams.c efi_get_fdt_params()' },
  'linux,uefi-secure-boot': { meaning: 'Secure Boot state the stub saw (efi_secureboot_mode: 2 disabled, 3 enabled)', source: 'drivers/firmware/efi/efi-init.c / fdtparams.c' },
};
