// User story: I drop one kernel and, before it has finished, a second one; the second is what I
// see, inspected and decompressed, with no error from the first one's abandoned work.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, dropFile, waitReady, watchConsole } from './helpers';

test('two files dropped in quick succession: the second is shown, complete, with no error', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();

  // the first drop is still being read and inspected (then decompressed) when the second lands
  await dropFile(page, join(FIXTURES, 'arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi'));
  await dropFile(page, join(FIXTURES, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  const done = page.getByTestId('unpack-done');
  await expect(done).toBeVisible();
  await expect(done).toContainText('zstd');
  // fixtures README, step 4: the zstd build's version string (#2), not the 6.1 xz build's (#5)
  await expect(page.getByTestId('banner')).toContainText('Linux version 6.12.117 (root@vm)');
  await expect(page.getByTestId('banner')).toContainText('#2 SMP Tue Nov 24 18:04:03 UTC 2026');
  // fixtures README: the zstd zboot file is 1462784 (0x165200) bytes; the xz one 1130496
  await expect(page.locator('.summary')).toContainText('0x165200');
  await expect(page.locator('div.status[role=status]')).toHaveText('');
  await expect(page.locator('.progress-row.error')).toHaveCount(0);
  // nothing of the first file's withdrawn work may surface after the second is shown
  await page.waitForTimeout(500);
  await expect(page.locator('.summary .filename')).toHaveText('arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await expect(page.getByTestId('banner')).toContainText('#2 SMP');
  await expect(page.locator('div.status[role=status]')).toHaveText('');
  expect(errors).toEqual([]);
});
