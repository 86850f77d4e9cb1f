// The options layout and phases share, and the Layout they describe. Only the CLI's reading of
// flags lives here; the placement itself is core/kexec/layout.ts.
import type { DtbOrigin } from '../../core/devicetree/firstBoot';
import { devicetreeBytes } from '../../core/devicetree/input';
import { type PreparedDevicetree, prepareDevicetree } from '../../core/devicetree/prepare';
import { DEFAULT_DTB_SIZE, kernelSpecOf } from '../../core/kexec/kernelSpec';
import { type KernelSpec, type Layout, layout } from '../../core/kexec/layout';
import { type MemoryMap, memoryFromText } from '../../core/kexec/memoryMap';
import { parseIomem } from '../../core/kexec/memoryText';
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
  'rng-uninitialized': { kind: 'boolean', help: 'rng_is_initialized() is false at load time: no kaslr-seed, no rng-seed (default: initialised, as on any 5.18+ system seconds after boot)' },
  cmdline: { kind: 'string', help: 'the new kernel command line' },
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
  const l = layout({
    memory,
    mode,
    kernel,
    ...(v['initrd-size'] ? { initrdSize: v['initrd-size'] } : {}),
    dtbSize: v['dtb-size'] ?? DEFAULT_DTB_SIZE,
    ...(dt ? { devicetree: { blob: dt.booted, rngInitialized: !v['rng-uninitialized'] } } : {}),
    cmdline: v.cmdline ?? '',
    crash: v.crash ?? false,
    pageSize: v['page-size'] ?? 4096n,
    kernelVersion: v['kernel-version'] ?? '6.12',
    // num_possible_cpus: the devicetree's cpu nodes (arch/arm64/kernel/smp.c), unless --cpus says
    cpus: v.cpus ?? (dt ? Math.max(1, dt.facts.cpus) : 1),
    ...(v.cma ? { cma: v.cma } : {}),
    ...(v['no-cma'] ? { noCma: true } : {}),
  });
  return dt ? { ...l, notes: [...l.notes, `--dtb taken as ${dt.firstBoot.origin}`, ...dt.firstBoot.assumptions.map((a) => `--dtb: assumed ${a}`)] } : l;
}

/** --dtb and the loaders that edited it, read and checked; an exit status when it cannot be. */
export async function devicetreeFromValues(v: LayoutValues): Promise<PreparedDevicetree | number | undefined> {
  if (v.dtb === undefined) return undefined;
  if (v['efi-boot'] && v['dtb-origin']) throw new UsageError('--efi-boot and --dtb-origin are exclusive (--dtb-origin efi-stub or qemu-edk2 says it)');
  const fi = v['first-initrd'];
  const iomem = v.iomem ? parseIomem(await readText(v.iomem)).roots : undefined;
  const first = {
    origin: v['dtb-origin'] ?? 'auto',
    efiBoot: v['efi-boot'] ?? false,
    ...(v['first-cmdline'] !== undefined ? { cmdline: v['first-cmdline'] } : {}),
    ...(fi ? { initrd: { start: fi.start, end: fi.end + 1n } } : {}),
    ...(iomem ? { iomem } : {}),
  } as const;
  const raw = await devicetreeBytes(await readInput(v.dtb));
  if (!raw.bytes) {
    warn(`${v.dtb}: ${raw.error}`);
    return 1;
  }
  const r = prepareDevicetree(raw.bytes, first);
  for (const w of r.warnings) warn(`${v.dtb}: warning at offset 0x${w.offset.toString(16)}: ${w.message}`);
  if (!r.fields) {
    warn(r.errors.map((e) => `${v.dtb}: offset 0x${e.offset.toString(16)}: ${e.message}`).join('\n'));
    return 1;
  }
  return r.fields;
}
