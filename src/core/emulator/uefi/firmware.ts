// A minimal UEFI for the arm64 EFI stub, implemented by the host (efi-emulation.md §6): the
// system table, boot and runtime services tables, ConOut and the protocols live in guest RAM
// so the stub reads them with ordinary loads; every function pointer is a trap slot, and a
// `blr` to one stops the CPU, the host serves the call from x0–x7 and returns to x30.
// Host → guest calls (6.1's LoadFile2 callback during LoadImage, StartImage of the inner
// image) run the CPU again, nested, with x30 pointing at a return slot.
import { crc32 } from '../../bytes/crc';
import { sha256Sync, toHex } from '../../bytes/sha256';
import type { Aarch64Machine, RamRegion } from '../cpu/machine';
import { peLoadPlan } from '../peImage';
import { BOOT_SERVICE_HANDLERS } from './bootServices';
import { type DevicePathNode, prefixLength, readDevicePath, venMediaPath } from './devicePath';
import { GUIDS, guidText } from './guids';
import { type AllocationEvent, MemoryMap } from './memoryMap';
import { Pool } from './pool';
import { CONOUT_HANDLERS, INITRD_LOAD_FILE, RNG_GET_INFO, RNG_GET_RNG, Rng } from './protocols';
import { RunEnd } from './runEnd';
import { RUNTIME_SERVICE_HANDLERS, secureBootVariables } from './runtimeServices';
import {
  BOOT_SERVICES, BOOT_SERVICES_SIGNATURE, CONFIG_ENTRY_SIZE, CONOUT_FUNCS, LI, LOADED_IMAGE_REVISION,
  RUNTIME_SERVICES, RUNTIME_SERVICES_SIGNATURE, SLOT, SPEC_REVISION, ST, SYSTEM_TABLE_SIGNATURE,
  TABLE_HEADER_SIZE, TRAP_SIZE,
} from './tables';
import type { CallKind, ServiceCall } from './trace';
import { EFI_PAGE_SIZE, MT, statusName } from './types';


/** Exit() of an image started by StartImage unwinds to that StartImage (UEFI 2.10 §7.4.5). */
class ImageExit {
  constructor(
    readonly handle: bigint,
    readonly status: bigint,
  ) {}
}

export interface FirmwareOptions {
  ram: RamRegion[];
  /** The kernel command line, handed over as LOADED_IMAGE.LoadOptions in UTF-16. */
  cmdline: string;
  initrd?: Uint8Array;
  dtb?: Uint8Array;
  /** When set, an EFI_RNG_PROTOCOL answers GetRNG with bytes derived from this seed. */
  rngSeed?: bigint;
  /** GetVariable reports SecureBoot=1, SetupMode=0 (include/linux/efi.h efi_get_secureboot_mode). */
  secureBoot?: boolean;
  maxInstructions: number;
  maxSeconds: number;
  maxServiceCalls?: number;
  onCall?: (c: ServiceCall) => void;
  onAllocation?: (e: AllocationEvent) => void;
  onProgress?: (instructions: number, seconds: number) => void;
}

export type Handler = (c: CallContext) => bigint | undefined;

export interface CallContext {
  fw: Firmware;
  /** Argument register n (x0–x7), or the stack slot for n ≥ 8 (AAPCS64 variadics). */
  x(n: number): bigint;
  arg(name: string, value: string | bigint): void;
  out(name: string, value: string | bigint): void;
  name: string;
}

export interface LoadedImage {
  handle: bigint;
  base: bigint;
  size: bigint;
  pages: bigint;
  allocation: bigint;
  entry: bigint;
  protocol: bigint;
  parent: bigint;
  started: boolean;
}

const CHUNK = 1 << 20;
const fmt = (v: string | bigint) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v);

/** A 64 KiB window outside RAM for the trap slots: at 0x10000 when free, else above RAM. */
export function trapWindow(ram: RamRegion[]): { base: bigint; size: bigint } {
  const overlaps = (b: bigint) => ram.some((r) => b < r.base + r.size && r.base < b + TRAP_SIZE);
  if (!overlaps(0x10000n)) return { base: 0x10000n, size: TRAP_SIZE };
  const top = ram.reduce((m, r) => (r.base + r.size > m ? r.base + r.size : m), 0n);
  return { base: (top + TRAP_SIZE - 1n) & ~(TRAP_SIZE - 1n), size: TRAP_SIZE };
}

