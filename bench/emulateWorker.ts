// Bench worker: the app's emulator (core/emulator/run.ts) on one zboot file, timed inside a
// browser worker, with the kernel-entry facts the row must check before it counts.
import { emulate } from '../src/core/emulator/run';

self.onmessage = async (ev: MessageEvent<{ file: ArrayBuffer; dtb?: ArrayBuffer }>) => {
  const t0 = performance.now();
  const r = await emulate(new Uint8Array(ev.data.file), { dtb: ev.data.dtb && new Uint8Array(ev.data.dtb), initrd: new Uint8Array(4 << 20) });
  const ms = performance.now() - t0;
  (self as unknown as Worker).postMessage({ exit: r.exit, reason: r.reason, sha: r.image?.sha256 ?? '', size: Number(r.image?.size ?? 0n), instructions: r.instructions, ms });
};
