// User story: I drop a zboot image, click the payload-size field and see its bytes in the hex
// view; I click a byte of the section table and the tree selects the field that holds it.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, SHOTS, dropFile, hexByteCenter, waitReady, watchConsole } from './helpers';

test('field ↔ hex linking on a dropped zboot image', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await dropFile(page, join(FIXTURES, 'arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi');

  const tree = page.getByRole('tree', { name: 'Header fields' });
  await tree.getByTestId('toggle-zboot').click();
  const sizeRow = tree.locator('[data-field-id="zboot/payload_size"]');
  // payload_size of this file is 0x18157f (shared/fixtures/README.md, lzo row).
  await expect(sizeRow).toContainText('0x18157f');
  await sizeRow.click();
  await expect(sizeRow).toHaveAttribute('aria-selected', 'true');
  // highlighted: 4 bytes from 0xc (the cursor's byte a run of its own), the le32 0x0018157f
  const hl = page.locator('.hex .bytes span.hl');
  await expect(hl.first()).toHaveAttribute('data-offset', String(0xc));
  await expect(hl.first()).toHaveClass(/\bcur\b/);
  expect((await hl.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-len'))))).reduce((a, b) => a + b, 0)).toBe(4);
  expect((await hl.allTextContents()).join('').trim().split(/\s+/)).toEqual(['7f', '15', '18', '00']);
  await page.screenshot({ path: join(SHOTS, 'inspect-payload-size.png') });

  // Byte 0x10c lies in the first section header's PointerToRawData (section table at 0xf8 + 20).
  const at = await hexByteCenter(page, 268);
  await page.mouse.click(at.x, at.y);
  const selected = tree.locator('[aria-selected="true"]');
  await expect(selected).toHaveAttribute('data-field-id', 'pe/sections/0/PointerToRawData');
  await expect(selected).toContainText('0x1000');
  await expect(page.locator('.hexstatus')).toContainText('offset 0x10c');
  await page.screenshot({ path: join(SHOTS, 'inspect-section-byte.png') });
  expect(errors).toEqual([]);
});
