// User story: I open the app and see a real kernel already inspected; I drop my own image.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, SHOTS, dropFile, waitReady, watchConsole } from './helpers';

test('first screen shows the built-in sample, then a dropped file', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await expect(page.getByText('it never leaves your machine')).toBeVisible();
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary).toContainText('EFI zboot image (arm64)');
  await expect(summary).toContainText('gzip');
  await page.screenshot({ path: join(SHOTS, 'first-screen.png') });

  await dropFile(page, join(FIXTURES, 'riscv64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'));
  await waitReady(page, 'riscv64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await expect(summary).toContainText('riscv64');
  await expect(summary).toContainText('zstd');
  await page.screenshot({ path: join(SHOTS, 'dropped-riscv64.png') });
  expect(errors).toEqual([]);
});
