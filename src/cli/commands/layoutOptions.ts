// The options layout and phases share, and the Layout they describe. Only the CLI's reading of
// flags lives here; the placement itself is core/kexec/layout.ts.
import type { DtbOrigin } from '../../core/devicetree/firstBoot';
import { devicetreeBytes } from '../../core/devicetree/input';
import { type PreparedDevicetree, prepareDevicetree } from '../../core/devicetree/prepare';
import { atLeast, parseVersion } from '../../core/kexec/arm64';
import { DEFAULT_DTB_SIZE, kernelSpecOf } from '../../core/kexec/kernelSpec';
import { type KernelSpec, type Layout, layout } from '../../core/kexec/layout';
import { type MemoryMap, memoryFromText } from '../../core/kexec/memoryMap';
import { looksLikeIomem, parseIomem } from '../../core/kexec/memoryText';
import { hex } from '../../core/bytes/hex';
import { PRESETS, presetById } from '../../core/kexec/presets';
import { InputError, type Values, UsageError } from '../command';
import { readInput, readText, warn } from '../io';
import { inspectWithInner } from './inspect';

export const MODES = ['upstream', 'kexec-tools', 'zboot-proposal'] as const;
const DTB_ORIGINS = ['booted', 'efi-stub', 'qemu-direct', 'qemu-edk2'] as const satisfies readonly DtbOrigin[];

export const LAYOUT_OPTIONS = {
  memory: { kind: 'file', help: 'memblock listing (debugfs memblock/memory) or /proc/iomem of the running kernel' },
  reserved: { kind: 'file', help: 'memblock reserved listing (debugfs memblock/reserved)' },
  iomem: { kind: 'file', help: '/proc/iomem, for the crashkernel region and System RAM names' },
  preset: { kind: PRESETS.map((p) => p.id), arg: 'ID', help: `a built-in memory map: ${PRESETS.map((p) => p.id).join(', ')}` },
  image: { kind: 'file', help: 'the kernel file to load (its header gives the sizes)' },
  'image-size': { kind: 'size', help: 'the Image header image_size, when no --image' },
  'text-offset': { kind: 'size', help: 'the Image header text_offset (default 0)' },
  'kernel-size': { kind: 'size', help: 'the kernel file length (default: --image-size)' },
  'initrd-size': { kind: 'size', help: 'initrd length (no initrd segment when absent or 0)' },
  'dtb-size': { kind: 'size', help: `the dtb the kernel builds (default 0x${DEFAULT_DTB_SIZE.toString(16)})` },
  dtb: { kind: 'file', help: 'the devicetree the running kernel booted with (/sys/firmware/fdt; .dtb.gz too): the dtb segment is the one the kernel builds from it' },
  'efi-boot': { kind: 'boolean', help: 'the first kernel booted through its EFI stub: update_fdt() edits --dtb first (on QEMU virt\'s machine dtb, EDK2\'s edits before it)' },
  'dtb-origin': { kind: DTB_ORIGINS, help: 'what --dtb is, when the guess is wrong: booted (/sys/firmware/fdt), efi-stub (handed to the stub), qemu-direct (QEMU virt\'s, -kernel), qemu-edk2 (QEMU virt\'s, -bios)' },
  'first-cmdline': { kind: 'string', help: 'the first kernel\'s command line, when a loader wrote it (default console=ttyAMA0)' },
  'first-initrd': { kind: 'range', help: 'QEMU\'s -initrd as it placed it, inclusive (default: from --iomem, where the first kernel shows it reserved)' },
  'dtb-addr': { kind: 'size', help: 'where the first kernel\'s devicetree lies (initial_boot_params_pa): the kernel drops a /memreserve/ of exactly that blob' },
  'rng-uninitialized': { kind: 'boolean', help: 'rng_is_initialized() is false at load time: no kaslr-seed, no rng-seed (default: initialised, as on any 5.18+ system seconds after boot)' },
  cmdline: { kind: 'string', help: 'the new kernel command line (absent: none, bootargs deleted; "": an empty one)' },
  crash: { kind: 'boolean', help: 'a kdump (crash) load: segments go in the crashkernel region' },
  'crash-region': { kind: 'range', help: 'the crashkernel region, inclusive (else from --iomem)' },
  'page-size': { kind: 'size', help: 'the running kernel page size (default 4096)' },
  'kernel-version': { kind: 'version', help: 'the running kernel version (default 6.12)' },
  cpus: { kind: 'count', help: 'CPUs (default 1)' },
  cma: { kind: 'range', help: 'a CMA area, inclusive (6.17+ places segments there)' },
  'no-cma': { kind: 'boolean', help: 'do not use CMA' },
  mode: { kind: MODES, help: 'the load path (default upstream)' },
} as const;

