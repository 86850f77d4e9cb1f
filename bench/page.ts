// Bench page: one decode per call in a module worker. `fresh` starts a new worker (the cold
// first run a user pays once); otherwise the worker is reused, as the app reuses its
// decompression worker between files.
let worker: Worker | undefined;
(window as unknown as { runDecode: unknown }).runDecode = async (codec: string, url: string, expectedSize: number | undefined, choice: string, fresh: boolean) => {
  const buffer = await (await fetch(url)).arrayBuffer();
  if (fresh || !worker) {
    worker?.terminate();
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  }
  const w = worker;
  return await new Promise((resolve) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => resolve({ ok: false, error: e.message });
    w.postMessage({ codec, buffer, expectedSize, choice }, [buffer]);
  });
};

// The emulator row: a fresh worker per run (as the app starts one per "Run the stub"), with the
// main thread's long tasks recorded while it runs.
(window as unknown as { runEmulate: unknown }).runEmulate = async (url: string, dtbUrl?: string) => {
  const file = await (await fetch(url)).arrayBuffer();
  const dtb = dtbUrl ? await (await fetch(dtbUrl)).arrayBuffer() : undefined;
  const long: number[] = [];
  const po = new PerformanceObserver((l) => l.getEntries().forEach((e) => long.push(e.duration)));
  po.observe({ type: 'longtask' });
  const w = new Worker(new URL('./emulateWorker.ts', import.meta.url), { type: 'module' });
  const r = await new Promise<Record<string, unknown>>((resolve) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => resolve({ exit: 'error', reason: e.message });
    w.postMessage({ file, dtb }, [file, ...(dtb ? [dtb] : [])]);
  });
  w.terminate();
  await new Promise((res) => setTimeout(res, 50));
  po.disconnect();
  return { ...r, long };
};
