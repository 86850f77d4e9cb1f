// One entry point for a layout: which load path (mode) and which kernel bytes, over arm64Load
// or the proposal. Used by the store, the CLI and the tests alike.
import { hex } from '../bytes/hex';
import { type DtbContext, type LoadResult, EINVAL, arm64Load, parseVersion } from './arm64';
import type { MemoryMap } from './memoryMap';
import type { Cma, Segment } from './placement';
import { type SubRegion, proposalLoad } from './proposal';
import { ofKexecAllocAndSetupFdt } from '../devicetree/kexecFdt';

/** The devicetree the running kernel booted with, for of_kexec_alloc_and_setup_fdt(). */
export interface LayoutDevicetree {
  /** initial_boot_params (/sys/firmware/fdt, or a loader's dtb after the boot chain). */
  blob: Uint8Array;
  /** rng_is_initialized() at load time. */
  rngInitialized: boolean;
  /** initial_boot_params_pa, when known. */
  pa?: bigint;
}

export type LayoutMode = 'upstream' | 'kexec-tools' | 'zboot-proposal';

/** What the layout needs to know of the kernel file (from an inspection, or typed in). */
export interface KernelSpec {
  /** Inspect format, or 'sizes' when typed in. */
  format: string;
  fileLen: bigint;
  imageSize?: bigint;
  textOffset?: bigint;
  bigEndian?: boolean;
  /** For a zboot file: the decompressed Image as kexec-tools would pass it. */
  inner?: { fileLen: bigint; imageSize: bigint; textOffset: bigint; bigEndian?: boolean };
}

export interface LayoutInputs {
  memory: MemoryMap;
  mode: LayoutMode;
  kernel: KernelSpec;
  initrdSize?: bigint;
  dtbSize: bigint;
  /** When given, the dtb segment is the devicetree the kernel builds from it (dtbSize unused). */
  devicetree?: LayoutDevicetree;
  /**
   * The new command line; undefined passes none (cmdline_len 0: bootargs is deleted), '' an
   * empty one (cmdline_len 1: bootargs = "", drivers/of/kexec.c tests the pointer, not the length).
   */
  cmdline?: string;
  crash: boolean;
  pageSize: bigint;
  kernelVersion: string;
  cpus: number;
  cma?: Cma;
  noCma?: boolean;
  emulatorSize?: bigint;
}

export interface Layout extends LoadResult {
  mode: LayoutMode;
  subRegions: SubRegion[];
}

