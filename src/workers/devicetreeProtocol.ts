// Messages between the main thread and the devicetree worker.
import type { BootChain } from '../core/devicetree/bootChain';
import type { DeviceTreeFacts } from '../core/devicetree/facts';
import type { FdtStep } from '../core/devicetree/kexecFdt';

export interface DevicetreeRequest {
  id: number;
  file: Blob;
  chain: BootChain;
}

export interface PreparedMessage {
  /** initial_boot_params: the file after the boot chain. */
  booted: ArrayBuffer;
  facts: DeviceTreeFacts;
  chainSteps: FdtStep[];
  inputSize: number;
  inputTotalsize: number;
  warnings: string[];
}

export type DevicetreeResponse = ({ id: number; kind: 'prepared' } & PreparedMessage) | { id: number; kind: 'failed'; message: string };
