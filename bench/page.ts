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
