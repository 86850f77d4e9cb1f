import type { StateCreator } from 'zustand';
import { hex } from '../core/bytes/hex';
import type { KernelSpec } from '../core/kexec/layout';
import type { ImageSummary, Snapshot, SnapshotVerdict } from '../core/permalink/schema';
import { currentVerdicts } from './verdicts';
import type { AppState } from './store';

export type Tab = 'inspect' | 'layout' | 'step';

export interface SnapshotState {
  image?: ImageSummary;
  /** The verdicts the link's sender saw (v2 links). */
  verdicts?: SnapshotVerdict[];
  /** After a file is dropped in snapshot mode: does it match the snapshot's sha256? */
  match?: 'same' | 'different';
}

export interface ShareSlice {
  tab: Tab;
  setTab: (t: Tab) => void;
  /** Set while showing a snapshot from a link or an imported JSON (no bytes). */
  snapshot?: SnapshotState;
  linkError?: string;
  applySnapshot: (s: Snapshot) => void;
  setLinkError: (e: string | undefined) => void;
}

export const createShareSlice: StateCreator<AppState, [], [], ShareSlice> = (set) => ({
  tab: 'inspect',
  setTab(tab) {
    set({ tab });
  },
  applySnapshot(s) {
    set({
      layoutSettings: s.layout,
      tab: s.tab,
      phaseIndex: s.phase,
      selectedSegment: s.segment,
      snapshot: { ...(s.image ? { image: s.image } : {}), ...(s.verdicts ? { verdicts: s.verdicts } : {}) },
      ...(s.target ? { target: s.target, targetPreset: s.targetPreset ?? 'custom' } : {}),
      linkError: undefined,
      // a snapshot replaces whatever file was open: its bytes are not part of it
      inspection: undefined,
      bytes: undefined,
      blob: undefined,
      fileName: s.image?.name,
      status: 'idle',
      statusMessage: undefined,
      unpack: { status: 'idle' },
    });
  },
  setLinkError(linkError) {
    set({ linkError });
  },
});

const h = (v: bigint | undefined) => (v === undefined ? undefined : hex(v));

/** The snapshot of what is on screen (no bytes). */
export function buildSnapshot(s: AppState): Snapshot {
  const snap: Snapshot = { v: 2, layout: s.layoutSettings, tab: s.tab, phase: s.phaseIndex, target: s.target, targetPreset: s.targetPreset };
  if (s.selectedSegment) snap.segment = s.selectedSegment;
  const ins = s.inspection;
  if (ins && s.fileName) {
    const img: ImageSummary = { name: s.fileName.slice(0, 255), size: ins.size, sha256: ins.sha256, format: ins.format };
    if (ins.arch) img.arch = ins.arch;
    if (ins.zboot?.compression) img.compression = ins.zboot.compression.slice(0, 32);
    if (ins.image?.imageSize !== undefined) img.imageSize = h(ins.image.imageSize);
    if (ins.image?.textOffset !== undefined) img.textOffset = h(ins.image.textOffset);
    if (ins.image?.endianness === 'big') img.bigEndian = true;
    const u = s.unpack.status === 'done' ? s.unpack : undefined;
    const inner = u?.result.inner.image;
    if (u && inner?.imageSize !== undefined) {
      img.innerLength = hex(u.result.kexecToolsLength);
      img.innerImageSize = hex(inner.imageSize);
      img.innerTextOffset = hex(inner.textOffset ?? 0n);
    }
    snap.image = img;
    const verdicts = currentVerdicts(s);
    if (verdicts.length)
      snap.verdicts = verdicts.map((x) => ({ route: x.route, verdict: x.verdict, ...(x.errno ? { errno: x.errno } : {}), message: x.message.slice(0, 512) }));
  } else if (s.snapshot?.image) {
    snap.image = s.snapshot.image;
    if (s.snapshot.verdicts) snap.verdicts = s.snapshot.verdicts;
  }
  return snap;
}

/** The layout's view of the kernel, from a snapshot's image summary. */
export function kernelSpecFromSummary(img: ImageSummary): KernelSpec {
  const spec: KernelSpec = { format: img.format, fileLen: BigInt(img.size) };
  if (img.imageSize) spec.imageSize = BigInt(img.imageSize);
  if (img.textOffset) spec.textOffset = BigInt(img.textOffset);
  if (img.bigEndian) spec.bigEndian = true;
  if (img.innerLength && img.innerImageSize) {
    spec.inner = { fileLen: BigInt(img.innerLength), imageSize: BigInt(img.innerImageSize), textOffset: BigInt(img.innerTextOffset ?? '0x0') };
  }
  return spec;
}