export const STACK_SIZE = 0x20000n;

export class Firmware {
  readonly map: MemoryMap;
  readonly pool: Pool;
  readonly calls: ServiceCall[] = [];
  readonly console: string[] = [];
  private line = '';
  readonly trapBase: bigint;
  systemTable = 0n;
  bootServices = 0n;
  runtimeServices = 0n;
  private configTable = 0n;
  readonly configCapacity = 64;
  readonly configTables: { guid: Uint8Array; table: bigint }[] = [];
  readonly handles = new Map<bigint, Map<string, bigint>>();
  readonly images = new Map<bigint, LoadedImage>();
  private handleNext = 0n;
  private handleEnd = 0n;
  readonly stack: { base: bigint; top: bigint };
  conOut = 0n;
  conOutHandle = 0n;
  scratch = 0n;
  exited = false;
  virtualMapSet = false;
  readonly variables = new Map<string, { attributes: number; data: Uint8Array }>();
  readonly rng?: Rng;
  /** pc → the buffer the kernel would run from; armed by a successful ExitBootServices. */
  readonly entryCandidates = new Map<bigint, { base: bigint; size: bigint }>();
  /** sha256 of what 6.1's LoadFile2 callback returned (the decompressed inner image). */
  readonly loadFileOutputs: { size: bigint; sha256: string }[] = [];
  private depth = 0;
  private readonly started = Date.now();
  private lastProgress = 0;

  constructor(
    readonly machine: Aarch64Machine,
    readonly opts: FirmwareOptions,
  ) {
    this.trapBase = trapWindow(opts.ram).base;
    this.map = new MemoryMap(opts.ram);
    this.map.onEvent = opts.onAllocation;
    this.pool = new Pool(this.map);
    if (opts.rngSeed !== undefined) this.rng = new Rng(opts.rngSeed);
    if (opts.secureBoot) for (const [k, v] of secureBootVariables()) this.variables.set(k, v);
    // The stack: UEFI's 128 KiB minimum (UEFI 2.10 §2.3.6.1), at the bottom of the lowest RAM
    // bank so the guard below it is unmapped address space: an overflow faults.
    const low = [...opts.ram].sort((a, b) => (a.base < b.base ? -1 : 1))[0];
    const lowBase = low ? (low.base + EFI_PAGE_SIZE - 1n) & ~(EFI_PAGE_SIZE - 1n) : 0n;
    const st = this.map.allocate(2, MT.BootServicesData, STACK_SIZE / EFI_PAGE_SIZE, lowBase, 'firmware: stack');
    if (st.address === undefined) throw new RunEnd('error', 'RAM too small for the 128 KiB firmware stack');
    this.stack = { base: st.address, top: st.address + STACK_SIZE };
    this.buildTables();
  }

  slot(n: number): bigint {
    return this.trapBase + BigInt(n) * 8n;
  }

