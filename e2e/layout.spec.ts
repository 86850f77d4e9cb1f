// User story: where will kexec put my kernel, initrd and dtb, and why there?
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHOTS, waitReady, watchConsole } from './helpers';

test('layout updates with the inputs and explains each placement', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  await page.getByRole('tab', { name: 'Lay out' }).click();

  // The file as given: the kernel refuses it (ground truth zboot-gzip-rejected: errno 22).
  await expect(page.getByTestId('upstream-verdict')).toContainText('EINVAL');
  const table = page.getByRole('table', { name: 'kexec segments' });
  // kexec-tools path on the 1 GiB QEMU map (= ground truth m1G-initrd4M's memblock): kernel 0x40800000,
  // initrd right above it, dtb at the top 2 MiB boundary 0x7fe00000.
  await expect(table.locator('tr[data-role="kernel"]')).toContainText('0x40800000');
  await expect(table.locator('tr[data-role="initrd"]')).toContainText('0x40c50000');
  await expect(table.locator('tr[data-role="dtb"]')).toContainText('0x7fe00000');
  await page.screenshot({ path: join(SHOTS, 'layout-1G.png') });

  // A bigger initrd: still right above the kernel, 64 MiB long.
  const initrd = page.getByLabel('initrd size');
  await initrd.fill('64M');
  await expect(table.locator('tr[data-role="initrd"] td').nth(3)).toHaveText('0x44c4ffff');
  await expect(table.locator('tr[data-role="initrd"] td').nth(4)).toHaveText('0x4000000');
  // Another machine: 512 MiB (ground truth m512M: dtb at 0x5fe00000).
  await page.getByLabel('Memory preset').selectOption('qemu-virt-512M');
  await expect(table.locator('tr[data-role="dtb"]')).toContainText('0x5fe00000');
  const dtbBand = page.locator('svg g.seg[data-role="dtb"]');
  await expect(dtbBand).toHaveCount(1);

  // Hover the kernel band: the tooltip says why it is there.
  await page.locator('svg g.seg[data-role="kernel"] rect').hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('why here');
  await expect(tip).toContainText('placed at 0x40800000');
  await page.screenshot({ path: join(SHOTS, 'layout-512M-hover.png') });

  // Crash load with a region: everything moves inside it.
  await page.getByLabel('initrd size').fill('4M');
  await page.getByLabel('crash (kdump) load').check();
  await page.getByLabel('crashkernel region').fill('0x56e00000-0x5edfffff');
  await expect(table.locator('tr[data-role="elfcorehdr"]')).toContainText('0x5edf0000');
  await expect(table.locator('tr[data-role="kernel"]')).toContainText('0x56e00000');
  await page.screenshot({ path: join(SHOTS, 'layout-crash.png') });
  expect(errors).toEqual([]);
});
