// User story: I give the tool the devicetree my machine booted with; it shows where kexec really
// puts the dtb it builds from it, and what the second kernel finds in /chosen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, SHOTS, watchConsole } from './helpers';

test('a dropped devicetree: the dtb segment becomes the one the kernel builds, with its /chosen', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Lay out' }).click();
  const table = page.getByRole('table', { name: 'kexec segments' });
  const dtbRow = table.locator('tr[data-role="dtb"]');
  // Ground truth m1G-initrd4M: 1 GiB QEMU virt (the qemu-virt-1G preset is its memblock),
  // a 4 MiB initrd and the new command line it passed.
  await page.getByLabel('command line').fill('console=ttyAMA0 rdinit=/init kxstage=2');
  // A size typed in (3 MiB here, as a totalsize-sized guess would be) puts it elsewhere:
  await page.getByLabel('dtb size (packed)').fill('0x300000');
  await expect(dtbRow).toContainText('0x7ea00000');

  // Drop the QEMU machine dtb of that run on the devicetree box (a real DataTransfer).
  const b64 = readFileSync(join(FIXTURES, 'kexec-ground-truth/m1G-initrd4M/qemu-virt.dtb.gz')).toString('base64');
  const dt = await page.evaluateHandle((b64) => {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const d = new DataTransfer();
    d.items.add(new File([bytes], 'qemu-virt.dtb.gz'));
    return d;
  }, b64);
  // left on "guessed from the file": QEMU's machine dtb is recognised as such
  await expect(page.getByLabel('Devicetree origin')).toHaveValue('auto');
  const box = page.getByRole('group', { name: 'Devicetree' });
  await box.dispatchEvent('dragover', { dataTransfer: dt });
  await box.dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.getByTestId('dtb-loaded')).toContainText('totalsize 0x100000; 1 CPU, linux,dummy-virt');
  await expect(page.getByTestId('dtb-first-boot')).toContainText('Modelled as: QEMU virt machine dtb, booted with -kernel/-initrd/-append');
  await expect(page.getByTestId('dtb-first-boot')).toContainText('booted by QEMU with -kernel (arm_load_dtb())');

  // The kernel printed: Loaded dtb at 0x7fe00000 bufsz=0x1e97 memsz=0x2000.
  await expect(dtbRow).toContainText('0x7fe00000');
  await expect(dtbRow.locator('td').nth(5)).toHaveText('0x1e97');
  await expect(dtbRow.locator('td').nth(4)).toHaveText('0x2000');
  const chosen = page.getByRole('table', { name: '/chosen before and after' });
  await expect(chosen.locator('tr[data-prop="linux,initrd-start"]')).toContainText('0x40c50000');
  await expect(chosen.locator('tr[data-prop="bootargs"]')).toContainText('"console=ttyAMA0 rdinit=/init kxstage=2"');
  await expect(chosen.locator('tr[data-prop="rng-seed"]')).toContainText('drivers/of/fdt.c early_init_dt_scan_chosen()');
  await expect(chosen.locator('tr[data-prop="linux,booted-from-kexec"]')).toContainText('added');
  await page.getByRole('region', { name: "Second kernel's devicetree" }).screenshot({ path: join(SHOTS, 'devicetree-chosen.png') });
  await page.screenshot({ path: join(SHOTS, 'devicetree-layout.png'), fullPage: true });

  // Download: the bytes the kernel would place (the size it printed).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download second-kernel.dtb' }).click()]);
  const path = await download.path();
  expect(readFileSync(path).length).toBe(0x1e97);

  // RNG not initialised at load time: no kaslr-seed, no rng-seed — 160 bytes less.
  await page.getByLabel('RNG initialised at load time (kaslr-seed, rng-seed)').uncheck();
  await expect(dtbRow.locator('td').nth(5)).toHaveText(`0x${(0x1e97 - 160).toString(16)}`);
  expect(errors).toEqual([]);
});

test('not a devicetree: a clear error naming the offset, and the size field back', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Lay out' }).click();
  await page.getByLabel('Devicetree file').setInputFiles({ name: 'x.dtb', mimeType: 'application/octet-stream', buffer: Buffer.alloc(64, 0x41) });
  await expect(page.getByTestId('dtb-error')).toContainText('offset 0x0: not a devicetree: magic 0x41414141');
  await expect(page.getByLabel('dtb size (packed)')).toBeVisible();
});
