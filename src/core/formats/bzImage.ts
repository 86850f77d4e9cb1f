// x86 bzImage real-mode setup header at 0x1f1 (Documentation/arch/x86/boot.rst,
// arch/x86/include/uapi/asm/bootparam.h struct setup_header). Domain notes §2.4.
// Recognised and shown; kexec placement of x86 is out of scope.
import type { Field } from '../bytes/field';
import { hex, hexSize } from '../bytes/hex';
import { type ByteView, type ParseLog, StructBuilder, decodeFlags } from '../bytes/reader';

const SRC = 'Documentation/arch/x86/boot.rst';

export interface BzImageHeader {
  setupSects?: number;
  protocolVersion?: string;
  protocolVersionRaw?: number;
  syssize?: number;
  loadflags?: number;
  kernelAlignment?: number;
  relocatable?: number;
  xloadflags?: number;
  cmdlineSize?: number;
  payloadOffset?: number;
  payloadLength?: number;
  prefAddress?: bigint;
  initSize?: number;
  handoverOffset?: number;
  /** Derived: file offset of the protected-mode code ((setup_sects || 4) + 1) * 512. */
  protectedModeOffset?: number;
}

export function isBzImage(view: ByteView): boolean {
  return view.u16(0x1fe) === 0xaa55 && view.u32(0x202) === 0x53726448; // "HdrS"
}

const LOADFLAGS = [[0x01, 'LOADED_HIGH'], [0x02, 'KASLR_FLAG'], [0x20, 'QUIET_FLAG'], [0x40, 'KEEP_SEGMENTS'], [0x80, 'CAN_USE_HEAP']] as const;
const XLOADFLAGS = [
  [0x01, 'XLF_KERNEL_64'], [0x02, 'XLF_CAN_BE_LOADED_ABOVE_4G'], [0x04, 'XLF_EFI_HANDOVER_32'], [0x08, 'XLF_EFI_HANDOVER_64'],
  [0x10, 'XLF_EFI_KEXEC'], [0x20, 'XLF_5LEVEL'], [0x40, 'XLF_5LEVEL_ENABLED'], [0x80, 'XLF_MEM_ENCRYPTION'],
] as const;

export function parseBzImage(view: ByteView, log: ParseLog): { bzimage: BzImageHeader; field: Field } {
  const b = new StructBuilder(view, log, 'bzimage', 0x1f1, 'x86 setup header', SRC);
  const dec = (v: number | bigint) => `${v} (${hex(v)})`;
  const h: BzImageHeader = {};
  const setupSects = b.u8('setup_sects', 0, { meaning: 'size of the real-mode setup in 512-byte sectors (0 means 4)', decode: String });
  b.u16('root_flags', 1, { meaning: 'deprecated: mount root read-only' });
  h.syssize = b.u32('syssize', 3, { meaning: 'protected-mode code size in 16-byte paragraphs', decode: dec });
  b.u16('ram_size', 7, { meaning: 'obsolete' });
  b.u16('vid_mode', 9, { meaning: 'video mode control' });
  b.u16('root_dev', 0xb, { meaning: 'default root device' });
  b.u16('boot_flag', 0xd, { meaning: '0xAA55 boot sector signature' });
  b.u16('jump', 0xf, { meaning: 'x86 jump instruction over the header' });
  b.str('header', 0x11, 4, { meaning: '"HdrS": a boot protocol ≥ 2.00 header follows' });
  const version = b.u16('version', 0x15, { meaning: 'boot protocol version', decode: (v) => `${Number(v) >> 8}.${(Number(v) & 0xff).toString().padStart(2, '0')}` });
  b.u32('realmode_swtch', 0x17, { meaning: 'boot loader hook' });
  b.u16('start_sys_seg', 0x1b, { meaning: 'obsolete load segment' });
  b.u16('kernel_version', 0x1d, { meaning: 'offset of the kernel version string minus 0x200' });
  b.u8('type_of_loader', 0x1f, { meaning: 'boot loader id (written by the loader)' });
  h.loadflags = b.u8('loadflags', 0x20, { meaning: 'boot protocol option flags', decode: (v) => decodeFlags(v, LOADFLAGS) });
  b.u16('setup_move_size', 0x21, { meaning: 'obsolete' });
  b.u32('code32_start', 0x23, { meaning: '32-bit entry (default load address 0x100000)' });
  b.u32('ramdisk_image', 0x27, { meaning: 'initrd address (written by the loader)' });
  b.u32('ramdisk_size', 0x2b, { meaning: 'initrd size (written by the loader)' });
  b.u32('bootsect_kludge', 0x2f, { meaning: 'obsolete' });
  b.u16('heap_end_ptr', 0x33, { meaning: 'end of setup heap' });
  b.u8('ext_loader_ver', 0x35, { meaning: 'extended loader version' });
  b.u8('ext_loader_type', 0x36, { meaning: 'extended loader type' });
  b.u32('cmd_line_ptr', 0x37, { meaning: 'command line address (written by the loader)' });
  b.u32('initrd_addr_max', 0x3b, { meaning: 'highest address an initrd may occupy' });
  h.kernelAlignment = b.u32('kernel_alignment', 0x3f, { meaning: 'physical alignment the kernel needs', decode: (v) => hexSize(v) });
  h.relocatable = b.u8('relocatable_kernel', 0x43, { meaning: '1 = may be loaded at any kernel_alignment-aligned address', decode: String });
  b.u8('min_alignment', 0x44, { meaning: 'minimum alignment as a power of two', decode: (v) => `2^${v}` });
  h.xloadflags = b.u16('xloadflags', 0x45, { meaning: '64-bit entry, above-4G, EFI handover and kexec capabilities', decode: (v) => decodeFlags(v, XLOADFLAGS) });
  h.cmdlineSize = b.u32('cmdline_size', 0x47, { meaning: 'maximum command line length', decode: dec });
  b.u32('hardware_subarch', 0x4b, { meaning: 'hardware subarchitecture' });
  b.u64('hardware_subarch_data', 0x4f, { meaning: 'subarchitecture data' });
  h.payloadOffset = b.u32('payload_offset', 0x57, { meaning: 'compressed kernel offset, relative to the protected-mode code', decode: dec });
  h.payloadLength = b.u32('payload_length', 0x5b, { meaning: 'compressed kernel length', decode: dec });
  b.u64('setup_data', 0x5f, { meaning: 'linked list of setup_data (written by the loader)' });
  h.prefAddress = b.u64('pref_address', 0x67, { meaning: 'preferred load address when relocating' });
  h.initSize = b.u32('init_size', 0x6f, { meaning: 'linear memory the kernel needs during initialisation', decode: (v) => hexSize(v) });
  h.handoverOffset = b.u32('handover_offset', 0x73, { meaning: 'EFI handover protocol entry offset (deprecated)' });
  b.u32('kernel_info_offset', 0x77, { meaning: 'offset of kernel_info, relative to the protected-mode code' });
  if (setupSects !== undefined) {
    h.setupSects = setupSects;
    h.protectedModeOffset = ((setupSects || 4) + 1) * 512;
  }
  if (version !== undefined) {
    h.protocolVersionRaw = version;
    h.protocolVersion = `${version >> 8}.${(version & 0xff).toString().padStart(2, '0')}`;
  }
  return { bzimage: h, field: b.node('x86 setup header', 'struct setup_header of the x86 boot protocol') };
}
