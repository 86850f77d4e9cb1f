// Runs an arm64 EFI zboot image's own stub under the minimal UEFI (uefi/) on the AArch64
// machine (cpu/), up to the jump into the decompressed kernel (efi-emulation.md §2, §6):
// the PE is loaded as a boot manager would (raw data copied, the rest of VirtualSize zero, no
// relocations), entered with x0 = image handle, x1 = system table, x30 = a return trap and a
// 16-byte aligned sp on a 128 KiB stack, and run with an instruction and a wall-clock budget.
import { sha256Sync, toHex } from '../bytes/sha256';
import { type Aarch64Machine, type RamRegion, createMachine } from './cpu/machine';
import { QEMU_VIRT_1G } from './qemuVirt';
import { Firmware, STACK_SIZE, trapWindow } from './uefi/firmware';
import type { AllocationEvent, MemoryDescriptor } from './uefi/memoryMap';
import { guidName } from './uefi/guids';
import { RunEnd, type RunExit } from './uefi/runEnd';
import type { ServiceCall } from './uefi/trace';
import { EFI_PAGE_SIZE, MT, memoryTypeName, statusName } from './uefi/types';

/** 6.1 lzma needs ~780 M instructions (efi-emulation.md §5); 2×10⁹ leaves room and still ends. */
export const DEFAULT_MAX_INSTRUCTIONS = 2_000_000_000;
export const DEFAULT_MAX_SECONDS = 300;

export interface EmulateOptions {
  ram?: RamRegion[];
  dtb?: Uint8Array;
  initrd?: Uint8Array;
  cmdline?: string;
  rngSeed?: bigint;
  secureBoot?: boolean;
  el?: 1 | 2;
  maxInstructions?: number;
  maxSeconds?: number;
  onProgress?: (p: { instructions: number; seconds: number }) => void;
  onCall?: (c: ServiceCall) => void;
  onAllocation?: (e: AllocationEvent) => void;
  /** Test seam: a machine factory other than the real CPU. */
  machine?: (ram: RamRegion[], trap: { base: bigint; size: bigint }, el: 1 | 2) => Promise<Aarch64Machine>;
}

/** x0–x30, sp and pc when the run stopped. */
export type Registers = Record<string, bigint> & { x0: bigint; x1: bigint; x2: bigint; x3: bigint; sp: bigint; pc: bigint };

export interface EmulationReport {
  exit: RunExit;
  reason: string;
  messages: string[];
  services: ServiceCall[];
  /** The buffer the kernel runs from, as far as the Image's own PE header says the file reaches. */
  image?: { addr: bigint; size: bigint; buffer: bigint; sha256: string; bytes?: Uint8Array };
  /** Where the firmware put EFI_SYSTEM_TABLE (the FDT's linux,uefi-system-table must say so). */
  systemTable: bigint;
  /** 6.1: what the zboot LoadFile2 callback produced (the decompressed inner PE) — before it was relocated. */
  loadFile: { size: bigint; sha256: string }[];
  fdt?: { addr: bigint; size: bigint; bytes: Uint8Array };
  registers: Registers;
  el: number;
  mmu: boolean;
  dcache: boolean;
  sctlr?: bigint;
  instructions: number;
  seconds: number;
  stackPeak: number;
  poolPeak: number;
  /** EFI pages the stub holds through AllocatePages when the run ends. */
  pagesAllocated: number;
  loaded?: { base: bigint; size: bigint; entry: bigint };
  memoryMap: MemoryDescriptor[];
  allocations: AllocationEvent[];
  configTables: { guid: string; table: bigint }[];
  /** Calls per service name. */
  counts: Record<string, number>;
  /** Measured memory at the end, by role (bytes): what a kexec-side emulator would have to provide. */
  memory: { loadedImage: bigint; stubPages: bigint; poolPeak: bigint; stackPeak: bigint; firmware: bigint; byType: Record<string, bigint> };
}

/** Extent of an arm64 Image at `base`: the end of its last section's raw data (arch/arm64/kernel/efi-header.S). */
function imageExtent(m: Aarch64Machine, base: bigint, limit: bigint): bigint {
  const lfanew = m.read32(base + 0x3cn);
  if (m.read(base, 2)?.[0] !== 0x4d || lfanew === undefined || BigInt(lfanew) > limit) return limit;
  const pe = base + BigInt(lfanew);
  const nsec = m.read(pe + 6n, 2);
  const optSize = m.read(pe + 20n, 2);
  if (!nsec || !optSize) return limit;
  const count = (nsec[0] as number) | ((nsec[1] as number) << 8);
  let at = pe + 24n + BigInt((optSize[0] as number) | ((optSize[1] as number) << 8));
  let end = 0n;
  for (let i = 0; i < Math.min(count, 96); i++, at += 40n) {
    const raw = m.read32(at + 16n);
    const ptr = m.read32(at + 20n);
    if (raw === undefined || ptr === undefined) return limit;
    if (BigInt(ptr + raw) > end) end = BigInt(ptr + raw);
  }
  return end > 0n && end <= limit ? end : limit;
}