export function layout(inp: LayoutInputs): Layout {
  const version = parseVersion(inp.kernelVersion) ?? { major: 6, minor: 12 };
  const common = {
    memory: inp.memory,
    ...(inp.initrdSize ? { initrdLen: inp.initrdSize } : {}),
    dtbLen: inp.dtbSize,
    crash: inp.crash,
    pageSize: inp.pageSize,
    version,
    cpus: inp.cpus,
    ...(inp.cma ? { cma: inp.cma } : {}),
    ...(inp.noCma ? { noCma: true } : {}),
    ...(inp.devicetree ? { buildDtb: dtbBuilder(inp, version) } : {}),
  };
  const fail = (errno: number, error: string, trace: string[] = []): Layout => ({ mode: inp.mode, segments: [], trace, notes: [...inp.memory.notes], errno, error, subRegions: [] });
  const k = inp.kernel;

  if (inp.mode === 'zboot-proposal') {
    if (k.format !== 'zboot' && k.format !== 'uki') return fail(EINVAL, 'the emulator proposal loads a PE file (zboot or UKI); this kernel is neither');
    const r = proposalLoad({ ...common, imageSize: k.fileLen, textOffset: 0n, kernelLen: k.fileLen, emulatorSize: inp.emulatorSize ?? 0x10000n, ...(k.inner ? { innerImageSize: k.inner.imageSize } : {}) });
    return { ...r, mode: inp.mode, notes: [...inp.memory.notes, ...r.notes] };
  }

  let image = { fileLen: k.fileLen, imageSize: k.imageSize, textOffset: k.textOffset, bigEndian: k.bigEndian };
  const trace: string[] = [];
  if (inp.mode === 'kexec-tools' && (k.format === 'zboot' || k.format === 'compressed')) {
    const what = k.format === 'zboot' ? 'the zboot payload' : 'the compressed file';
    if (!k.inner) return fail(EINVAL, `kexec-tools decompresses ${what} first: decompress it to lay out the inner Image`);
    image = { ...k.inner, bigEndian: k.inner.bigEndian };
    trace.push(k.format === 'zboot'
      ? `kexec-tools (pez_prepare) decompressed the zboot payload and passes the inner Image (${hex(k.inner.fileLen)} bytes) to kexec_file_load`
      : `kexec-tools (slurp_decompress_file) decompressed the file and passes the Image (${hex(k.inner.fileLen)} bytes) to kexec_file_load`);
  } else if (k.format !== 'arm64-image' && k.format !== 'sizes') {
    // image_probe(): kernel_len >= 64 and "ARM\x64" at 0x38, else -EINVAL; arm64 has one loader,
    // so kexec_image_probe_default() returns that EINVAL (arch/arm64/kernel/kexec_image.c).
    return fail(EINVAL, `EINVAL (Invalid argument): image_probe() finds no "ARM\\x64" magic at 0x38 in this ${k.format} file${k.format === 'zboot' ? ' — decompress it first (kexec-tools ≥ 2.0.27 does)' : ''}`, [
      'kexec_file_load → kimage_file_prepare_segments → arch_kexec_kernel_image_probe → image_probe: magic mismatch',
    ]);
  }
  if (image.imageSize === undefined) return fail(EINVAL, 'no Image header: image_size unknown');
  if (image.bigEndian) return fail(EINVAL, 'EINVAL: big-endian Image on a little-endian kernel without mixed-endian support');
  const r = arm64Load({ ...common, imageSize: image.imageSize, textOffset: image.textOffset ?? 0n, kernelLen: image.fileLen });
  return { ...r, mode: inp.mode, trace: [...trace, ...r.trace], notes: [...inp.memory.notes, ...r.notes], subRegions: [] };
}

function dtbBuilder(inp: LayoutInputs, version: { major: number; minor: number }) {
  const dt = inp.devicetree as LayoutDevicetree;
  return (ctx: DtbContext) => ofKexecAllocAndSetupFdt({
    initialBootParams: dt.blob,
    ...(dt.pa !== undefined ? { initialBootParamsPa: dt.pa } : {}),
    version,
    pageSize: inp.pageSize,
    ...(ctx.initrd ? { initrd: ctx.initrd } : {}),
    ...(inp.cmdline !== undefined ? { cmdline: inp.cmdline } : {}),
    ...(ctx.crash ? { crash: { elfAddr: ctx.crash.elfAddr, elfSize: ctx.crash.elfSize, crashk: ctx.crash.crashk } } : {}),
    rngInitialized: dt.rngInitialized,
  });
}

/** CLI / JSON shape: addresses and sizes as "0x…" strings, segments in the kernel's order. */
export function layoutJson(l: Layout) {
  const seg = (s: Segment) => ({ role: s.role, mem: hex(s.mem), memsz: hex(s.memsz), bufsz: hex(s.bufsz), align: hex(s.align), ...(s.cma ? { cma: true } : {}), why: s.why });
  return {
    mode: l.mode,
    segments: l.segments.map(seg),
    ...(l.entry !== undefined ? { entry: hex(l.entry) } : {}),
    ...(l.error ? { error: l.error, errno: l.errno } : {}),
    // the devicetree the kernel built for the dtb segment: its size is the segment's bufsz
    ...(l.dtb ? { devicetree: { ...(l.dtb.dtb ? { size: l.dtb.dtb.length } : {}), bufferSize: l.dtb.bufferSize, steps: l.dtb.steps, ...(l.dtb.error ? { error: l.dtb.error } : {}) } } : {}),
    ...(l.subRegions.length ? { subRegions: l.subRegions.map((s) => ({ role: s.role, start: hex(s.start), size: hex(s.size), note: s.note })) } : {}),
    trace: l.trace,
    notes: l.notes,
  };
}