  // ---- guest memory, with every failure a clear stop --------------------------------------
  read(addr: bigint, len: number, what: string): Uint8Array {
    const b = len === 0 ? new Uint8Array(0) : this.machine.read(addr, len);
    if (!b) throw new RunEnd('error', `${what}: [0x${addr.toString(16)}, +0x${len.toString(16)}) is outside RAM`);
    return b;
  }
  write(addr: bigint, bytes: Uint8Array, what: string): void {
    if (bytes.length && !this.machine.write(addr, bytes)) throw new RunEnd('error', `${what}: writing [0x${addr.toString(16)}, +0x${bytes.length.toString(16)}) outside RAM`);
  }
  r64(addr: bigint, what: string): bigint {
    const v = this.machine.read64(addr);
    if (v === undefined) throw new RunEnd('error', `${what}: reading 0x${addr.toString(16)} outside RAM`);
    return v;
  }
  r32(addr: bigint, what: string): number {
    const v = this.machine.read32(addr);
    if (v === undefined) throw new RunEnd('error', `${what}: reading 0x${addr.toString(16)} outside RAM`);
    return v;
  }
  w64(addr: bigint, v: bigint, what: string): void {
    if (!this.machine.write64(addr, v)) throw new RunEnd('error', `${what}: writing 0x${addr.toString(16)} outside RAM`);
  }
  w32(addr: bigint, v: number, what: string): void {
    if (!this.machine.write32(addr, v)) throw new RunEnd('error', `${what}: writing 0x${addr.toString(16)} outside RAM`);
  }
  guid(addr: bigint, what: string): Uint8Array {
    return this.read(addr, 16, what);
  }
  /** A NUL-terminated UCS-2 string, at most `max` characters. */
  utf16(addr: bigint, what: string, max = 4096): string {
    let s = '';
    for (let i = 0; i < max; i++) {
      const b = this.read(addr + BigInt(i * 2), 2, what);
      const c = (b[0] as number) | ((b[1] as number) << 8);
      if (c === 0) return s;
      s += String.fromCharCode(c);
    }
    return s;
  }
  devicePath(addr: bigint, what: string): DevicePathNode[] {
    const { nodes, error } = readDevicePath((a, n) => this.machine.read(a, n), addr);
    if (error) throw new RunEnd('error', `${what}: ${error}`);
    return nodes;
  }

  /** Firmware-internal pool memory (not counted in the stub's pool peak). */
  fwAlloc(type: number, bytes: Uint8Array | number, what: string): bigint {
    const size = typeof bytes === 'number' ? bytes : bytes.length;
    const r = this.pool.allocate(type, BigInt(size), `firmware: ${what}`, false);
    if (r.address === undefined) throw new RunEnd('error', `firmware: out of memory for ${what}`);
    if (typeof bytes !== 'number') this.write(r.address, bytes, `firmware: ${what}`);
    else this.machine.fill(r.address, BigInt(size), 0);
    return r.address;
  }

  // ---- handles and protocols -------------------------------------------------------------
  newHandle(): bigint {
    // A handle is an opaque non-NULL pointer (UEFI 2.10 §2.3.1 EFI_HANDLE); ours point at 16
    // bytes of BootServicesData each, so they are real guest addresses.
    if (this.handleNext >= this.handleEnd) {
      this.handleNext = this.fwAlloc(MT.BootServicesData, 0x400, 'handles');
      this.handleEnd = this.handleNext + 0x400n;
    }
    const h = this.handleNext;
    this.handleNext += 16n;
    this.handles.set(h, new Map());
    return h;
  }
  install(handle: bigint, guid: Uint8Array, iface: bigint): void {
    this.handles.get(handle)?.set(guidText(guid), iface);
  }
  protocolOf(handle: bigint, guid: Uint8Array): bigint | undefined {
    return this.handles.get(handle)?.get(guidText(guid));
  }
  handlesWith(guid: Uint8Array): bigint[] {
    const t = guidText(guid);
    return [...this.handles].filter(([, p]) => p.has(t)).map(([h]) => h);
  }

  /**
   * The handle carrying `protocol` whose device path is the longest prefix of `path`
   * (LocateDevicePath, UEFI 2.10 §7.3.8); with `exact`, only a path equal to all of `path`.
   */
  matchDevicePath(protocol: Uint8Array, path: DevicePathNode[], exact = false): { handle: bigint; nodes: number } | undefined {
    const dpKey = guidText(GUIDS.EFI_DEVICE_PATH_PROTOCOL);
    const body = path.filter((n) => n.type !== 0x7f).length;
    let best: { handle: bigint; nodes: number } | undefined;
    for (const [h, ps] of this.handles) {
      const dp = ps.get(dpKey);
      if (dp === undefined || !ps.has(guidText(protocol))) continue;
      const n = prefixLength(this.devicePath(dp, 'a handle\'s device path'), path);
      if (n <= 0 || (exact && n !== body)) continue;
      if (!best || n > best.nodes) best = { handle: h, nodes: n };
    }
    return best;
  }