export type LayoutValues = Values<typeof LAYOUT_OPTIONS>;

/**
 * The memory map of --preset, or of --memory [--reserved] [--iomem] (layout and emulate alike);
 * `fallback` is the preset when neither is given, else undefined. A listing that cannot be read
 * is an InputError naming the file part and line.
 */
export async function memoryMapFromValues(v: { memory?: string; reserved?: string; iomem?: string; preset?: string }, fallback?: string): Promise<MemoryMap | undefined> {
  if (v.preset !== undefined && v.memory !== undefined) throw new UsageError('--preset and --memory are exclusive');
  const presetId = v.preset ?? (v.memory === undefined ? fallback : undefined);
  if (presetId !== undefined) return (presetById(presetId) as NonNullable<ReturnType<typeof presetById>>).build();
  if (v.memory === undefined) return undefined;
  const reservedText = v.reserved ? await readText(v.reserved) : undefined;
  const iomemText = v.iomem ? await readText(v.iomem) : undefined;
  const r = memoryFromText({ memoryText: await readText(v.memory), ...(reservedText ? { reservedText } : {}), ...(iomemText ? { iomemText } : {}) });
  if (!r.map) throw new InputError(r.errors.map((e) => `${r.errorsIn}: line ${e.line}: ${e.message}`).join('\n'));
  return r.map;
}

/** The layout the flags describe; `defaults` fills in QEMU virt 1 GiB and the tiny Image (phases). */
export async function layoutFromValues(v: LayoutValues, defaults = false, prepared?: PreparedDevicetree): Promise<Layout | number> {
  let memory = await memoryMapFromValues(v, defaults ? 'qemu-virt-1G' : undefined);
  if (!memory) throw new UsageError('layout needs --memory FILE or --preset ID');
  const crashRegion = v['crash-region'] ?? (defaults && v.crash && !v.iomem ? { start: 0x76e00000n, end: 0x7edfffffn } : undefined);
  if (crashRegion) memory = { ...memory, crashRegion };
  const mode = v.mode ?? 'upstream';

  let kernel: KernelSpec;
  if (v.image !== undefined) {
    if (v['image-size'] !== undefined) throw new UsageError('--image and --image-size are exclusive');
    const { ins, unpacked, unpackError } = await inspectWithInner(await readInput(v.image), mode !== 'upstream');
    if (unpackError && mode === 'kexec-tools') {
      warn(`layout: kexec-tools would fail to decompress this image: ${unpackError}`);
      return 1;
    }
    kernel = kernelSpecOf(ins, unpacked);
  } else {
    const imageSize = v['image-size'] ?? (defaults ? 0x450000n : undefined);
    if (imageSize === undefined) throw new UsageError('layout needs --image FILE or --image-size N');
    kernel = { format: mode === 'zboot-proposal' ? 'zboot' : 'sizes', fileLen: v['kernel-size'] ?? imageSize, imageSize, textOffset: v['text-offset'] ?? 0n };
  }
  if (v.dtb !== undefined && v['dtb-size'] !== undefined) throw new UsageError('--dtb and --dtb-size are exclusive');
  const dt = prepared ?? (v.dtb !== undefined ? await devicetreeFromValues(v) : undefined);
  if (typeof dt === 'number') return dt;
  const pageSize = v['page-size'] ?? 4096n;
  // CONFIG_ARM64_{4K,16K,64K}_PAGES (arch/arm64/Kconfig)
  if (![4096n, 16384n, 65536n].includes(pageSize)) throw new UsageError(`--page-size: arm64 pages are 4096, 16384 or 65536 bytes, not ${pageSize}`);
  const kernelVersion = v['kernel-version'] ?? '6.12';
  const l = layout({
    memory,
    mode,
    kernel,
    ...(v['initrd-size'] ? { initrdSize: v['initrd-size'] } : {}),
    dtbSize: v['dtb-size'] ?? DEFAULT_DTB_SIZE,
    ...(dt ? { devicetree: { blob: dt.booted, rngInitialized: !v['rng-uninitialized'], ...(v['dtb-addr'] !== undefined ? { pa: v['dtb-addr'] } : {}) } } : {}),
    ...(v.cmdline !== undefined ? { cmdline: v.cmdline } : {}),
    crash: v.crash ?? false,
    pageSize,
    kernelVersion,
    // num_possible_cpus: the devicetree's cpu nodes (arch/arm64/kernel/smp.c), unless --cpus says
    cpus: v.cpus ?? (dt ? Math.max(1, dt.facts.cpus) : 1),
    ...(v.cma ? { cma: v.cma } : {}),
    ...(v['no-cma'] ? { noCma: true } : {}),
  });
  return dt ? { ...l, notes: [...l.notes, ...devicetreeNotes(dt, memory, kernelVersion, v['dtb-addr'])] } : l;
}

