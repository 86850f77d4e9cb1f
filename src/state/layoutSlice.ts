import type { StateCreator } from 'zustand';
import { parseRange, parseSize } from '../core/bytes/hex';
import type { Inspection } from '../core/inspect';
import { DEFAULT_DTB_SIZE, kernelSpecOf } from '../core/kexec/kernelSpec';
import { type KernelSpec, type Layout, type LayoutInputs, type LayoutMode, layout } from '../core/kexec/layout';
import { type MemoryMap, memoryFromText } from '../core/kexec/memoryMap';
import { presetById } from '../core/kexec/presets';
import { kernelSpecFromSummary } from './shareSlice';
import type { AppState } from './store';

export type MemorySource = { kind: 'preset'; id: string } | { kind: 'text'; memory: string; reserved: string; iomem: string };

/** Everything the layout view lets a person change; strings are kept as typed. */
export interface LayoutSettings {
  memory: MemorySource;
  mode: LayoutMode;
  initrdSize: string;
  dtbSize: string;
  cmdline: string;
  crash: boolean;
  crashRegion: string;
  pageSize: string;
  kernelVersion: string;
  cpus: string;
  cma: string;
  noCma: boolean;
  /** Used when no image is loaded (or to override it). */
  manualImageSize: string;
  manualTextOffset: string;
}

export const DEFAULT_SETTINGS: LayoutSettings = {
  memory: { kind: 'preset', id: 'qemu-virt-1G' },
  mode: 'upstream',
  initrdSize: '0x400000',
  dtbSize: `0x${DEFAULT_DTB_SIZE.toString(16)}`,
  cmdline: 'console=ttyAMA0',
  crash: false,
  crashRegion: '0x76e00000-0x7edfffff',
  pageSize: '4096',
  kernelVersion: '6.12',
  cpus: '1',
  cma: '',
  noCma: false,
  manualImageSize: '0x450000',
  manualTextOffset: '0',
};

export interface LayoutSlice {
  layoutSettings: LayoutSettings;
  selectedSegment?: string;
  setLayout: (patch: Partial<LayoutSettings>) => void;
  selectSegment: (role: string | undefined) => void;
  onInspected: (ins: Inspection) => void;
  onUnpacked: (inner: Inspection) => void;
}

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set, get) => ({
  layoutSettings: DEFAULT_SETTINGS,
  setLayout(patch) {
    set({ layoutSettings: { ...get().layoutSettings, ...patch } });
    if (patch.memory) void get().refreshDevicetree();
  },
  selectSegment(role) {
    set({ selectedSegment: role });
  },
  onInspected(ins) {
    // A zboot file is refused by upstream kexec_file_load; show how kexec-tools loads it.
    const mode: LayoutMode = ins.format === 'zboot' ? 'kexec-tools' : 'upstream';
    set({ layoutSettings: { ...get().layoutSettings, mode }, selectedSegment: undefined });
  },
  onUnpacked() {
    set({ selectedSegment: undefined });
  },
});

export interface LayoutView {
  memory?: MemoryMap;
  memoryErrors: string[];
  inputErrors: string[];
  kernel: KernelSpec;
  result?: Layout;
  /** What upstream kexec_file_load says of the file as given, when the chosen mode is another. */
  upstream?: Layout;
}

/** Pure derivation used by the layout view (and the tests through the store). */
export function deriveLayout(s: Pick<AppState, 'layoutSettings' | 'inspection' | 'unpack' | 'snapshot'> & Partial<Pick<AppState, 'devicetree' | 'rngInitialized'>>): LayoutView {
  const ls = s.layoutSettings;
  const inputErrors: string[] = [];
  let memory: MemoryMap | undefined;
  const memoryErrors: string[] = [];
  if (ls.memory.kind === 'preset') memory = presetById(ls.memory.id)?.build();
  else if (!ls.memory.memory.trim()) {
    // nothing pasted or dropped yet: the view asks for it, it is not an error
  } else {
    const r = memoryFromText({ memoryText: ls.memory.memory, reservedText: ls.memory.reserved, iomemText: ls.memory.iomem });
    if (r.map) memory = r.map;
    else memoryErrors.push(...r.errors.slice(0, 20).map((e) => `${r.errorsIn}, line ${e.line}: ${e.message}`));
  }
  const num = (label: string, t: string, dflt?: bigint) => {
    if (!t.trim()) return dflt;
    const v = parseSize(t);
    if (v === undefined) inputErrors.push(`${label}: "${t}" is not a size (use 0x…, decimal, or K/M/G)`);
    return v ?? dflt;
  };
  const unpacked = s.unpack.status === 'done' ? s.unpack : undefined;
  let kernel: KernelSpec;
  if (s.inspection) {
    kernel = kernelSpecOf(s.inspection, unpacked?.result);
  } else if (s.snapshot?.image) {
    kernel = kernelSpecFromSummary(s.snapshot.image);
  } else {
    const imageSize = num('image_size', ls.manualImageSize, 0n) as bigint;
    kernel = { format: 'sizes', fileLen: imageSize, imageSize, textOffset: num('text_offset', ls.manualTextOffset, 0n) as bigint };
  }
  if (ls.crash) {
    const c = parseRange(ls.crashRegion);
    if (c && memory) memory = { ...memory, crashRegion: c };
    else if (!memory?.crashRegion) inputErrors.push('crash load: give the crashkernel region as START-END (inclusive), e.g. 0x76e00000-0x7edfffff');
  }
  const cma = ls.cma.trim() ? parseRange(ls.cma) : undefined;
  if (ls.cma.trim() && !cma) inputErrors.push('CMA area: expected START-END');
  const view: LayoutView = { memoryErrors, inputErrors, kernel };
  if (!memory) return view;
  view.memory = memory;
  const inputs: LayoutInputs = {
    memory,
    mode: ls.mode,
    kernel,
    dtbSize: num('dtb size', ls.dtbSize, DEFAULT_DTB_SIZE) as bigint,
    // an empty field is no command line (kexec without --append)
    ...(ls.cmdline ? { cmdline: ls.cmdline } : {}),
    crash: ls.crash,
    pageSize: num('page size', ls.pageSize, 4096n) as bigint,
    kernelVersion: ls.kernelVersion,
    cpus: Math.max(1, Number(ls.cpus) || 1),
    ...(cma ? { cma } : {}),
    ...(ls.noCma ? { noCma: true } : {}),
    // a dropped devicetree: the dtb segment is the one the kernel builds from it
    ...(s.devicetree ? { devicetree: { blob: s.devicetree.booted, rngInitialized: s.rngInitialized ?? true } } : {}),
  };
  const initrd = num('initrd size', ls.initrdSize);
  if (initrd) inputs.initrdSize = initrd;
  if (![4096n, 16384n, 65536n].includes(inputs.pageSize)) inputErrors.push('page size must be 4096, 16384 or 65536');
  view.result = layout(inputs);
  if (ls.mode !== 'upstream' && kernel.format !== 'sizes') view.upstream = layout({ ...inputs, mode: 'upstream' });
  return view;
}