  // ---- tables -------------------------------------------------------------------------------
  private buildTables(): void {
    const rt = this.map.allocate(0, MT.RuntimeServicesData, 16n, 0n, 'firmware: system table', 0x10000n);
    const bs = this.map.allocate(0, MT.BootServicesData, 16n, 0n, 'firmware: boot services');
    if (rt.address === undefined || bs.address === undefined) throw new RunEnd('error', 'RAM too small for the firmware tables');
    this.systemTable = rt.address;
    this.runtimeServices = rt.address + 0x100n;
    const vendor = rt.address + 0x200n;
    this.configTable = rt.address + 0x400n;
    this.bootServices = bs.address;
    this.conOut = bs.address + 0x200n;
    const mode = bs.address + 0x280n;
    const lf2 = bs.address + 0x300n;
    const rngProto = bs.address + 0x320n;
    const initrdPath = bs.address + 0x340n;
    this.scratch = bs.address + 0x3f0n;

    const header = (at: bigint, sig: bigint, size: number) => {
      this.w64(at, sig, 'tables');
      this.w32(at + 8n, SPEC_REVISION, 'tables');
      this.w32(at + 12n, size, 'tables');
    };
    header(this.bootServices, BOOT_SERVICES_SIGNATURE, TABLE_HEADER_SIZE + 8 * BOOT_SERVICES.length);
    BOOT_SERVICES.forEach((_, i) => this.w64(this.bootServices + BigInt(24 + 8 * i), this.slot(SLOT.boot + i), 'tables'));
    header(this.runtimeServices, RUNTIME_SERVICES_SIGNATURE, TABLE_HEADER_SIZE + 8 * RUNTIME_SERVICES.length);
    RUNTIME_SERVICES.forEach((_, i) => this.w64(this.runtimeServices + BigInt(24 + 8 * i), this.slot(SLOT.runtime + i), 'tables'));
    CONOUT_FUNCS.forEach((_, i) => this.w64(this.conOut + BigInt(8 * i), this.slot(SLOT.conOut + i), 'tables'));
    this.w64(this.conOut + BigInt(8 * CONOUT_FUNCS.length), mode, 'tables');
    this.w32(mode, 1, 'tables'); // SIMPLE_TEXT_OUTPUT_MODE.MaxMode = 1, Mode 0

    const name = 'zboot-explorer';
    const v = new Uint8Array(name.length * 2 + 2);
    for (let i = 0; i < name.length; i++) v[i * 2] = name.charCodeAt(i);
    this.write(vendor, v, 'tables');

    header(this.systemTable, SYSTEM_TABLE_SIGNATURE, ST.size);
    this.w64(this.systemTable + BigInt(ST.firmwareVendor), vendor, 'tables');
    this.w32(this.systemTable + BigInt(ST.firmwareRevision), 0x10000, 'tables');
    this.conOutHandle = this.newHandle();
    this.w64(this.systemTable + BigInt(ST.conOutHandle), this.conOutHandle, 'tables');
    this.w64(this.systemTable + BigInt(ST.conOut), this.conOut, 'tables');
    this.w64(this.systemTable + BigInt(ST.stdErrHandle), this.conOutHandle, 'tables');
    this.w64(this.systemTable + BigInt(ST.stdErr), this.conOut, 'tables');
    this.w64(this.systemTable + BigInt(ST.runtimeServices), this.runtimeServices, 'tables');
    this.w64(this.systemTable + BigInt(ST.bootServices), this.bootServices, 'tables');
    this.w64(this.systemTable + BigInt(ST.configurationTable), this.configTable, 'tables');

    if (this.opts.initrd) {
      // The initrd as the stub looks for it: a handle with a VenMedia(LINUX_EFI_INITRD_MEDIA_GUID)
      // device path and EFI_LOAD_FILE2_PROTOCOL (efi-stub-helper.c efi_load_initrd_dev_path).
      const h = this.newHandle();
      this.write(initrdPath, venMediaPath(GUIDS.LINUX_EFI_INITRD_MEDIA), 'tables');
      this.w64(lf2, this.slot(SLOT.initrdLoadFile), 'tables');
      this.install(h, GUIDS.EFI_DEVICE_PATH_PROTOCOL, initrdPath);
      this.install(h, GUIDS.EFI_LOAD_FILE2_PROTOCOL, lf2);
    }
    if (this.rng) {
      const h = this.newHandle();
      this.w64(rngProto, this.slot(SLOT.rngGetInfo), 'tables');
      this.w64(rngProto + 8n, this.slot(SLOT.rngGetRng), 'tables');
      this.install(h, GUIDS.EFI_RNG_PROTOCOL, rngProto);
    }
    if (this.opts.dtb) {
      // EDK2's ArmVirtQemu hands the QEMU devicetree over as the DEVICE_TREE configuration
      // table in boot-services memory (the stub copies it: fdt.c allocate_new_fdt_and_exit_boot).
      const pages = (BigInt(this.opts.dtb.length) + EFI_PAGE_SIZE - 1n) / EFI_PAGE_SIZE;
      const d = this.map.allocate(0, MT.BootServicesData, pages, 0n, 'firmware: devicetree');
      if (d.address === undefined) throw new RunEnd('error', 'RAM too small for the devicetree');
      this.write(d.address, this.opts.dtb, 'devicetree');
      this.setConfigTable(GUIDS.DEVICE_TREE, d.address);
    }
    this.refreshCrcs();
  }