/** What the user should know about the --dtb result: what it was taken for, and what does not fit. */
function devicetreeNotes(dt: PreparedDevicetree, memory: MemoryMap, version: string, pa: bigint | undefined): string[] {
  const notes = [`--dtb taken as ${dt.firstBoot.origin}`, ...dt.firstBoot.assumptions.map((a) => `--dtb: assumed ${a}`)];
  const inMap = (a: bigint) => memory.memory.some((r) => r.start <= a && a <= r.end);
  const outside = dt.facts.memory.filter((m) => !inMap(m.address));
  if (outside.length) notes.push(`--dtb: its memory (${outside.map((m) => `${hex(m.address)}+${hex(m.size)}`).join(', ')}) is not in the memory map used (${memory.label ?? memory.source}): give the machine's own --memory`);
  const v = parseVersion(version) ?? { major: 0, minor: 0 };
  // drivers/of/kexec.c came in 5.13 ("of: Add a common kexec FDT setup function"); before it
  // arm64 built the tree in arch/arm64/kernel/machine_kexec_file.c
  if (!atLeast(v, 6, 1)) notes.push(`--dtb: the devicetree recipe modelled is of_kexec_alloc_and_setup_fdt() as 6.1–7.2 have it; ${version} ${atLeast(v, 5, 13) ? 'may differ in detail' : 'predates it (5.13): arm64 built the tree its own way, the size differs'}`);
  const own = dt.bootedTree.header.totalsize;
  const rsv = dt.bootedTree.reservations.filter((r) => r.size === BigInt(own));
  if (pa === undefined && rsv.length) notes.push(`--dtb: a /memreserve/ of the blob's own size (${rsv.map((r) => hex(r.address)).join(', ')}): if the first kernel's devicetree lay there, the kernel drops it (fdt_find_and_del_mem_rsv(initial_boot_params_pa, …)) — say so with --dtb-addr`);
  return notes;
}

/** --dtb and the loaders that edited it, read and checked; an exit status when it cannot be. */
export async function devicetreeFromValues(v: LayoutValues): Promise<PreparedDevicetree | number | undefined> {
  if (v.dtb === undefined) return undefined;
  if (v['efi-boot'] && v['dtb-origin']) throw new UsageError('--efi-boot and --dtb-origin are exclusive (--dtb-origin efi-stub or qemu-edk2 says it)');
  const fi = v['first-initrd'];
  // the first kernel's /proc/iomem: --iomem, or --memory when that is one
  const memoryText = v.memory !== undefined ? await readText(v.memory) : undefined;
  const iomemText = v.iomem !== undefined ? await readText(v.iomem) : memoryText !== undefined && looksLikeIomem(memoryText) ? memoryText : undefined;
  const iomem = iomemText !== undefined ? parseIomem(iomemText).roots : undefined;
  const first = {
    origin: v['dtb-origin'] ?? 'auto',
    efiBoot: v['efi-boot'] ?? false,
    ...(v['first-cmdline'] !== undefined ? { cmdline: v['first-cmdline'] } : {}),
    ...(fi ? { initrd: { start: fi.start, end: fi.end + 1n } } : {}),
    ...(iomem ? { iomem } : {}),
  } as const;
  const input = await readInput(v.dtb);
  const raw = await devicetreeBytes(input);
  if (!raw.bytes) {
    warn(`${v.dtb}: ${raw.error}`);
    return 1;
  }
  // offsets are in the inflated bytes when the file was gzip
  const where = raw.bytes === input ? v.dtb : `${v.dtb} (gzip, inflated to ${raw.bytes.length} bytes)`;
  const r = prepareDevicetree(raw.bytes, first);
  for (const w of r.warnings) warn(`${where}: warning at offset 0x${w.offset.toString(16)}: ${w.message}`);
  if (!r.fields) {
    warn(r.errors.map((e) => `${where}: offset 0x${e.offset.toString(16)}: ${e.message}`).join('\n'));
    return 1;
  }
  return r.fields;
}
