// Messages between the main thread and the devicetree worker.
import type { DeviceTreeFacts } from '../core/devicetree/facts';
import type { DtbOrigin, ResolvedFirstBoot } from '../core/devicetree/firstBoot';
import type { FdtStep } from '../core/devicetree/kexecFdt';

export interface DevicetreeRequest {
  id: number;
  file: Blob;
  origin: DtbOrigin;
  /** The first kernel's /proc/iomem, if the user gave one (QEMU's -initrd shows in it). */
  iomemText: string;
}

export interface PreparedMessage {
  /** initial_boot_params: the file after the boot chain. */
  booted: ArrayBuffer;
  facts: DeviceTreeFacts;
  chainSteps: FdtStep[];
  firstBoot: Omit<ResolvedFirstBoot, 'chain'>;
  inputSize: number;
  inputTotalsize: number;
  warnings: string[];
}

export type DevicetreeResponse = ({ id: number; kind: 'prepared' } & PreparedMessage) | { id: number; kind: 'failed'; message: string };
