// The layout of the tables the stub reads with plain loads (UEFI 2.10 §4.3 EFI_SYSTEM_TABLE,
// §4.4 EFI_BOOT_SERVICES, §4.5 EFI_RUNTIME_SERVICES, §12.4 SIMPLE_TEXT_OUTPUT, §9.1
// EFI_LOADED_IMAGE_PROTOCOL; the kernel's mirror is include/linux/efi.h and
// drivers/firmware/efi/libstub/efistub.h). Every function pointer is a trap slot: 8 bytes in a
// non-RAM page per entry, so a `blr` to it stops the CPU and the host serves the call.

/** EFI_BOOT_SERVICES function pointers in table order; entry i is at offset 24 + 8i. */
export const BOOT_SERVICES = [
  'RaiseTPL', 'RestoreTPL', 'AllocatePages', 'FreePages', 'GetMemoryMap', 'AllocatePool', 'FreePool',
  'CreateEvent', 'SetTimer', 'WaitForEvent', 'SignalEvent', 'CloseEvent', 'CheckEvent',
  'InstallProtocolInterface', 'ReinstallProtocolInterface', 'UninstallProtocolInterface', 'HandleProtocol',
  'Reserved', 'RegisterProtocolNotify', 'LocateHandle', 'LocateDevicePath', 'InstallConfigurationTable',
  'LoadImage', 'StartImage', 'Exit', 'UnloadImage', 'ExitBootServices', 'GetNextMonotonicCount', 'Stall',
  'SetWatchdogTimer', 'ConnectController', 'DisconnectController', 'OpenProtocol', 'CloseProtocol',
  'OpenProtocolInformation', 'ProtocolsPerHandle', 'LocateHandleBuffer', 'LocateProtocol',
  'InstallMultipleProtocolInterfaces', 'UninstallMultipleProtocolInterfaces', 'CalculateCrc32', 'CopyMem',
  'SetMem', 'CreateEventEx',
] as const;

/** EFI_RUNTIME_SERVICES in table order; entry i is at offset 24 + 8i. */
export const RUNTIME_SERVICES = [
  'GetTime', 'SetTime', 'GetWakeupTime', 'SetWakeupTime', 'SetVirtualAddressMap', 'ConvertPointer',
  'GetVariable', 'GetNextVariableName', 'SetVariable', 'GetNextHighMonotonicCount', 'ResetSystem',
  'UpdateCapsule', 'QueryCapsuleCapabilities', 'QueryVariableInfo',
] as const;

/** EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL functions; the Mode pointer follows them. */
export const CONOUT_FUNCS = [
  'Reset', 'OutputString', 'TestString', 'QueryMode', 'SetMode', 'SetAttribute', 'ClearScreen',
  'SetCursorPosition', 'EnableCursor',
] as const;

/** Trap slot numbers (slot n is at trap base + 8n). */
export const SLOT = {
  boot: 0,
  runtime: 64,
  conOut: 96,
  /** EFI_LOAD_FILE2_PROTOCOL.LoadFile of the initrd handle. */
  initrdLoadFile: 112,
  /** EFI_RNG_PROTOCOL.GetInfo, .GetRNG. */
  rngGetInfo: 113,
  rngGetRng: 114,
  /** Where a host → guest call returns (x30 of the image entry, LoadFile2 callbacks, StartImage). */
  guestReturn: 127,
} as const;
export const TRAP_SLOTS = 128;
export const TRAP_SIZE = 0x10000n;

export const TABLE_HEADER_SIZE = 24;
/** 'IBI SYST', 'BOOTSERV', 'RUNTSERV' (UEFI 2.10 §4.3–4.5). */
export const SYSTEM_TABLE_SIGNATURE = 0x5453595320494249n;
export const BOOT_SERVICES_SIGNATURE = 0x56524553544f4f42n;
export const RUNTIME_SERVICES_SIGNATURE = 0x56524553544e5552n;
/** UEFI 2.70, what EDK2 of the QEMU logs reports. */
export const SPEC_REVISION = (2 << 16) | 70;

/** EFI_SYSTEM_TABLE field offsets (AArch64, 8-byte pointers). */
export const ST = {
  firmwareVendor: 24, firmwareRevision: 32, conInHandle: 40, conIn: 48, conOutHandle: 56, conOut: 64,
  stdErrHandle: 72, stdErr: 80, runtimeServices: 88, bootServices: 96, numberOfTableEntries: 104,
  configurationTable: 112, size: 120,
} as const;

/** EFI_LOADED_IMAGE_PROTOCOL field offsets. */
export const LI = {
  revision: 0, parentHandle: 8, systemTable: 16, deviceHandle: 24, filePath: 32, reserved: 40,
  loadOptionsSize: 48, loadOptions: 56, imageBase: 64, imageSize: 72, imageCodeType: 80, imageDataType: 84,
  unload: 88, size: 96,
} as const;
export const LOADED_IMAGE_REVISION = 0x1000;

/** EFI_CONFIGURATION_TABLE: GUID + pointer. */
export const CONFIG_ENTRY_SIZE = 24;
