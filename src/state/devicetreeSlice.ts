import type { StateCreator } from 'zustand';
import type { BootChain } from '../core/devicetree/bootChain';
import type { DeviceTreeFacts } from '../core/devicetree/facts';
import type { FdtStep } from '../core/devicetree/kexecFdt';
import { prepareDevicetreeInWorker } from '../workers/devicetreeClient';
import type { AppState } from './store';

/** What the dropped devicetree is, i.e. which loaders edited it before the running kernel kept it. */
export type DtbOrigin = 'booted' | 'efi-stub' | 'qemu-direct' | 'qemu-edk2';

export const DTB_ORIGINS: Array<[DtbOrigin, string]> = [
  ['booted', 'what the kernel booted with (/sys/firmware/fdt)'],
  ['efi-stub', 'handed to the kernel\'s EFI stub (update_fdt() applies)'],
  ['qemu-direct', 'QEMU virt machine dtb, booted with -kernel/-initrd/-append'],
  ['qemu-edk2', 'QEMU virt machine dtb, booted through EDK2 (-bios) and the EFI stub'],
];

/** The chain for an origin; the first kernel's command line only sizes its own blob, the new dtb replaces bootargs in place. */
export function chainOf(origin: DtbOrigin, firstCmdline: string): BootChain {
  const efiStub = { cmdline: firstCmdline, secureBoot: 2 };
  if (origin === 'efi-stub') return { efiStub };
  if (origin === 'qemu-edk2') return { edk2: true, efiStub };
  // QEMU puts -initrd at RAM base + min(ram/2, 128 MiB) (hw/arm/boot.c); one cell each in 7.2
  if (origin === 'qemu-direct') return { qemuDirect: { cmdline: firstCmdline, initrd: { start: 0x48000000n, end: 0x48400000n } } };
  return {};
}

export interface LoadedDevicetree {
  name: string;
  /** initial_boot_params: the input after its boot chain. */
  booted: Uint8Array;
  facts: DeviceTreeFacts;
  chainSteps: FdtStep[];
  inputSize: number;
  inputTotalsize: number;
  warnings: string[];
}

export interface DevicetreeSlice {
  devicetree?: LoadedDevicetree;
  devicetreeFile?: { name: string; blob: Blob };
  devicetreeStatus: 'idle' | 'reading' | 'ready' | 'failed';
  devicetreeMessage?: string;
  dtbOrigin: DtbOrigin;
  firstCmdline: string;
  /** rng_is_initialized() when the load happens: true on any 5.18+ system seconds after boot. */
  rngInitialized: boolean;
  openDevicetree: (name: string, blob: Blob) => Promise<void>;
  setDtbOrigin: (o: DtbOrigin) => void;
  setRngInitialized: (v: boolean) => void;
  clearDevicetree: () => void;
}

export const createDevicetreeSlice: StateCreator<AppState, [], [], DevicetreeSlice> = (set, get) => {
  let seq = 0;
  const prepare = async () => {
    const f = get().devicetreeFile;
    if (!f) return;
    const mine = ++seq;
    set({ devicetreeStatus: 'reading', devicetreeMessage: `Reading ${f.name}…` });
    try {
      const m = await prepareDevicetreeInWorker(f.blob, chainOf(get().dtbOrigin, get().firstCmdline));
      if (mine !== seq) return;
      const cpus = String(Math.max(1, m.facts.cpus));
      set({
        devicetree: { name: f.name, booted: new Uint8Array(m.booted), facts: m.facts, chainSteps: m.chainSteps, inputSize: m.inputSize, inputTotalsize: m.inputTotalsize, warnings: m.warnings },
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
    dtbOrigin: 'booted',
    firstCmdline: 'console=ttyAMA0',
    rngInitialized: true,
    async openDevicetree(name, blob) {
      set({ devicetreeFile: { name, blob } });
      await prepare();
    },
    setDtbOrigin(dtbOrigin) {
      set({ dtbOrigin });
      void prepare();
    },
    setRngInitialized(rngInitialized) {
      set({ rngInitialized });
    },
    clearDevicetree() {
      seq++;
      set({ devicetree: undefined, devicetreeFile: undefined, devicetreeStatus: 'idle', devicetreeMessage: undefined });
    },
  };
};