  /** Recomputes the header CRC32s (UEFI 2.10 §4.2: computed with the CRC field zeroed). */
  refreshCrcs(): void {
    for (const [at, size] of [
      [this.systemTable, ST.size], [this.bootServices, TABLE_HEADER_SIZE + 8 * BOOT_SERVICES.length],
      [this.runtimeServices, TABLE_HEADER_SIZE + 8 * RUNTIME_SERVICES.length],
    ] as const) {
      this.w32(at + 16n, 0, 'tables');
      this.w32(at + 16n, crc32(this.read(at, size, 'tables')), 'tables');
    }
  }

  /** InstallConfigurationTable semantics (UEFI 2.10 §7.3.15): add, replace, or delete on NULL. */
  setConfigTable(guid: Uint8Array, table: bigint): 'added' | 'replaced' | 'deleted' | 'not-found' | 'full' {
    const t = guidText(guid);
    const i = this.configTables.findIndex((e) => guidText(e.guid) === t);
    let what: 'added' | 'replaced' | 'deleted' | 'not-found' | 'full';
    if (table === 0n) {
      if (i < 0) return 'not-found';
      this.configTables.splice(i, 1);
      what = 'deleted';
    } else if (i >= 0) {
      this.configTables[i] = { guid: guid.slice(), table };
      what = 'replaced';
    } else {
      if (this.configTables.length >= this.configCapacity) return 'full';
      this.configTables.push({ guid: guid.slice(), table });
      what = 'added';
    }
    this.configTables.forEach((e, k) => {
      const at = this.configTable + BigInt(k * CONFIG_ENTRY_SIZE);
      this.write(at, e.guid, 'configuration table');
      this.w64(at + 16n, e.table, 'configuration table');
    });
    this.w64(this.systemTable + BigInt(ST.numberOfTableEntries), BigInt(this.configTables.length), 'configuration table');
    this.refreshCrcs();
    return what;
  }

