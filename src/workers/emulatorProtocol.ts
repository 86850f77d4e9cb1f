// The messages between the main thread and the emulator worker (emulator.worker.ts). Plain
// structured-clone data (bigints and Uint8Arrays cross as they are), so the app's stepper can
// replay a run from them: the calls in `calls` batches in order (ServiceCall.seq), the
// allocations in `allocations` batches as the firmware's memory map changed, then one `done`.
import type { EmulationReport } from '../core/emulator/run';
import type { AllocationEvent } from '../core/emulator/uefi/memoryMap';
import type { ServiceCall } from '../core/emulator/uefi/trace';

export interface EmulateRequest {
  kind: 'emulate';
  /** The zboot file, read in the worker. */
  file: Blob;
  dtb?: Uint8Array;
  /** Size of a zero-filled initrd handed over through LoadFile2, or none. */
  initrdSize?: number;
  cmdline: string;
  /** An EFI_RNG_PROTOCOL seeded with this, or none. */
  rngSeed?: bigint;
  maxInstructions: number;
  maxSeconds: number;
}

export type EmulatorMessage =
  | { kind: 'progress'; instructions: number; seconds: number }
  | { kind: 'calls'; calls: ServiceCall[] }
  | { kind: 'allocations'; events: AllocationEvent[] }
  | { kind: 'done'; report: EmulationReport }
  | { kind: 'failed'; message: string };
