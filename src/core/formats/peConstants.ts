// Names for PE/COFF numeric fields, from the PE/COFF specification and include/linux/pe.h
// (which defines the subset an EFI-stub kernel uses).

export const MACHINES: Record<number, string> = {
  0x014c: 'IMAGE_FILE_MACHINE_I386',
  0x01c0: 'IMAGE_FILE_MACHINE_ARM',
  0x01c2: 'IMAGE_FILE_MACHINE_THUMB',
  0x01c4: 'IMAGE_FILE_MACHINE_ARMNT',
  0x0200: 'IMAGE_FILE_MACHINE_IA64',
  0x0ebc: 'IMAGE_FILE_MACHINE_EBC',
  0x5032: 'IMAGE_FILE_MACHINE_RISCV32',
  0x5064: 'IMAGE_FILE_MACHINE_RISCV64',
  0x5128: 'IMAGE_FILE_MACHINE_RISCV128',
  0x6232: 'IMAGE_FILE_MACHINE_LOONGARCH32',
  0x6264: 'IMAGE_FILE_MACHINE_LOONGARCH64',
  0x8664: 'IMAGE_FILE_MACHINE_AMD64',
  0xaa64: 'IMAGE_FILE_MACHINE_ARM64',
};

/** Architecture names as the rest of the app uses them. */
export const MACHINE_ARCH: Record<number, string> = {
  0x014c: 'x86',
  0x8664: 'x86_64',
  0xaa64: 'arm64',
  0x5064: 'riscv64',
  0x5032: 'riscv32',
  0x6264: 'loongarch64',
  0x01c2: 'arm',
  0x01c4: 'arm',
};

export const COFF_CHARACTERISTICS: ReadonlyArray<readonly [number, string]> = [
  [0x0001, 'RELOCS_STRIPPED'],
  [0x0002, 'EXECUTABLE_IMAGE'],
  [0x0004, 'LINE_NUMS_STRIPPED'],
  [0x0008, 'LOCAL_SYMS_STRIPPED'],
  [0x0010, 'AGGRESSIVE_WS_TRIM'],
  [0x0020, 'LARGE_ADDRESS_AWARE'],
  [0x0080, 'BYTES_REVERSED_LO'],
  [0x0100, '32BIT_MACHINE'],
  [0x0200, 'DEBUG_STRIPPED'],
  [0x0400, 'REMOVABLE_RUN_FROM_SWAP'],
  [0x0800, 'NET_RUN_FROM_SWAP'],
  [0x1000, 'SYSTEM'],
  [0x2000, 'DLL'],
  [0x4000, 'UP_SYSTEM_ONLY'],
  [0x8000, 'BYTES_REVERSED_HI'],
];

export const DLL_CHARACTERISTICS: ReadonlyArray<readonly [number, string]> = [
  [0x0020, 'HIGH_ENTROPY_VA'],
  [0x0040, 'DYNAMIC_BASE'],
  [0x0080, 'FORCE_INTEGRITY'],
  [0x0100, 'NX_COMPAT'],
  [0x0200, 'NO_ISOLATION'],
  [0x0400, 'NO_SEH'],
  [0x0800, 'NO_BIND'],
  [0x1000, 'APPCONTAINER'],
  [0x2000, 'WDM_DRIVER'],
  [0x4000, 'GUARD_CF'],
  [0x8000, 'TERMINAL_SERVER_AWARE'],
];

export const SUBSYSTEMS: Record<number, string> = {
  1: 'IMAGE_SUBSYSTEM_NATIVE',
  2: 'IMAGE_SUBSYSTEM_WINDOWS_GUI',
  3: 'IMAGE_SUBSYSTEM_WINDOWS_CUI',
  10: 'IMAGE_SUBSYSTEM_EFI_APPLICATION',
  11: 'IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER',
  12: 'IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER',
  13: 'IMAGE_SUBSYSTEM_EFI_ROM',
};

export const SECTION_CHARACTERISTICS: ReadonlyArray<readonly [number, string]> = [
  [0x00000020, 'CNT_CODE'],
  [0x00000040, 'CNT_INITIALIZED_DATA'],
  [0x00000080, 'CNT_UNINITIALIZED_DATA'],
  [0x00000200, 'LNK_INFO'],
  [0x00000800, 'LNK_REMOVE'],
  [0x00001000, 'LNK_COMDAT'],
  [0x00008000, 'GPREL'],
  [0x01000000, 'LNK_NRELOC_OVFL'],
  [0x02000000, 'MEM_DISCARDABLE'],
  [0x04000000, 'MEM_NOT_CACHED'],
  [0x08000000, 'MEM_NOT_PAGED'],
  [0x10000000, 'MEM_SHARED'],
  [0x20000000, 'MEM_EXECUTE'],
  [0x40000000, 'MEM_READ'],
  [0x80000000, 'MEM_WRITE'],
];

