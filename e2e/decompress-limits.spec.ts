// User story: a hostile or huge payload never freezes the tab: a bomb stops at the limit with a
// clear message, Cancel really stops the worker, and the next file works.
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { SHOTS, waitReady, watchConsole } from './helpers';

/** Builds, inside the page, a zboot file whose gzip payload is `mib` MiB of zeros or random bytes,
 * using the real 6.12 gzip sample's header (payload offset/size patched), and drops it. */
async function dropGeneratedZboot(page: Page, mib: number, random: boolean, name: string) {
  await page.evaluate(
    async ({ mib, random, name }) => {
      const head = new Uint8Array(await (await fetch('samples/arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi')).arrayBuffer()).slice(0, 0xb6a8);
      const cs = new CompressionStream('gzip');
      const w = cs.writable.getWriter();
      const chunk = new Uint8Array(1 << 20);
      const pump = (async () => {
        for (let i = 0; i < mib; i++) {
          if (random) for (let o = 0; o < chunk.length; o += 65536) crypto.getRandomValues(chunk.subarray(o, o + 65536));
          await w.write(chunk);
        }
        await w.close();
      })();
      const gz = new Uint8Array(await new Response(cs.readable).arrayBuffer());
      await pump;
      const file = new Uint8Array(head.length + gz.length);
      file.set(head);
      file.set(gz, head.length);
      new DataView(file.buffer).setUint32(0xc, gz.length, true); // payload_size
      const dt = new DataTransfer();
      dt.items.add(new File([file], name));
      const zone = document.querySelector('[data-testid="dropzone"]') as HTMLElement;
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { mib, random, name },
  );
}

test('a decompression bomb stops at the output limit; cancel stops the worker; the next file works', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await page.locator('details.limits summary').click();
  await page.getByLabel('Output limit').selectOption(String(16 * 1024 * 1024));
  await page.getByLabel('Expansion ratio limit').selectOption('100000');

  await dropGeneratedZboot(page, 64, false, 'bomb.vmlinuz.efi');
  await waitReady(page, 'bomb.vmlinuz.efi');
  const alert = page.locator('.unpack [role="alert"]');
  await expect(alert).toContainText('stopped at 16 MiB of output');
  await page.screenshot({ path: join(SHOTS, 'decompress-bomb.png') });

  // 160 MiB of random bytes decompress for long enough to cancel
  await page.locator('details.limits summary').click();
  await page.getByLabel('Output limit').selectOption(String(512 * 1024 * 1024));
  await dropGeneratedZboot(page, 160, true, 'big.vmlinuz.efi');
  await waitReady(page, 'big.vmlinuz.efi');
  await page.getByRole('region', { name: 'Decompression' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.unpack')).toContainText('Decompression cancelled');

  // a fresh worker serves the next file
  await page.getByLabel('Built-in samples').selectOption('arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toContainText('0x450000');
  expect(errors).toEqual([]);
});
