// Thin adapter: runs core/emulator off the main thread, posting the trace as it grows (batched
// at each progress tick, ~10 per second) so the app draws calls and allocations live. Cancel is
// the main thread terminating this worker.
import { emulate } from '../core/emulator/run';
import type { AllocationEvent } from '../core/emulator/uefi/memoryMap';
import type { ServiceCall } from '../core/emulator/uefi/trace';
import type { EmulateRequest, EmulatorMessage } from './emulatorProtocol';

const post = (m: EmulatorMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = async (ev: MessageEvent<EmulateRequest>) => {
  const req = ev.data;
  let calls: ServiceCall[] = [];
  let events: AllocationEvent[] = [];
  const flush = () => {
    if (calls.length) post({ kind: 'calls', calls });
    if (events.length) post({ kind: 'allocations', events });
    calls = [];
    events = [];
  };
  try {
    const file = new Uint8Array(await req.file.arrayBuffer());
    const report = await emulate(file, {
      dtb: req.dtb,
      initrd: req.initrdSize ? new Uint8Array(req.initrdSize) : undefined,
      cmdline: req.cmdline,
      rngSeed: req.rngSeed,
      maxInstructions: req.maxInstructions,
      maxSeconds: req.maxSeconds,
      onCall: (c) => void calls.push({ ...c, args: { ...c.args }, out: { ...c.out } }),
      onAllocation: (e) => void events.push(e),
      onProgress: (p) => {
        flush();
        post({ kind: 'progress', ...p });
      },
    });
    flush();
    // The Image and devicetree copies cross as transfers, not clones.
    const transfer = [report.image?.bytes?.buffer, report.fdt?.bytes.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    post({ kind: 'done', report }, transfer);
  } catch (e) {
    // core/emulator does not throw; reaching here is a bug, reported rather than hung.
    post({ kind: 'failed', message: `internal error: ${e instanceof Error ? e.message : String(e)}` });
  }
};