export const DATA_DIRECTORIES = [
  'Export', 'Import', 'Resource', 'Exception', 'Certificate', 'BaseReloc', 'Debug', 'Architecture',
  'GlobalPtr', 'TLS', 'LoadConfig', 'BoundImport', 'IAT', 'DelayImport', 'CLRRuntime', 'Reserved',
] as const;

export const DATA_DIRECTORY_MEANING: Record<string, string> = {
  Export: 'exported symbols (unused by EFI-stub kernels)',
  Import: 'imported symbols (an EFI application imports nothing)',
  Resource: 'resources (unused)',
  Exception: 'unwind data (unused)',
  Certificate: 'Authenticode signatures; VirtualAddress is a FILE OFFSET here, filled in by sbsign/pesign',
  BaseReloc: 'base relocations (the kernel stub is position independent: empty)',
  Debug: 'debug directory: CodeView path of vmlinuz.efi.elf and/or EX_DLLCHARACTERISTICS (FORWARD_CFI)',
  Architecture: 'reserved',
  GlobalPtr: 'global pointer register value',
  TLS: 'thread-local storage',
  LoadConfig: 'load configuration',
  BoundImport: 'bound imports',
  IAT: 'import address table',
  DelayImport: 'delay-load imports',
  CLRRuntime: 'CLR header',
  Reserved: 'reserved',
};

/** Section names a systemd-stub UKI carries (systemd src/fundamental/uki.c), with what they hold. */
export const UKI_SECTIONS: Record<string, string> = {
  '.linux': 'the kernel image (on arm64 possibly itself an EFI zboot image)',
  '.osrel': 'os-release of the OS this UKI boots',
  '.cmdline': 'kernel command line',
  '.initrd': 'initramfs',
  '.ucode': 'CPU microcode initrd',
  '.splash': 'boot splash image',
  '.dtb': 'devicetree blob',
  '.uname': 'kernel release (uname -r)',
  '.sbat': 'SBAT revocation metadata',
  '.pcrsig': 'signature of the expected TPM PCR 11 values',
  '.pcrpkey': 'public key for .pcrsig',
  '.profile': 'UKI profile',
  '.dtbauto': 'devicetree chosen by firmware hwid match',
  '.hwids': 'hardware ids for .dtbauto',
  '.efifw': 'firmware images',
};

/** IMAGE_DEBUG_DIRECTORY Type values (include/linux/pe.h, 7.2, which lists the PE/COFF spec's set). */
export const DEBUG_TYPES: Record<number, string> = {
  0: 'UNKNOWN', 1: 'COFF', 2: 'CODEVIEW', 3: 'FPO', 4: 'MISC', 5: 'EXCEPTION', 6: 'FIXUP', 7: 'OMAP_TO_SRC',
  8: 'OMAP_FROM_SRC', 9: 'BORLAND', 10: 'RESERVED10', 11: 'CLSID', 12: 'VC_FEATURE', 13: 'POGO', 14: 'ILTCG',
  15: 'MPX', 16: 'REPRO', 17: 'EMBEDDED_PORTABLE_PDB', 18: 'SPGO', 19: 'PDBCHECKSUM', 20: 'EX_DLLCHARACTERISTICS',
  21: 'PERFMAP',
};
export const DEBUG_TYPE_CODEVIEW = 2;
export const DEBUG_TYPE_EX_DLLCHARACTERISTICS = 20;

/** IMAGE_DLLCHARACTERISTICS_EX_* bits of an EX_DLLCHARACTERISTICS debug entry (include/linux/pe.h, 7.2). */
export const DLL_CHARACTERISTICS_EX: ReadonlyArray<readonly [number, string]> = [
  [0x0001, 'CET_COMPAT'],
  [0x0002, 'CET_COMPAT_STRICT_MODE'],
  [0x0004, 'CET_SET_CONTEXT_IP_VALIDATION_RELAXED_MODE'],
  [0x0008, 'CET_DYNAMIC_APIS_ALLOW_IN_PROC'],
  [0x0010, 'CET_RESERVED_1'],
  [0x0020, 'CET_RESERVED_2'],
  [0x0040, 'FORWARD_CFI_COMPAT'],
  [0x0080, 'HOTPATCH_COMPATIBLE'],
];