  // ---- images ------------------------------------------------------------------------------
  /**
   * The PE/COFF loader behind LoadImage (and the boot manager's load of the zboot file):
   * pages of LoaderCode as EDK2 takes them (CoreLoadPeImage: AllocateAnyPages, over-allocated
   * by SectionAlignment and aligned up), headers and raw section data copied, the rest of
   * SizeOfImage zero, no relocations (efi-emulation.md §2).
   */
  loadPe(bytes: Uint8Array, parent: bigint, by: string): { image?: LoadedImage; error?: string } {
    const { plan, error } = peLoadPlan(bytes);
    if (!plan) return { error };
    const align = BigInt(plan.sectionAlignment);
    const size = BigInt(plan.sizeOfImage);
    const pages = (size + (align > EFI_PAGE_SIZE ? align : 0n) + EFI_PAGE_SIZE - 1n) / EFI_PAGE_SIZE;
    const r = this.map.allocate(0, MT.LoaderCode, pages, 0n, by);
    if (r.address === undefined) return { error: `no room for the image: ${pages} pages of LoaderCode` };
    const base = (r.address + align - 1n) & ~(align - 1n);
    this.machine.fill(r.address, pages * EFI_PAGE_SIZE, 0);
    this.write(base, bytes.subarray(0, plan.sizeOfHeaders), 'PE headers');
    for (const s of plan.sections) {
      if (s.sizeOfRawData) this.write(base + BigInt(s.virtualAddress), bytes.subarray(s.pointerToRawData, s.pointerToRawData + s.sizeOfRawData), `section ${s.name}`);
    }
    const handle = this.newHandle();
    const li = this.fwAlloc(MT.BootServicesData, LI.size, 'EFI_LOADED_IMAGE_PROTOCOL');
    this.w32(li + BigInt(LI.revision), LOADED_IMAGE_REVISION, 'loaded image');
    this.w64(li + BigInt(LI.parentHandle), parent, 'loaded image');
    this.w64(li + BigInt(LI.systemTable), this.systemTable, 'loaded image');
    this.w64(li + BigInt(LI.imageBase), base, 'loaded image');
    this.w64(li + BigInt(LI.imageSize), size, 'loaded image');
    this.w32(li + BigInt(LI.imageCodeType), MT.LoaderCode, 'loaded image');
    this.w32(li + BigInt(LI.imageDataType), MT.LoaderData, 'loaded image');
    this.install(handle, GUIDS.LOADED_IMAGE_PROTOCOL, li);
    const image: LoadedImage = { handle, base, size, pages, allocation: r.address, entry: base + BigInt(plan.entry), protocol: li, parent, started: false };
    this.images.set(handle, image);
    return { image };
  }

  /** LoadOptions: the command line in UCS-2 with its NUL, as a boot manager passes it. */
  setLoadOptions(image: LoadedImage, cmdline: string): void {
    if (!cmdline) return;
    const b = new Uint8Array(cmdline.length * 2 + 2);
    for (let i = 0; i < cmdline.length; i++) {
      const c = cmdline.charCodeAt(i);
      b[i * 2] = c & 0xff;
      b[i * 2 + 1] = c >> 8;
    }
    const at = this.fwAlloc(MT.BootServicesData, b, 'load options');
    this.w32(image.protocol + BigInt(LI.loadOptionsSize), b.length, 'loaded image');
    this.w64(image.protocol + BigInt(LI.loadOptions), at, 'loaded image');
  }

  recordLoadFile(addr: bigint, size: bigint): void {
    const b = this.machine.read(addr, Number(size));
    if (b) this.loadFileOutputs.push({ size, sha256: toHex(sha256Sync(b)) });
  }

  /** Exit() was called for `handle`: unwind to its StartImage, or end the run for the top image. */
  exitImage(handle: bigint, status: bigint): never {
    const img = this.images.get(handle);
    if (img?.started && img.parent !== 0n) throw new ImageExit(handle, status);
    throw new RunEnd('error', `the image called Exit(${statusName(status)}) before reaching the kernel`);
  }

  /**
   * ExitBootServices succeeded: from now on the kernel entry is a jump to the start of a
   * LoaderCode buffer — pc == image base on 6.2+ (libstub/arm64.c efi_enter_kernel with the
   * zboot primary_entry_offset() of 0), or image + primary_entry_offset on 6.1
   * (arch/arm64/kernel/efi-entry.S), decoded from the `b primary_entry` at Image+4
   * (arch/arm64/kernel/head.S efi_signature_nop; b primary_entry).
   */
  armKernelEntry(): void {
    const live = (at: bigint) => this.map.typeAt(at) === MT.LoaderCode;
    const starts = new Set<bigint>();
    // Where a LoaderCode buffer can start: an allocation's first page, the page after a freed
    // head (efi_allocate_pages_aligned frees the slack below the aligned start, alignedmem.c),
    // or an inner image's aligned base.
    for (const e of this.map.events) {
      if (e.op === 'allocate' && e.type === MT.LoaderCode) starts.add(e.start);
      if (e.op === 'free' && e.type === MT.LoaderCode) starts.add(e.start + e.pages * EFI_PAGE_SIZE);
    }
    // Every loaded image's base too: a plain arm64 Image started as an EFI application (the
    // Debian kernels) may run in place, where the firmware loaded it (6.1 arm64-stub.c:197).
    for (const i of this.images.values()) {
      starts.delete(i.allocation);
      starts.add(i.base);
    }
    for (const at of starts) {
      if (!live(at)) continue;
      let end = at;
      while (live(end)) end += EFI_PAGE_SIZE;
      this.entryCandidates.set(at, { base: at, size: end - at });
      const w = this.machine.read32(at + 4n);
      if (w !== undefined && (w & 0xfc000000) === 0x14000000) {
        const imm = ((w & 0x03ffffff) << 6) >> 6;
        const target = at + 4n + BigInt(imm) * 4n;
        if (target > at && target < end) this.entryCandidates.set(target, { base: at, size: end - at });
      }
    }
    this.machine.setBreakpoints([...this.entryCandidates.keys()]);
  }

