// Thin adapter: reads a dropped devicetree (gunzipped when it is gzip, within a bound), checks it
// and runs the boot chain off the main thread (a dropped file may be 100 MiB of anything).
import { prepareDevicetree } from '../core/devicetree/prepare';
import type { DevicetreeRequest, DevicetreeResponse } from './devicetreeProtocol';
import { FDT_READ_LIMIT } from '../core/devicetree/reader';
import { devicetreeBytes } from '../core/devicetree/input';
import { parseIomem } from '../core/kexec/memoryText';

const post = (msg: DevicetreeResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);

/** Reads at most what the reader would take: it refuses a totalsize above FDT_READ_LIMIT from the header alone. */
async function bytesOf(file: Blob): Promise<Uint8Array | string> {
  const d = await devicetreeBytes(new Uint8Array(await file.slice(0, FDT_READ_LIMIT + 1).arrayBuffer()));
  return d.bytes ?? (d.error as string);
}

self.onmessage = async (ev: MessageEvent<DevicetreeRequest>) => {
  const req = ev.data;
  try {
    const b = await bytesOf(req.file);
    if (typeof b === 'string') return post({ id: req.id, kind: 'failed', message: b });
    const iomem = req.iomemText.trim() ? parseIomem(req.iomemText).roots : undefined;
    const r = prepareDevicetree(b, { origin: req.origin, ...(iomem ? { iomem } : {}) });
    if (!r.fields) return post({ id: req.id, kind: 'failed', message: r.errors.map((e) => `offset 0x${e.offset.toString(16)}: ${e.message}`).join('; ') });
    const booted = r.fields.booted.slice().buffer;
    post({ id: req.id, kind: 'prepared', booted, facts: r.fields.facts, chainSteps: r.fields.chainSteps, firstBoot: r.fields.firstBoot, inputSize: b.length, inputTotalsize: r.fields.input.header.totalsize, warnings: r.warnings.map((w) => `offset 0x${w.offset.toString(16)}: ${w.message}`) }, [booted]);
  } catch (e) {
    post({ id: req.id, kind: 'failed', message: `internal error: ${e instanceof Error ? e.message : String(e)}` });
  }
};