function readFdt(m: Aarch64Machine, addr: bigint): EmulationReport['fdt'] {
  const h = m.read(addr, 8);
  if (!h) return undefined;
  const be = (o: number) => (((h[o] as number) << 24) | ((h[o + 1] as number) << 16) | ((h[o + 2] as number) << 8) | (h[o + 3] as number)) >>> 0;
  // include/linux/libfdt_env.h / scripts/dtc/libfdt/fdt.h: magic 0xd00dfeed, totalsize, big-endian.
  if (be(0) !== 0xd00dfeed || be(4) < 40 || be(4) > 0x200000) return undefined;
  const bytes = m.read(addr, be(4));
  return bytes ? { addr, size: BigInt(be(4)), bytes } : undefined;
}

export async function emulate(file: Uint8Array, opts: EmulateOptions = {}): Promise<EmulationReport> {
  const ram = opts.ram ?? QEMU_VIRT_1G;
  const el = opts.el ?? 1;
  const trap = trapWindow(ram);
  const t0 = Date.now();
  let machine: Aarch64Machine;
  try {
    machine = await (opts.machine ?? ((r, t, e) => createMachine({ ram: r, trap: t, el: e })))(ram, trap, el);
  } catch (e) {
    return emptyReport('error', `the CPU could not start: ${e instanceof Error ? e.message : String(e)}`, (Date.now() - t0) / 1000);
  }
  let fw: Firmware | undefined;
  let exit: RunExit = 'error';
  let reason: string;
  try {
    fw = new Firmware(machine, {
      ram, cmdline: opts.cmdline ?? '', initrd: opts.initrd, dtb: opts.dtb, rngSeed: opts.rngSeed,
      secureBoot: opts.secureBoot, maxInstructions: opts.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS,
      maxSeconds: opts.maxSeconds ?? DEFAULT_MAX_SECONDS, onCall: opts.onCall, onAllocation: opts.onAllocation,
      onProgress: opts.onProgress && ((instructions, seconds) => opts.onProgress!({ instructions, seconds })),
    });
    const { image, error } = fw.loadPe(file, 0n, 'boot manager: LoadImage');
    if (!image) throw new RunEnd('error', `cannot load the image: ${error}`);
    fw.setLoadOptions(image, opts.cmdline ?? '');
    // Paint the stack so its deepest use can be read back afterwards (a high-water mark).
    machine.fill(fw.stack.base, STACK_SIZE, 0xa5);
    image.started = true;
    const status = fw.callGuest(image.entry, [image.handle, fw.systemTable], undefined, fw.stack.top);
    throw new RunEnd('error', `the image returned to the firmware with status ${statusName(status)} before reaching the kernel`);
  } catch (e) {
    if (e instanceof RunEnd) [exit, reason] = [e.exit, e.reason];
    else reason = `internal error in the emulator: ${e instanceof Error ? e.message : String(e)}`;
  }
  const report = fw ? buildReport(fw, machine, exit, reason) : emptyReport(exit, reason, (Date.now() - t0) / 1000);
  machine.dispose();
  return report;
}

function emptyReport(exit: RunExit, reason: string, seconds: number): EmulationReport {
  return {
    exit, reason, messages: [], services: [], loadFile: [], systemTable: 0n, registers: { x0: 0n, x1: 0n, x2: 0n, x3: 0n, sp: 0n, pc: 0n }, el: 0, mmu: false, dcache: false,
    instructions: 0, seconds, stackPeak: 0, poolPeak: 0, pagesAllocated: 0, memoryMap: [], allocations: [],
    configTables: [], counts: {},
    memory: { loadedImage: 0n, stubPages: 0n, poolPeak: 0n, stackPeak: 0n, firmware: 0n, byType: {} },
  };
}

