// The privacy promise, tested: during a full session (load, drop a sample, decompress, lay out,
// step, share, export) every request is a GET of the app's own files, and the page runs under a
// Content-Security-Policy that forbids anything else.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, dropFile, waitReady, watchConsole } from './helpers';

test('a full session makes only same-origin GETs of static files', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = watchConsole(page);
  const requests: Array<{ method: string; url: string; hasBody: boolean }> = [];
  context.on('request', (r) => requests.push({ method: r.method(), url: r.url(), hasBody: !!r.postDataBuffer() }));
  const origin = new URL(baseURL!).origin;

  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toMatch(/'unsafe-eval'/);
  expect(csp).not.toContain("'unsafe-inline'");
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await dropFile(page, join(FIXTURES, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  await page.getByRole('tab', { name: 'decompressed Image' }).click();
  await page.getByRole('tab', { name: 'Lay out' }).click();
  await page.getByLabel('initrd size').fill('16M');
  await page.locator('svg g.seg[data-role="kernel"] rect').hover();
  await page.getByRole('tab', { name: 'Step' }).click();
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  await page.getByLabel('Built-in samples').selectOption('arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi');
  await waitReady(page, 'arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi');
  await page.getByRole('tab', { name: 'Inspect' }).click();
  await expect(page.getByTestId('unpack-done')).toBeVisible();

  const offending = requests.filter((r) => {
    if (r.url.startsWith('blob:') || r.url.startsWith('data:')) return false; // local objects, no network
    return new URL(r.url).origin !== origin || r.method !== 'GET' || r.hasBody;
  });
  expect(offending).toEqual([]);
  // what was fetched: the app's own files only (HTML, JS, CSS, icon, samples)
  for (const r of requests.filter((x) => x.url.startsWith('http'))) {
    expect(new URL(r.url).pathname).toMatch(/^\/(|index\.html|favicon\.svg|manifest\.webmanifest|registerSW\.js|sw\.js|workbox-[\w]+\.js|assets\/[\w.-]+|samples\/[\w.-]+)$/);
  }
  console.log(`requests recorded: ${requests.length} (${requests.filter((x) => x.url.startsWith('http')).length} http)`);
  expect(errors).toEqual([]);
});
