// "Run the stub": one emulator run at a time, in its own worker; the trace (calls, allocations)
// grows as the worker reports it, so the views draw it live. Plain data, documented in
// workers/emulatorProtocol.ts, so other views (the stepper) can read a finished run.
import type { StateCreator } from 'zustand';
import type { EmulationReport } from '../core/emulator/run';
import type { AllocationEvent } from '../core/emulator/uefi/memoryMap';
import type { ServiceCall } from '../core/emulator/uefi/trace';
import { EmulatorCancelled, type EmulatorJob, emulateInWorker } from '../workers/emulatorClient';
import type { AppState } from './store';

export interface EmulatorSettings {
  /** Hand the stub QEMU virt's devicetree (public/samples/qemu-virt.dtb) or none (it generates one). */
  dtb: 'qemu-virt' | 'none';
  initrdSize: number;
  cmdline: string;
  rng: boolean;
  rngSeed: string;
  maxInstructions: number;
}

export type EmulatorRun =
  | { status: 'idle' }
  | { status: 'running'; instructions: number; seconds: number; mips: number }
  | { status: 'done'; report: EmulationReport }
  | { status: 'failed'; message: string }
  | { status: 'cancelled'; instructions: number };

export interface EmulatorSlice {
  emuSettings: EmulatorSettings;
  emuRun: EmulatorRun;
  emuCalls: ServiceCall[];
  emuAllocations: AllocationEvent[];
  setEmuSettings: (s: Partial<EmulatorSettings>) => void;
  runStub: () => Promise<void>;
  cancelStub: () => void;
}

let job: EmulatorJob | undefined;

async function fetchDtb(): Promise<Uint8Array | undefined> {
  const r = await fetch('samples/qemu-virt.dtb');
  return r.ok ? new Uint8Array(await r.arrayBuffer()) : undefined;
}

export const createEmulatorSlice: StateCreator<AppState, [], [], EmulatorSlice> = (set, get) => ({
  emuSettings: { dtb: 'qemu-virt', initrdSize: 4 << 20, cmdline: '', rng: false, rngSeed: '1', maxInstructions: 2_000_000_000 },
  emuRun: { status: 'idle' },
  emuCalls: [],
  emuAllocations: [],
  setEmuSettings(s) {
    set({ emuSettings: { ...get().emuSettings, ...s } });
  },
  cancelStub() {
    job?.cancel();
  },
  async runStub() {
    const { blob, loadSeq, emuSettings: st } = get();
    if (!blob) return;
    job?.cancel();
    set({ emuRun: { status: 'running', instructions: 0, seconds: 0, mips: 0 }, emuCalls: [], emuAllocations: [] });
    const dtb = st.dtb === 'qemu-virt' ? await fetchDtb() : undefined;
    let seed: bigint | undefined;
    try {
      seed = st.rng ? BigInt(st.rngSeed) : undefined;
    } catch {
      set({ emuRun: { status: 'failed', message: `RNG seed ${JSON.stringify(st.rngSeed)} is not an integer` } });
      return;
    }
    const live = () => get().loadSeq === loadSeq;
    const mine = emulateInWorker(
      { kind: 'emulate', file: blob, dtb, initrdSize: st.initrdSize || undefined, cmdline: st.cmdline, rngSeed: seed, maxInstructions: st.maxInstructions, maxSeconds: 600 },
      (m) => {
        if (!live() || job !== mine) return;
        if (m.kind === 'progress') set({ emuRun: { status: 'running', instructions: m.instructions, seconds: m.seconds, mips: m.seconds > 0 ? m.instructions / m.seconds / 1e6 : 0 } });
        else if (m.kind === 'calls') set({ emuCalls: [...get().emuCalls, ...m.calls] });
        else if (m.kind === 'allocations') set({ emuAllocations: [...get().emuAllocations, ...m.events] });
      },
    );
    job = mine;
    try {
      const report = await mine.done;
      if (live() && job === mine) set({ emuRun: { status: 'done', report }, emuCalls: report.services, emuAllocations: report.allocations });
    } catch (e) {
      if (!live() || job !== mine) return;
      const r = get().emuRun;
      if (e instanceof EmulatorCancelled) set({ emuRun: { status: 'cancelled', instructions: r.status === 'running' ? r.instructions : 0 } });
      else set({ emuRun: { status: 'failed', message: e instanceof Error ? e.message : String(e) } });
    } finally {
      if (job === mine) job = undefined;
    }
  },
});
