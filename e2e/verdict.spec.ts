// User story: "will this kernel kexec on my machine?" — pick a real distribution config, flip
// Secure Boot, drop my own /boot/config-*, and watch the verdicts change.
import { join } from 'node:path';
import { type Locator, type Page, expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FIXTURES, SHOTS, dropFile, waitReady, watchConsole } from './helpers';

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

const badge = (table: Locator, route: string) => table.locator(`tr[data-route="${route}"] .vbadge`);

test('verdicts follow the target: presets from real configs, Secure Boot, a dropped config', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  const table = page.getByRole('table', { name: 'kexec verdicts' });
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
