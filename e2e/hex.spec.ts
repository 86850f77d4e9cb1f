// User story: I read a header the way I would in ImHex — column header, groups of 8, each parsed
// field tinted; the data inspector reads the word under the cursor; I find bytes and text, jump
// relative to where I am, and drag to select, reading offset and length in the footer.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, SHOTS, dropFile, hexByteCenter, waitReady, watchConsole } from './helpers';

test('hex view: header, tints, data inspector, find, relative go-to, drag selection', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await dropFile(page, join(FIXTURES, 'arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi'));
  await waitReady(page, 'arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi');
  const hex = page.getByRole('region', { name: 'Hex view' });
  await expect(hex.locator('.hexhead')).toContainText('00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f');
  // the zboot header's fields are tinted, field by field: "zimg" (4 bytes at 4) is one run of one
  // tint, its neighbours (MZ before it, the payload offset after it) another
  const magic = hex.locator('.bytes span[data-offset="4"]');
  await expect(magic).toHaveAttribute('data-len', '4');
  await expect(magic).toHaveText('7a 69 6d 67');
  const tintOf = async (off: number) => /\bt\d\b/.exec((await hex.locator(`.bytes span[data-offset="${off}"]`).getAttribute('class')) ?? '')?.[0];
  expect(await tintOf(4)).toBeDefined();
  expect(await tintOf(4)).not.toBe(await tintOf(0));
  expect(await tintOf(4)).not.toBe(await tintOf(8));

  // payload_size at 0xc: the le32 0x18157f (shared/fixtures/README.md, lzo row)
  await page.getByRole('tree', { name: 'Header fields' }).getByTestId('toggle-zboot').click();
  await page.locator('[data-field-id="zboot/payload_size"]').click();
  // folded on a 720 px high window (the hex rows need the height): open it
  await page.locator('details.inspector summary').click();
  const inspector = page.getByRole('table', { name: 'Data inspector' });
  await expect(inspector.locator('tr[data-type="u32"] [data-order="le"]')).toHaveText(`${0x18157f} (0x18157f)`);
  await expect(inspector.locator('tr[data-type="u8"] [data-order="le"]')).toHaveText('127 (0x7f)');

  // relative go-to: +0x30 from 0xc is 0x3c, e_lfanew (its value 0x40: the PE header's offset)
  await hex.focus();
  await page.keyboard.press('g');
  await page.keyboard.type('+0x30');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('hex-status')).toContainText('offset 0x3c = 0x40');

  // find text and hex bytes: "zimg" at 4 (wrapping from the cursor), "PE\0\0" at 0x40
  const findBox = page.getByLabel('Find hex bytes or text');
  await findBox.fill('zimg');
  await findBox.press('Enter');
  await expect(page.getByTestId('find-status')).toHaveText('found at 0x4 (wrapped)');
  await expect(page.getByTestId('hex-selection')).toHaveText('selection 0x4–0x7 · length 0x4');
  await findBox.fill('50 45 00 00');
  await findBox.press('Enter');
  await expect(page.getByTestId('find-status')).toHaveText('found at 0x40');

  // drag from 0x10 to 0x1f: sixteen bytes
  const a = await hexByteCenter(page, 16);
  const b = await hexByteCenter(page, 31);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('hex-selection')).toHaveText('selection 0x10–0x1f · length 0x10');
  await expect(page.getByTestId('hex-status')).toContainText('16 bytes selected');
  await page.screenshot({ path: join(SHOTS, 'hex-drag-inspector.png') });
  expect(errors).toEqual([]);
});