function buildReport(fw: Firmware, m: Aarch64Machine, exit: RunExit, reason: string): EmulationReport {
  const registers = {} as Registers;
  for (let i = 0; i <= 30; i++) registers[`x${i}`] = m.getX(i);
  registers.sp = m.getSp();
  registers.pc = m.getPc();
  let image: EmulationReport['image'];
  let fdt: EmulationReport['fdt'];
  if (exit === 'kernel-entry') {
    const c = fw.entryCandidates.get(registers.pc);
    if (c) {
      const size = imageExtent(m, c.base, c.size);
      const bytes = m.read(c.base, Number(size));
      image = { addr: c.base, size, buffer: c.size, sha256: bytes ? toHex(sha256Sync(bytes)) : '', bytes };
    }
    fdt = readFdt(m, registers.x0);
  }
  const sctlr = m.sysreg(m.el === 2 ? 'SCTLR_EL2' : 'SCTLR_EL1');
  // The painted stack: the lowest byte no longer 0xa5 is the deepest point reached.
  let stackPeak = 0;
  const painted = m.read(fw.stack.base, Number(STACK_SIZE));
  if (painted) {
    const low = painted.findIndex((b) => b !== 0xa5);
    stackPeak = low < 0 ? 0 : Number(STACK_SIZE) - low;
  }
  let stubPages = 0n;
  for (const e of fw.map.events) {
    if (e.by === 'AllocatePages') stubPages += e.pages;
    if (e.by === 'FreePages') stubPages -= e.pages;
  }
  const counts: Record<string, number> = {};
  for (const c of fw.calls) counts[c.name] = (counts[c.name] ?? 0) + 1;
  const byType: Record<string, bigint> = {};
  for (const d of fw.map.descriptors()) {
    if (d.type === MT.ConventionalMemory) continue;
    const k = memoryTypeName(d.type);
    byType[k] = (byType[k] ?? 0n) + d.pages * EFI_PAGE_SIZE;
  }
  const top = [...fw.images.values()].find((i) => i.parent === 0n);
  let firmware = 0n;
  for (const e of fw.map.events) if (e.by.startsWith('firmware') && e.op === 'allocate') firmware += e.pages * EFI_PAGE_SIZE;
  return {
    exit, reason, messages: fw.consoleLines(), services: fw.calls, image, systemTable: fw.systemTable, loadFile: fw.loadFileOutputs, fdt, registers,
    el: m.el, mmu: sctlr !== undefined && (sctlr & 1n) === 1n, dcache: sctlr !== undefined && (sctlr & 4n) === 4n, sctlr,
    instructions: m.instructions, seconds: fw.seconds(), stackPeak, poolPeak: Number(fw.pool.peak),
    pagesAllocated: Number(stubPages), loaded: top && { base: top.base, size: top.size, entry: top.entry },
    memoryMap: [...fw.map.descriptors()], allocations: fw.map.events, counts,
    configTables: fw.configTables.map((t) => ({ guid: guidName(t.guid), table: t.table })),
    memory: { loadedImage: top ? top.pages * EFI_PAGE_SIZE : 0n, stubPages: stubPages * EFI_PAGE_SIZE, poolPeak: fw.pool.peak, stackPeak: BigInt(stackPeak), firmware, byType },
  };
}

const hx = (v: bigint) => `0x${v.toString(16)}`;

/** The CLI's JSON shape (`emulate --json`): 64-bit values as "0x…" strings, counts as numbers. */
export function reportJson(r: EmulationReport): Record<string, unknown> {
  return {
    exit: r.exit,
    reason: r.reason,
    messages: r.messages,
    services: r.services.map((c) => ({ name: c.name, args: c.args, status: c.status, out: c.out, kind: c.kind, depth: c.depth, lr: hx(c.lr), sp: hx(c.sp) })),
    image: r.image && { addr: hx(r.image.addr), size: hx(r.image.size), buffer: hx(r.image.buffer), sha256: r.image.sha256 },
    loadFile: r.loadFile.map((l) => ({ size: hx(l.size), sha256: l.sha256 })),
    fdt: r.fdt && { addr: hx(r.fdt.addr), size: hx(r.fdt.size) },
    systemTable: hx(r.systemTable),
    registers: Object.fromEntries(Object.entries(r.registers).map(([k, v]) => [k, hx(v)])),
    el: r.el,
    mmu: r.mmu,
    dcache: r.dcache,
    instructions: r.instructions,
    seconds: r.seconds,
    stackPeak: r.stackPeak,
    poolPeak: r.poolPeak,
    pagesAllocated: r.pagesAllocated,
    memory: Object.fromEntries(Object.entries(r.memory).map(([k, v]) => [k, typeof v === 'bigint' ? hx(v) : Object.fromEntries(Object.entries(v).map(([a, b]) => [a, hx(b)]))])),
    configTables: r.configTables.map((t) => ({ guid: t.guid, table: hx(t.table) })),
    counts: r.counts,
  };
}
