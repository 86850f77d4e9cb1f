import type { StateCreator } from 'zustand';
import type { DtbOrigin } from '../core/devicetree/firstBoot';
import { looksLikeIomem } from '../core/kexec/memoryText';
import { prepareDevicetreeInWorker } from '../workers/devicetreeClient';
import type { PreparedMessage } from '../workers/devicetreeProtocol';
import type { AppState } from './store';

export const DTB_ORIGINS: Array<[DtbOrigin, string]> = [
  ['auto', 'guessed from the file (QEMU virt\'s machine dtb is recognised)'],
  ['booted', 'what the kernel booted with (/sys/firmware/fdt)'],
  ['efi-stub', 'handed to the kernel\'s EFI stub (update_fdt() applies)'],
  ['qemu-direct', 'QEMU virt machine dtb, booted with -kernel/-initrd/-append'],
  ['qemu-edk2', 'QEMU virt machine dtb, booted through EDK2 (-bios) and the EFI stub'],
];

/** The first kernel's /proc/iomem if the layout has one: QEMU's -initrd shows reserved in it. */
function iomemOf(m: AppState['layoutSettings']['memory']): string {
  if (m.kind !== 'text') return '';
  return m.iomem.trim() ? m.iomem : looksLikeIomem(m.memory) ? m.memory : '';
}

/** What the worker prepared, under the file's name, with initial_boot_params as bytes. */
export interface LoadedDevicetree extends Omit<PreparedMessage, 'booted'> {
  name: string;
  booted: Uint8Array;
}

export interface DevicetreeSlice {
  devicetree?: LoadedDevicetree;
  devicetreeFile?: { name: string; blob: Blob };
  devicetreeStatus: 'idle' | 'reading' | 'ready' | 'failed';
  devicetreeMessage?: string;
  dtbOrigin: DtbOrigin;
  /** rng_is_initialized() when the load happens: true on any 5.18+ system seconds after boot. */
  rngInitialized: boolean;
  openDevicetree: (name: string, blob: Blob) => Promise<void>;
  setDtbOrigin: (o: DtbOrigin) => void;
  /** Runs the boot chain again if the memory map's iomem changed: it may show QEMU's -initrd. */
  refreshDevicetree: () => Promise<void>;
  setRngInitialized: (v: boolean) => void;
  clearDevicetree: () => void;
}

export const createDevicetreeSlice: StateCreator<AppState, [], [], DevicetreeSlice> = (set, get) => {
  let seq = 0;
  let usedIomem = '';
  const prepare = async () => {
    const f = get().devicetreeFile;
    if (!f) return;
    const mine = ++seq;
    usedIomem = iomemOf(get().layoutSettings.memory);
    set({ devicetreeStatus: 'reading', devicetreeMessage: `Reading ${f.name}…` });
    try {
      const m = await prepareDevicetreeInWorker({ file: f.blob, origin: get().dtbOrigin, iomemText: usedIomem });
      if (mine !== seq) return;
      const cpus = String(Math.max(1, m.facts.cpus));
      set({
        devicetree: { name: f.name, booted: new Uint8Array(m.booted), facts: m.facts, chainSteps: m.chainSteps, firstBoot: m.firstBoot, inputSize: m.inputSize, inputTotalsize: m.inputTotalsize, warnings: m.warnings },
        devicetreeStatus: 'ready',
        devicetreeMessage: undefined,
        // num_possible_cpus comes from the cpu nodes (arch/arm64/kernel/smp.c)
        layoutSettings: { ...get().layoutSettings, cpus },
      });
    } catch (e) {
      if (mine !== seq) return;
      set({ devicetree: undefined, devicetreeStatus: 'failed', devicetreeMessage: `${f.name}: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  return {
    devicetreeStatus: 'idle',
    dtbOrigin: 'auto',
    rngInitialized: true,
    async openDevicetree(name, blob) {
      set({ devicetreeFile: { name, blob } });
      await prepare();
    },
    setDtbOrigin(dtbOrigin) {
      set({ dtbOrigin });
      void prepare();
    },
    refreshDevicetree: () => (iomemOf(get().layoutSettings.memory) !== usedIomem ? prepare() : Promise.resolve()),
    setRngInitialized(rngInitialized) {
      set({ rngInitialized });
    },
    clearDevicetree() {
      seq++;
      set({ devicetree: undefined, devicetreeFile: undefined, devicetreeStatus: 'idle', devicetreeMessage: undefined });
    },
  };
};
