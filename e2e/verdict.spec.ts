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
  const table = page.getByRole('table', { name: 'kexec verdicts' });
  for (const [file, kfl, ks] of CASES) {
    await dropFile(page, join(FIXTURES, file));
    await waitReady(page, file);
    await expect(page.getByTestId('unpack-done').or(page.locator('.unpack [role="alert"]'))).toBeVisible();
    await expect(table.locator('tr[data-route="kexec_file_load"] .vbadge')).toHaveText(kfl);
    await expect(table.locator('tr[data-route="kexec -s"] .vbadge')).toHaveText(ks);
  }
  // Fedora 40's kexec-tools 2.0.28 cannot read a zstd zboot (rhkdump/kdump-utils#22)
  await dropFile(page, join(FIXTURES, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await page.getByLabel('Target system').selectOption('fedora40-aarch64');
  await expect(table.locator('tr[data-route="kexec -s"] .vbadge')).toHaveText('fails');
  await table.locator('tr[data-route="kexec -s"]').click();
  await expect(table.locator('tr[data-route="kexec -s"]')).toContainText('Cannot determine the file type');
  await expect(table.locator('tr[data-route="kexec -s"]')).toContainText('kexec-pe-zboot.c');
  await page.screenshot({ path: join(SHOTS, 'verdict-fedora40-zstd.png') });
  // the kernel's own .config as the target (no KEXEC_SIG, no lockdown): kexec_load is allowed
  // again, but kexec-tools is still 2.0.28 — until it is upgraded
  await page.getByRole('button', { name: "Use this kernel's .config" }).click();
  await expect(table.locator('tr[data-route="kexec -c"] .vbadge')).toHaveText('fails');
  await expect(table.locator('tr[data-route="kexec -s"] .vbadge')).toHaveText('fails');
  await page.locator('details.target-edit summary').click();
  await page.getByLabel('kexec-tools').fill('2.0.31');
  await expect(table.locator('tr[data-route="kexec -s"] .vbadge')).toHaveText('works');
  expect(errors).toEqual([]);
});
