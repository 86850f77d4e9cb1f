// User story: I collect what my machine says — the image I want to kexec, debugfs memblock
// memory and reserved, /sys/firmware/fdt — and drop them one after another on the page; the
// layout becomes my machine's. Ground truth: the m512M-noinitrd run (a real 6.12 kernel under
// QEMU with 512 MiB, no initrd), whose memblock listings and dtb these are and whose case.json
// holds the segments the kernel placed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { FIXTURES, SHOTS, dropBytes, dropFile, waitReady, watchConsole } from './helpers';

const CASE = join(FIXTURES, 'kexec-ground-truth', 'm512M-noinitrd');

test('one drop target: an image, memblock memory and reserved, a dtb, iomem — the layout becomes that machine', async ({ page }) => {
  const errors = watchConsole(page);
  const truth = JSON.parse(readFileSync(join(CASE, 'case.json'), 'utf8')) as { loaded_lines: Array<{ role: string; mem: string; memsz: string; bufsz: string }>; inputs_printed_by_init: { new_cmdline: string } };
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');

  // 1. the image (kexec-tools loads its decompressed 6.12 Image, the Image that run loaded)
  await dropFile(page, join(FIXTURES, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  // 2. memblock.memory: recognised by content, routed to the layout's inputs; the view follows
  await dropFile(page, join(CASE, 'memblock_memory.txt'));
  await expect(page.getByRole('tab', { name: 'Lay out' })).toHaveAttribute('aria-selected', 'true');
  const status = page.locator('.statusbar .status');
  await expect(status).toContainText('memblock_memory.txt: memblock.memory listing (1 ranges)');
  // 3. memblock.reserved
  await dropFile(page, join(CASE, 'memblock_reserved.txt'));
  await expect(status).toContainText('memblock_reserved.txt: memblock.reserved listing');
  await expect(page.getByLabel('/sys/kernel/debug/memblock/reserved')).toHaveValue(readFileSync(join(CASE, 'memblock_reserved.txt'), 'utf8'));
  // 4. the machine's dtb as QEMU made it, under the name /sys/firmware/fdt has: recognised as
  // QEMU virt's machine dtb (rng-seed still there), so edited as QEMU -kernel does first — that
  // run booted so (case.json first_kernel_boot "direct:Image")
  await dropBytes(page, gunzipSync(readFileSync(join(CASE, 'qemu-virt.dtb.gz'))), 'fdt');
  await expect(status).toContainText('fdt: a devicetree blob (totalsize 0x100000)');
  await expect(page.getByTestId('dtb-first-boot')).toContainText('Modelled as: QEMU virt machine dtb, booted with -kernel/-initrd/-append');
  // the run loaded no initrd, and gave kexec this command line
  await page.getByLabel('initrd size').fill('');
  await page.getByLabel('command line').fill(truth.inputs_printed_by_init.new_cmdline);
  // Not yet the kernel's size: nothing says QEMU loaded an -initrd, whose two /chosen names
  // ("linux,initrd-start\0linux,initrd-end\0", 36 bytes) the kernel deletes but libfdt never
  // takes out of the strings block; the tool says what it assumed
  const dtbTruth = truth.loaded_lines.find((l) => l.role === 'dtb') as { bufsz: string };
  const dtbSize = page.getByRole('table', { name: 'kexec segments' }).locator('tr[data-role="dtb"] td').nth(5);
  await expect(dtbSize).toHaveText(`0x${(Number(dtbTruth.bufsz) - 36).toString(16)}`);
  await expect(page.getByTestId('dtb-first-boot')).toContainText('no -initrd');
  // 5. the first kernel's /proc/iomem: QEMU's -initrd is still reserved there (48000000-48548fff)
  await dropFile(page, join(CASE, 'iomem.txt'));
  await expect(status).toContainText('iomem.txt: /proc/iomem, for its Crash kernel and reserved lines');
  await expect(page.getByTestId('dtb-first-boot')).toContainText("QEMU's -initrd: 0x48000000-0x48548fff");
  // the dtb segment is now the one the kernel built: that run's bufsz, case.json
  await expect(dtbSize).toHaveText(dtbTruth.bufsz);

  const table = page.getByRole('table', { name: 'kexec segments' });
  for (const seg of truth.loaded_lines) {
    const row = table.locator(`tr[data-role="${seg.role}"] td`);
    await expect(row.nth(2), `${seg.role} start`).toHaveText(seg.mem);
    await expect(row.nth(4), `${seg.role} memsz`).toHaveText(seg.memsz);
  }
  await expect(table.locator('tbody tr')).toHaveCount(truth.loaded_lines.length);
  await page.screenshot({ path: join(SHOTS, 'drop-m512M.png') });

  // a kernel config becomes the kexec target: the tiny build's own .config has CONFIG_KEXEC_FILE=y,
  // so kexec_file_load of the zboot image now fails as that kernel answered it, with EINVAL
  // (kexec-ground-truth/zboot-gzip-rejected), not with the default Debian 13 target's ENOSYS
  await dropFile(page, join(FIXTURES, 'arm64-6.12.117-tiny-gzip-build.config'));
  await expect(status).toContainText('arm64-6.12.117-tiny-gzip-build.config: a kernel configuration');
  await expect(page.locator('[data-route="kexec_file_load"]').first()).toContainText('EINVAL');
  expect(errors).toEqual([]);
});

test('dragging a file shows the full-window drop overlay', async ({ page }) => {
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  const dt = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File(['x'], 'x.txt'));
    return d;
  });
  await page.getByTestId('dropzone').dispatchEvent('dragenter', { dataTransfer: dt });
  const overlay = page.locator('.drop-overlay');
  await expect(overlay).toBeVisible();
  const box = (await overlay.boundingBox())!;
  expect(box.width).toBe(page.viewportSize()!.width);
  expect(box.height).toBe(page.viewportSize()!.height);
  await page.getByTestId('dropzone').dispatchEvent('dragleave', { dataTransfer: dt });
  await expect(overlay).toBeHidden();
});