  // ---- running the guest ---------------------------------------------------------------------
  /** Calls guest code at `entry` with `args` in x0…, returning its x0; serves its traps meanwhile. */
  callGuest(entry: bigint, args: bigint[], started?: bigint, sp?: bigint): bigint {
    const m = this.machine;
    const saved = { x: Array.from({ length: 31 }, (_, i) => m.getX(i)), sp: m.getSp(), pc: m.getPc() };
    args.forEach((a, i) => m.setX(i, a));
    m.setX(30, this.slot(SLOT.guestReturn));
    // A nested call runs on the caller's stack below its frame; the first on the firmware stack.
    m.setSp(sp ?? saved.sp & ~15n);
    m.setPc(entry);
    const depth = ++this.depth;
    const restore = () => {
      saved.x.forEach((v, i) => m.setX(i, v));
      m.setSp(saved.sp);
      m.setPc(saved.pc);
      this.depth = depth - 1;
    };
    try {
      for (;;) {
        const left = this.opts.maxInstructions - m.instructions;
        if (left <= 0) throw new RunEnd('budget', `instruction budget of ${this.opts.maxInstructions} used up at pc 0x${m.getPc().toString(16)}`);
        const stop = m.run(Math.min(CHUNK, left));
        this.tick();
        if (stop.kind === 'budget') continue;
        if (stop.kind === 'breakpoint') {
          if (this.exited && this.entryCandidates.has(stop.pc)) throw new RunEnd('kernel-entry', `jumped to the kernel at 0x${stop.pc.toString(16)}`);
          continue;
        }
        if (stop.kind === 'undefined') throw new RunEnd('error', `undefined or unimplemented instruction at pc 0x${stop.pc.toString(16)}: word 0x${stop.word.toString(16).padStart(8, '0')} (${stop.text})`);
        if (stop.kind === 'fault') {
          const inTrap = stop.address >= this.trapBase && stop.address < this.trapBase + TRAP_SIZE;
          const where = stop.address >= this.stack.base - 0x10000n && stop.address < this.stack.base ? ' — below the stack: stack overflow into the guard' : inTrap ? ' — the firmware trap page, which holds no data' : '';
          if (stop.misaligned) throw new RunEnd('error', `branch to a misaligned pc 0x${stop.address.toString(16)} (from 0x${stop.pc.toString(16)})`);
          throw new RunEnd('error', `${stop.write ? 'write' : 'read'} of ${stop.size} bytes at 0x${stop.address.toString(16)} outside RAM at pc 0x${stop.pc.toString(16)}${where}`);
        }
        if (stop.kind === 'memory') throw new RunEnd('error', `the host ran out of memory for guest RAM at a write to 0x${stop.address.toString(16)} (pc 0x${stop.pc.toString(16)})`);
        const slot = stop.pc - this.trapBase;
        if (slot % 8n !== 0n) throw new RunEnd('error', `jump into the firmware trap page at 0x${stop.pc.toString(16)}, between service slots (from lr 0x${m.getX(30).toString(16)})`);
        if (Number(slot / 8n) === SLOT.guestReturn) {
          const r = m.getX(0);
          restore();
          return r;
        }
        this.serveTrap(Number(slot / 8n));
      }
    } catch (e) {
      if (e instanceof ImageExit && e.handle === started) {
        restore();
        return e.status;
      }
      throw e;
    }
  }

