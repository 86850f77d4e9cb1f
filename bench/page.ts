// Bench page: runs one decode in a fresh module worker per call (first-run cost included, as a
// user who decompresses once would pay it) and reports the worker's own timing.
(window as unknown as { runDecode: unknown }).runDecode = async (codec: string, url: string, expectedSize: number | undefined, choice: string) => {
  const buffer = await (await fetch(url)).arrayBuffer();
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise((resolve) => {
      w.onmessage = (e) => resolve(e.data);
      w.onerror = (e) => resolve({ ok: false, error: e.message });
      w.postMessage({ codec, buffer, expectedSize, choice }, [buffer]);
    });
  } finally {
    w.terminate();
  }
};
