// User stories: "why does kexec fail with this kernel?" — drop each sample, read the verdicts;
// "will it kexec on my machine?" — pick a real distribution config, flip Secure Boot, drop my
// own /boot/config-*, and watch the verdicts change.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Locator, type Page, expect, test } from '@playwright/test';
import { FIXTURES, SHOTS, dropFile, waitReady, watchConsole } from './helpers';

const CASES: Array<[string, string, string]> = [
  // file, kexec_file_load verdict, kexec -s verdict for the default target, Debian 13 arm64 from its
  // real config: "# CONFIG_KEXEC_FILE is not set" → kernel/sys_ni.c ENOSYS; kexec-tools 2.0.29 (zlib
  // only) gunzips a gzip zboot and reaches the syscall, refuses zstd (pez_prepare() before 2.0.31) and xz
  ['arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'fails · ENOSYS', 'fails · ENOSYS'],
  ['arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi', 'fails · ENOSYS', 'fails'],
  ['arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi', 'fails · ENOSYS', 'fails'],
  ['riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'fails · ENOSYS', 'fails'],
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
  // Debian 12's kexec-tools 2.0.25 has no zboot support (kexec-pe-zboot.c arrived in 2.0.27)
  await dropFile(page, join(FIXTURES, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await page.getByLabel('Target system').selectOption('debian12-arm64');
  await expect(table.locator('[data-route="kexec -s"] .vbadge')).toHaveText('fails');
  const ks = table.locator('[data-route="kexec -s"]');
  await ks.getByRole('button').click();
  await expect(ks.getByRole('button')).toHaveAttribute('aria-expanded', 'true');
  await expect(table.locator('[data-route="kexec -s"]')).toContainText('Cannot determine the file type');
  await expect(table.locator('[data-route="kexec -s"]')).toContainText('kexec-pe-zboot.c');
  await page.screenshot({ path: join(SHOTS, 'verdict-debian12-zstd.png') });
  // the kernel's own .config as the target: the tiny build's (KEXEC_FILE=y), that preset's user
  // space (kexec-tools 2.0.32 with libzstd): the file as is meets image_probe() (EINVAL), kexec -s loads it
  await page.getByRole('button', { name: "Use this kernel's .config" }).click();
  await expect(table.locator('[data-route="kexec_file_load"] .vbadge')).toHaveText('fails · EINVAL');
  await expect(table.locator('[data-route="kexec -s"] .vbadge')).toHaveText('works');
  // until kexec-tools is older than 2.0.31, which does not take zstd (a7fcd42)
  await page.getByText('target: where it comes from').click();
  await page.getByText('edit the configuration and user space').click();
  await page.getByLabel('kexec-tools').fill('2.0.28');
  await expect(table.locator('[data-route="kexec -s"] .vbadge')).toHaveText('fails');
  expect(errors).toEqual([]);
});

test('the verdict answers in one line; routes open by keyboard, several at once; the map zooms by keyboard', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  // Debian 13 target, the gzip zboot sample: kexec -c loads it (kexec_load checks no signature),
  // kexec_file_load is not built (ENOSYS) — the rows of the first test above.
  await expect(page.getByTestId('verdict-headline')).toHaveText('kexec -c will load this (with caveats); kexec_file_load as is fails with ENOSYS — why');
  // Tab from the target picker through the route buttons, opening two
  await page.getByLabel('Target system').focus();
  const rows = page.getByRole('list', { name: 'kexec verdicts' }).getByRole('button');
  await expect(rows).toHaveCount(5);
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
  await expect(kfl).toContainText('sys_ni_syscall()');
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

async function dropConfig(page: Page, path: string, name = path.split('/').pop() as string) {
  const b64 = readFileSync(path).toString('base64');
  const dt = await page.evaluateHandle(({ b64, name }) => {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name));
    return dt;
  }, { b64, name });
  const zone = page.getByLabel('Describe my system');
  await zone.dispatchEvent('dragover', { dataTransfer: dt });
  await zone.dispatchEvent('drop', { dataTransfer: dt });
}

const badge = (list: Locator, route: string) => list.locator(`[data-route="${route}"] .vbadge`);

test('verdicts follow the target: presets from real configs, Secure Boot, a dropped config', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  const table = page.getByRole('list', { name: 'kexec verdicts' });
  const source = page.getByLabel('Target source');
  await page.getByText('target: where it comes from').click();
  // the default target is Debian 13's arm64 kernel, computed from its real config
  await expect(source).toContainText('distro-configs/config-6.12.117+deb13-arm64.gz');
  await expect(source).toContainText('linux-image-6.12.117+deb13-arm64 6.12.117-1');
  // "# CONFIG_KEXEC_FILE is not set" → kernel/sys_ni.c: ENOSYS; kexec-tools 2.0.29 falls back to kexec_load
  await expect(badge(table, 'kexec_file_load')).toHaveText('fails · ENOSYS');
  await expect(badge(table, 'kexec -s')).toHaveText('fails · ENOSYS');
  await expect(badge(table, 'kexec -c')).toHaveText('works with caveats');
  // Secure Boot on: the IMA arch policy appraises KEXEC_KERNEL_CHECK → kexec_load EACCES (ima_main.c ima_load_data())
  await page.getByLabel('Secure Boot on').check();
  await expect(badge(table, 'kexec -c')).toHaveText('fails · EACCES');
  await page.getByLabel('Secure Boot on').uncheck();
  await page.getByLabel('lockdown= parameter').selectOption('integrity');
  await expect(badge(table, 'kexec -c')).toHaveText('fails · EPERM');
  // every preset shows the file it was computed from
  const presets = page.getByLabel('Target system').locator('option');
  const ids = await presets.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(ids).toEqual(expect.arrayContaining(['debian12-arm64', 'debian13-arm64', 'debian13-riscv64', 'debian-sid-arm64', 'tiny-qemu']));
  for (const id of ids.filter((x) => x.startsWith('debian'))) {
    await page.getByLabel('Target system').selectOption(id);
    await expect(source).toContainText('distro-configs/config-');
    await expect(source).toContainText('Assumes: Secure Boot off');
  }
  // Debian 12: kexec-tools 2.0.25 knows no zboot
  await page.getByLabel('Target system').selectOption('debian12-arm64');
  await expect(badge(table, 'kexec -c')).toHaveText('fails');
  await page.screenshot({ path: join(SHOTS, 'verdict-debian12.png') });
  // drop the sample kernels' own config (KEXEC_FILE=y): the file as is now reaches the arm64 probe → EINVAL
  await page.getByLabel('Target system').selectOption('debian13-arm64');
  await dropConfig(page, join(FIXTURES, 'arm64-6.12.117-tiny-gzip-build.config'));
  await expect(source).toContainText('arm64-6.12.117-tiny-gzip-build.config');
  await expect(badge(table, 'kexec_file_load')).toHaveText('fails · EINVAL');
  await expect(badge(table, 'kexec -s')).toHaveText('works');
  // and a /proc/config.gz-style gzip'd config brings ENOSYS back
  await dropConfig(page, join(FIXTURES, 'distro-configs/config-7.2.13+deb14-arm64.gz'), 'config.gz');
  // it is the sid preset's file: that preset's package and user space come with it
  await expect(source).toContainText('linux-binary-7.2.13+deb14-arm64 7.2.13-1');
  await expect(badge(table, 'kexec_file_load')).toHaveText('fails · ENOSYS');
  // the running kernel's command line
  await page.getByText('paste a config or /proc/cmdline').click();
  await page.getByLabel('Kernel command line').fill('root=/dev/vda1 ima_policy=secure_boot');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(badge(table, 'kexec -c')).toHaveText('fails · EACCES');
  // a file that is not a config says so
  await dropConfig(page, join(FIXTURES, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'));
  await expect(page.getByLabel('Describe my system').getByRole('alert')).toContainText('NUL byte');
  // the image drop target still takes images
  await dropFile(page, join(FIXTURES, 'arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi');
  await page.screenshot({ path: join(SHOTS, 'verdict-config-drop.png') });
  expect(errors).toEqual([]);
});
