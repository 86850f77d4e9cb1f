// EFI_STATUS codes, memory types and attributes: UEFI 2.10 Appendix D (status codes) and
// §7.2 (EFI_MEMORY_TYPE, memory attributes); the kernel's copy is include/linux/efi.h.

const ERR = 1n << 63n;
export const EFI_SUCCESS = 0n;
export const EFI_LOAD_ERROR = ERR | 1n;
export const EFI_INVALID_PARAMETER = ERR | 2n;
export const EFI_UNSUPPORTED = ERR | 3n;
export const EFI_BUFFER_TOO_SMALL = ERR | 5n;
export const EFI_NOT_READY = ERR | 6n;
export const EFI_DEVICE_ERROR = ERR | 7n;
export const EFI_OUT_OF_RESOURCES = ERR | 9n;
export const EFI_NOT_FOUND = ERR | 14n;
export const EFI_ACCESS_DENIED = ERR | 15n;
export const EFI_ALREADY_STARTED = ERR | 20n;
export const EFI_SECURITY_VIOLATION = ERR | 26n;

const STATUS_NAMES: Record<string, string> = {
  0: 'EFI_SUCCESS', 1: 'EFI_LOAD_ERROR', 2: 'EFI_INVALID_PARAMETER', 3: 'EFI_UNSUPPORTED', 4: 'EFI_BAD_BUFFER_SIZE',
  5: 'EFI_BUFFER_TOO_SMALL', 6: 'EFI_NOT_READY', 7: 'EFI_DEVICE_ERROR', 8: 'EFI_WRITE_PROTECTED',
  9: 'EFI_OUT_OF_RESOURCES', 14: 'EFI_NOT_FOUND', 15: 'EFI_ACCESS_DENIED', 20: 'EFI_ALREADY_STARTED',
  21: 'EFI_ABORTED', 26: 'EFI_SECURITY_VIOLATION',
};

export function statusName(s: bigint): string {
  const code = s & ~ERR;
  const name = s & ERR ? STATUS_NAMES[code.toString()] : s === 0n ? 'EFI_SUCCESS' : undefined;
  return name ?? `0x${s.toString(16)}`;
}

export const MEMORY_TYPES = [
  'ReservedMemoryType', 'LoaderCode', 'LoaderData', 'BootServicesCode', 'BootServicesData',
  'RuntimeServicesCode', 'RuntimeServicesData', 'ConventionalMemory', 'UnusableMemory',
  'ACPIReclaimMemory', 'ACPIMemoryNVS', 'MemoryMappedIO', 'MemoryMappedIOPortSpace', 'PalCode',
  'PersistentMemory',
] as const;
export type MemoryTypeName = (typeof MEMORY_TYPES)[number];
export const MT = Object.fromEntries(MEMORY_TYPES.map((n, i) => [n, i])) as Record<MemoryTypeName, number>;

export function memoryTypeName(t: number): string {
  if (t >= 0x80000000) return `OS-defined(0x${t.toString(16)})`;
  if (t >= 0x70000000) return `OEM-defined(0x${t.toString(16)})`;
  return MEMORY_TYPES[t] ?? `invalid(0x${t.toString(16)})`;
}

/** UEFI 2.10 §7.2.1: EFI_MEMORY_UC|WC|WT|WB, which EDK2's ArmVirtQemu reports for RAM. */
export const EFI_MEMORY_CACHEABILITY = 0xfn;
export const EFI_MEMORY_RUNTIME = 1n << 63n;

export const EFI_PAGE_SIZE = 0x1000n;
/** arch/arm64/include/asm/efi.h:103 (6.12): EFI_ALLOC_ALIGN is SZ_64K on arm64. */
export const EFI_ALLOC_ALIGN = 0x10000n;

/** EFI_MEMORY_DESCRIPTOR is 40 bytes; EDK2 reports DescriptorSize 48 (sizeof + sizeof(UINT64),
 * MdeModulePkg/Core/Dxe/Mem/Page.c CoreGetMemoryMap) so callers cannot assume the C size — the
 * 6.12 run's mmap-size 0x270 = 13 × 48 (efi-emulation.md §1.3) shows the stub honours it. */
export const DESCRIPTOR_SIZE = 48;
export const DESCRIPTOR_VERSION = 1;

export const U64 = (1n << 64n) - 1n;