  private tick(): void {
    const now = Date.now();
    const s = (now - this.started) / 1000;
    if (s > this.opts.maxSeconds) throw new RunEnd('budget', `wall-clock budget of ${this.opts.maxSeconds} s used up after ${this.machine.instructions} instructions, at pc 0x${this.machine.getPc().toString(16)}`);
    if (now - this.lastProgress >= 100) {
      this.lastProgress = now;
      this.opts.onProgress?.(this.machine.instructions, s);
    }
  }

  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  /** Serves the call whose trap slot the guest jumped to (the CPU loop above; tests call it directly). */
  serveTrap(slot: number): void {
    const m = this.machine;
    let name: string;
    let kind: CallKind;
    let handler: Handler | undefined;
    if (slot < SLOT.runtime && slot < BOOT_SERVICES.length) {
      name = BOOT_SERVICES[slot] as string;
      kind = 'boot';
      handler = BOOT_SERVICE_HANDLERS[name];
    } else if (slot >= SLOT.runtime && slot < SLOT.runtime + RUNTIME_SERVICES.length) {
      name = RUNTIME_SERVICES[slot - SLOT.runtime] as string;
      kind = 'runtime';
      handler = RUNTIME_SERVICE_HANDLERS[name];
    } else if (slot >= SLOT.conOut && slot < SLOT.conOut + CONOUT_FUNCS.length) {
      name = `ConOut.${CONOUT_FUNCS[slot - SLOT.conOut]}`;
      kind = 'protocol';
      handler = CONOUT_HANDLERS[name];
    } else if (slot === SLOT.initrdLoadFile && this.opts.initrd) {
      [name, kind, handler] = ['LoadFile2.LoadFile', 'protocol', INITRD_LOAD_FILE];
    } else if (slot === SLOT.rngGetInfo && this.rng) {
      [name, kind, handler] = ['Rng.GetInfo', 'protocol', RNG_GET_INFO];
    } else if (slot === SLOT.rngGetRng && this.rng) {
      [name, kind, handler] = ['Rng.GetRNG', 'protocol', RNG_GET_RNG];
    } else {
      throw new RunEnd('error', `jump to trap slot ${slot} (0x${this.slot(slot).toString(16)}), which no table points at (from lr 0x${m.getX(30).toString(16)})`);
    }
    const lr = m.getX(30);
    const call: ServiceCall = { seq: this.calls.length, name, kind, args: {}, status: 'did not return', out: {}, lr, sp: m.getSp(), depth: this.depth - 1, instructions: m.instructions };
    this.calls.push(call);
    const max = this.opts.maxServiceCalls ?? 1_000_000;
    if (this.calls.length > max) throw new RunEnd('error', `more than ${max} firmware calls: the image loops calling the firmware`);
    if (this.exited && kind === 'boot') throw new RunEnd('error', `${name} called after ExitBootServices (UEFI 2.10 §7.4.6: boot services are gone)`);
    if (!handler) throw new RunEnd('error', `${name} is not implemented by this firmware (lr 0x${lr.toString(16)}); the stubs of 6.1–7.2 do not call it on this path`);
    const sp = m.getSp();
    const ctx: CallContext = {
      fw: this,
      name,
      x: (n) => (n < 8 ? m.getX(n) : this.r64(sp + BigInt((n - 8) * 8), `${name}: stacked argument ${n}`)),
      arg: (k, v) => void (call.args[k] = fmt(v)),
      out: (k, v) => void (call.out[k] = fmt(v)),
    };
    const status = handler(ctx);
    call.status = status === undefined ? 'void' : statusName(status);
    this.opts.onCall?.(call);
    if (status !== undefined) m.setX(0, status);
    m.setPc(lr);
  }

  /** Text the guest wrote to ConOut, split into lines (the stub sends "\n" as "\r\n"). */
  consoleWrite(s: string): void {
    for (const ch of s) {
      if (ch === '\n') {
        this.console.push(this.line);
        this.line = '';
      } else if (ch !== '\r') this.line += ch;
    }
  }
  consoleLines(): string[] {
    return this.line ? [...this.console, this.line] : [...this.console];
  }
}

