// User story: I drop a zboot image; it decompresses in a worker with a progress bar, and I see
// the inner arm64 Image header and the Linux banner — without the page ever freezing.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FIXTURES, SHOTS, prepareDrop, waitReady, watchConsole } from './helpers';

test('zboot payload decompresses off the main thread and is inspected again', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();

  // the test's own setup (decoding the file into the page) is done before the measurement
  const drop = await prepareDrop(page, readFileSync(join(FIXTURES, 'arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi')), 'arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi');
  // record long tasks from here on
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask' });
  });
  await drop();
  await waitReady(page, 'arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi');
  const done = page.getByTestId('unpack-done');
  await expect(done).toBeVisible();
  // README: every 6.1 payload decompresses to 3639808 bytes (0x378a00)
  await expect(done).toContainText('0x378a00');
  const bar = page.getByRole('progressbar', { name: 'Decompression progress' });
  await expect(bar).toHaveJSProperty('value', 1);
  await expect(bar).toHaveJSProperty('max', 1);
  // README: the xz build's version string, #5
  await expect(page.getByTestId('banner')).toContainText('Linux version 6.1.192 (root@vm)');
  await expect(page.getByTestId('banner')).toContainText('#5 SMP Tue Nov 24 18:30:16 UTC 2026');

  await page.getByRole('tab', { name: 'decompressed Image' }).click();
  const tree = page.getByRole('tree', { name: 'Header fields' });
  await expect(tree.locator('[data-field-id="image"]')).toContainText('arm64 Image header');
  await tree.getByTestId('toggle-image').click();
  // README 6.1 facts: inner header image_size 0x3c0000, text_offset 0, flags 0xa
  await expect(tree.locator('[data-field-id="image/image_size"]')).toContainText('0x3c0000');
  await expect(tree.locator('[data-field-id="image/flags"]')).toContainText('0xa');
  await page.screenshot({ path: join(SHOTS, 'decompressed-inner-image.png') });

  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  // The 50 ms long-task budget is measured by npm run bench ("main-thread long tasks" rows), not
  // here: a timed assertion fails whenever the shared machine is loaded (tasks of 10 ms stretch
  // past 100 ms). What this story checks is that no work froze the page: decoding or
  // inspecting on the main thread would take seconds.
  console.log(`long tasks over 50 ms during the xz drop: ${JSON.stringify(long.filter((d) => d > 50).map((d) => Math.round(d)))}`);
  expect(Math.max(0, ...long)).toBeLessThan(1000);
  expect(errors).toEqual([]);
});
