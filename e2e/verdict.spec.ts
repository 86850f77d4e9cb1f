// User story: "why does kexec fail with this kernel?" — drop each sample, read the verdicts.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, SHOTS, dropFile, waitReady, watchConsole } from './helpers';

const CASES: Array<[string, string, string]> = [
  // file, kexec_file_load verdict, kexec -s verdict for the default target (Debian 13 arm64: kexec-tools 2.0.31, KEXEC_SIG not enforced)
  ['arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'fails · EINVAL', 'works with caveats'],
  ['arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi', 'fails · EINVAL', 'works with caveats'],
  ['arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi', 'fails · EINVAL', 'fails'],
  ['riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'fails · EINVAL', 'fails'],
];

test('verdicts for each sample on the summary card', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  const table = page.getByRole('list', { name: 'kexec verdicts' });
  for (const [file, kfl, ks] of CASES) {
    await dropFile(page, join(FIXTURES, file));
    await waitReady(page, file);
    await expect(page.getByTestId('unpack-done').or(page.locator('.unpack [role="alert"]'))).toBeVisible();
    await expect(table.locator('[data-route="kexec_file_load"] .vbadge')).toHaveText(kfl);
    await expect(table.locator('[data-route="kexec -s"] .vbadge')).toHaveText(ks);
  }
  // Fedora 40's kexec-tools 2.0.28 cannot read a zstd zboot (rhkdump/kdump-utils#22)
  await dropFile(page, join(FIXTURES, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await page.getByLabel('Target system').selectOption('fedora40-aarch64');
  await expect(table.locator('[data-route="kexec -s"] .vbadge')).toHaveText('fails');
  const ks = table.locator('[data-route="kexec -s"]');
  await ks.getByRole('button').click();
  await expect(ks.getByRole('button')).toHaveAttribute('aria-expanded', 'true');
  await expect(table.locator('[data-route="kexec -s"]')).toContainText('Cannot determine the file type');
  await expect(table.locator('[data-route="kexec -s"]')).toContainText('kexec-pe-zboot.c');
  await page.screenshot({ path: join(SHOTS, 'verdict-fedora40-zstd.png') });
  // the kernel's own .config as the target (no KEXEC_SIG, no lockdown): kexec_load is allowed
  // again, but kexec-tools is still 2.0.28 — until it is upgraded
  await page.getByRole('button', { name: "Use this kernel's .config" }).click();
  await expect(table.locator('[data-route="kexec -c"] .vbadge')).toHaveText('fails');
  await expect(table.locator('[data-route="kexec -s"] .vbadge')).toHaveText('fails');
  await page.locator('details.target-edit summary').click();
  await page.getByLabel('kexec-tools').fill('2.0.31');
  await expect(table.locator('[data-route="kexec -s"] .vbadge')).toHaveText('works');
  expect(errors).toEqual([]);
});

test('the verdict answers in one line; routes open by keyboard, several at once; the map zooms by keyboard', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  // Debian 13 target, the gzip zboot sample: kexec -s loads it (unsigned, nothing enforces
  // signatures), kexec_file_load of the file as is fails in image_probe() with EINVAL
  // (ground truth zboot-gzip-rejected: errno 22) — the rows of the first test above.
  await expect(page.getByTestId('verdict-headline')).toHaveText('kexec -s will load this (with caveats); kexec_file_load as is fails with EINVAL — why');
  // Tab from the target picker through the route buttons, opening two
  await page.getByLabel('Target system').focus();
  const rows = page.getByRole('list', { name: 'kexec verdicts' }).getByRole('button');
  await expect(rows).toHaveCount(4);
  for (let i = 0; i < 10 && !(await rows.first().evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(rows.nth(0)).toHaveAttribute('aria-expanded', 'true');
  await expect(rows.nth(1)).toHaveAttribute('aria-expanded', 'true');
  const kfl = page.locator('[data-route="kexec_file_load"] .vwhy');
  await expect(kfl).toBeVisible();
  await expect(kfl).toContainText('image_probe()');
  // no internal recording names and no literal backticks on the page
  await expect(page.getByRole('region', { name: 'Will it kexec' })).not.toContainText('kexec-ground-truth');
  await expect(page.getByRole('region', { name: 'Will it kexec' })).not.toContainText('`');
  await page.keyboard.press('Tab');
  await expect(rows.nth(2)).toBeFocused();

  // the map: Tab reaches it; + zooms, 0 resets, the indicator says so; the buttons are reachable too
  await page.keyboard.press('2');
  const map = page.getByRole('group', { name: /^Physical memory map/ });
  const level = page.getByTestId('zoom-level');
  await page.getByRole('button', { name: 'Zoom in' }).focus();
  await page.keyboard.press('Enter');
  await expect(level).toHaveText('1.5×');
  for (let i = 0; i < 10 && !(await map.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(map).toBeFocused();
  await page.keyboard.press('+');
  await expect(level).toHaveText('2.3×');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('-');
  await expect(level).toHaveText('1.5×');
  await page.keyboard.press('0');
  await expect(level).toHaveText('1.0×');
  expect(errors).toEqual([]);
});
