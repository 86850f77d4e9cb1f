// Hostile conditions in a real browser: a worker that dies, a 256 MiB file, a file over the limit.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHOTS, waitReady } from './helpers';

test('a crashing worker is reported and replaced; the next file works', async ({ page }) => {
  // every analysis worker script throws while loading, until the route is removed
  await page.route('**/assets/analysis.worker-*.js', (r) => r.fulfill({ contentType: 'text/javascript', body: 'throw new Error("injected fault")' }));
  await page.goto('/');
  await expect(page.locator('div.status')).toContainText('the analysis worker crashed');
  await expect(page.getByText('it never leaves your machine')).toBeVisible();
  await page.unroute('**/assets/analysis.worker-*.js');
  await page.getByLabel('Built-in samples').selectOption('arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
});

test('a 256 MiB file: accepted, inspected off the main thread, hex view scrolls to the end, heap bounded; over the limit refused', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  const cdp = await page.context().newCDPSession(page);
  // the test's own setup (256 MiB of random bytes) runs on the page's main thread too, so it is
  // done before the long-task observer starts; the drop itself is what is measured
  const prepare = (mib: number, name: string) =>
    page.evaluate(
      ({ mib, name }) => {
        const parts: Uint8Array[] = [];
        for (let i = 0; i < mib; i++) {
          const c = new Uint8Array(1 << 20);
          for (let o = 0; o < c.length; o += 65536) crypto.getRandomValues(c.subarray(o, o + 65536));
          parts.push(c);
        }
        (window as unknown as { __file: File }).__file = new File(parts as BlobPart[], name);
      },
      { mib, name },
    );
  const dropPrepared = () =>
    page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add((window as unknown as { __file: File }).__file);
      const zone = document.querySelector('[data-testid="dropzone"]') as HTMLElement;
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
  const drop = async (mib: number, name: string) => {
    await prepare(mib, name);
    await dropPrepared();
  };

  await page.getByLabel('File size limit').selectOption(String(64 * 1024 * 1024));
  await drop(256, 'random-256M.bin');
  await expect(page.locator('div.status')).toContainText('over the 64 MiB file size limit, not read');

  await page.getByLabel('File size limit').selectOption(String(1024 * 1024 * 1024));
  await prepare(256, 'random-256M.bin');
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask' });
  });
  await dropPrepared();
  await waitReady(page, 'random-256M.bin');
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('not a kernel image');
  const hex = page.getByRole('region', { name: 'Hex view' });
  await hex.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('.hexrow .addr').last()).toHaveText('0x0ffffff0');
  await page.screenshot({ path: join(SHOTS, 'large-file-end.png') });
  // JS heap plus ArrayBuffer backing stores (Runtime.getHeapUsage counts both)
  await page.evaluate(() => ((window as unknown as { __file?: File }).__file = undefined));
  // what stays, not what awaits collection: the test's own 256 one-MiB parts are garbage by now
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const heap = usage.usedSize + (usage.backingStorageSize ?? 0);
  console.log(`JS heap + array buffers after the 256 MiB file: ${(heap / 1048576).toFixed(0)} MiB (heap ${(usage.usedSize / 1048576).toFixed(0)} MiB)`);
  // the file's bytes live once on the main thread (for the hex view); the worker's copy was transferred back
  // (once: 256 MiB, plus up to 64 MiB of the app's own; a second copy would be 512)
  expect(heap).toBeLessThan((256 + 64) * 1048576);
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  console.log(`long tasks over 50 ms during the 256 MiB drop: ${JSON.stringify(long.filter((d) => d > 50).map((d) => Math.round(d)))}`);
  // the 50 ms budget is the bench's (npm run bench, "main-thread long tasks" rows): under load a
  // timed assertion fails on 10 ms tasks stretched past 100 ms. Here: nothing froze the page
  // (hashing or parsing 256 MiB on the main thread would take seconds).
  expect(Math.max(0, ...long)).toBeLessThan(1000);
});
