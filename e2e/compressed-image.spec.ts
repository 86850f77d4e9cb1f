// User story: "my distribution's arm64 vmlinuz is a gzip'd Image" — drop it, see the Image inside.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, SHOTS, dropFile, waitReady, watchConsole } from './helpers';

test('an Image.gz is a compressed file ⊃ an Image: decompressed in the worker, the inner Image inspected', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await dropFile(page, join(FIXTURES, 'arm64-6.12.117-tiny-gzip-build.Image.gz'));
  await waitReady(page, 'arm64-6.12.117-tiny-gzip-build.Image.gz');
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('gzip-compressed file');
  // shared/fixtures/README.md: the Image inside is 4045312 bytes, sha256 5f249e2c…
  await expect(page.getByTestId('unpack-done')).toContainText('gzip → 3.86 MiB (0x3dba00)');
  await expect(page.getByTestId('inner-sha')).toContainText('5f249e2c3d4421f1976edebda7604a94bc0e7785262efb8979465491f8bf5e1f');
  await expect(page.getByTestId('banner')).toContainText('Linux version 6.12.117');
  await expect(page.getByRole('tab', { name: 'gzip file' })).toBeVisible();
  await page.getByRole('tab', { name: 'decompressed Image' }).click();
  await expect(page.locator('[data-field-id="image"]').first()).toBeVisible();
  // the kernel probes the gzip bytes; Debian 13's kexec-tools gunzips it, then gets ENOSYS
  const route = page.getByRole('list', { name: 'kexec verdicts' }).locator('[data-route="kexec -s"]');
  await expect(route).toContainText('fails');
  await expect(route).toContainText('ENOSYS');
  await page.screenshot({ path: join(SHOTS, 'compressed-image-gz.png') });
  expect(errors).toEqual([]);
});
