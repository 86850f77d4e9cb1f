// Deployable anywhere, usable offline: the production build served from a sub-path by a plain
// static file server, and, after one visit, reloaded with the network off.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { FIXTURES, SHOTS, dropFile, waitReady, watchConsole } from './helpers';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const PREFIX = '/tools/zboot/';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };

let server: Server;
let base = '';
test.beforeAll(async () => {
  // nothing but files: no rewrites, no headers beyond Content-Type
  server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0] as string);
    if (!url.startsWith(PREFIX)) return res.writeHead(404).end();
    const p = join(DIST, url.slice(PREFIX.length) || 'index.html');
    if (!p.startsWith(DIST) || !existsSync(p) || !statSync(p).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(p)] ?? 'application/octet-stream' });
    createReadStream(p).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}${PREFIX}`;
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

test('served from a sub-path by a plain static server, then offline after the first visit', async ({ page, context }) => {
  const errors = watchConsole(page);
  await page.goto(base);
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  // the service worker is installed and controls the page once its precache is complete
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await context.setOffline(true);
  await page.reload();
  // the address bar was the permalink: the reload shows the snapshot, and the sample's bytes come from the cache
  await expect(page.getByTestId('snapshot-notice')).toBeVisible();
  await page.getByRole('button', { name: 'It is a built-in sample: open it' }).click();
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('snapshot-match')).toContainText('sha256 matches');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  await page.getByLabel('Built-in samples').selectOption('riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await waitReady(page, 'riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await dropFile(page, join(FIXTURES, 'arm64-6.1.192-tiny-zboot-lzma.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.1.192-tiny-zboot-lzma.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toContainText('0x378a00');
  await page.getByRole('tab', { name: 'Lay out' }).click();
  await expect(page.getByRole('table', { name: 'kexec segments' })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'offline-subpath.png') });
  await context.setOffline(false);
  expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
});
