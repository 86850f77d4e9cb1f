// User story: I paste a link into a bug report; the other side sees the same layout and step,
// without the binary. Broken links say what is wrong and leave a working app. Exports are
// real files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHOTS, waitReady, watchConsole } from './helpers';

// src/core/permalink/codec.test.ts GOLDEN_V1: the sample's layout view with the dtb selected
const GOLDEN_V1 =
  'v=1&s=dVJdi9swEPwv8ywHyXb8IejD0YdSaCm0pe9yvHJELMmV5JDkuP9e5Et6lHJ62t1Z7cyO9IwzpGAwVk0E-QynLEFCBdvURbMT5U6ItkjGXYvb4H0qpptZdmc7G7fedqQNGKK5EaRoBC9rzhCPqtw3kKCuUT31nai4VqLXVaWoq6ux1QMXbd2VpRh0OXDRVQ3v676qdK063rRi3_f7ugaD9sGqBImNHAwqHI4PfWA4eLsEitF4B4msDQzGOQpfyE0pt_JLveec8wfwOa_6Y5P8H_aTLumb1pHSBnK8MMzq6teUvbFkfbjm6GTcCIlMTVmVydlvsmtxNiEV4lO-aP2YOU50oUORvJ_jRmNSGN_o-Z1-TMPfotBb6WDH2bhcOngX_UwfUro-fX3asKDiEVKrOdI9-07Tqwv80ja0zS34paVR5wOG5W3vmvcNGE4UHM2_KNz9y--dhy9rhITYNChIgMH5jzm8E1rlVjW_4-Qr-K-V2Y-kBsiHnQzLUUWCzB-GJksu941pwMsf';

test('permalink round trip, broken links, exports', async ({ page, browser, context }) => {
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  // the finding travels too (v2): a target other than the default (Debian 12's real config), and
  // the verdicts for it
  await page.getByLabel('Target system').selectOption('debian12-arm64');
  const verdictsSeen = await page.getByRole('list', { name: 'kexec verdicts' }).locator('li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-route')}: ${e.querySelector('.vbadge')?.textContent}`));
  expect(verdictsSeen).toHaveLength(5); // kexec_file_load, kexec -s, -c, -l, systemctl kexec
  await page.getByRole('tab', { name: 'Lay out' }).click();
  await page.getByLabel('initrd size').fill('8M');
  const table = page.getByRole('table', { name: 'kexec segments' });
  await table.locator('tr[data-role="dtb"]').click();
  await expect(table.locator('tr[data-role="initrd"] td').nth(4)).toHaveText('0x800000');
  const tableText = await table.innerText();

  // exports while the map is on screen
  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
  const svg = readFileSync((await svgDl.path())!, 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  for (const label of ['kernel', 'initrd', 'dtb']) expect(svg).toContain(`>${label}</text>`);
  expect(svg).not.toContain('class="seg');
  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  const png = readFileSync((await pngDl.path())!);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // the export carries a title naming the layout's source, and a legend
  expect(svg).toContain('Physical memory map — QEMU virt');
  const [, w, h] = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number) as [number, number, number];
  expect(png.readUInt32BE(16)).toBe(2 * w); // IHDR width and height: the SVG at 2×
  expect(png.readUInt32BE(20)).toBe(2 * h);
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const jsonPath = (await jsonDl.path())!;
  expect(JSON.parse(readFileSync(jsonPath, 'utf8'))).toMatchObject({ v: 2, tab: 'layout', segment: 'dtb', targetPreset: 'debian12-arm64' });

  await page.getByRole('tab', { name: 'Step' }).click();
  await expect(page.getByTestId('step-announce')).toContainText('Step 1 of');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-announce')).toContainText('Step 4 of');
  const announce = await page.getByTestId('step-announce').innerText();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('share-status')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('#v=2&s=');
  expect(link.length).toBeLessThan(2000);
  await expect.poll(() => page.evaluate(() => location.hash)).toBe(link.slice(link.indexOf('#')));

  // a fresh browser context, no file
  const other = await browser.newContext();
  const p2 = await other.newPage();
  const errors2 = watchConsole(p2);
  await p2.goto(link);
  await expect(p2.getByTestId('snapshot-notice')).toContainText('bytes are not included');
  await expect(p2.getByTestId('step-announce')).toHaveText(announce);
  await p2.getByRole('tab', { name: 'Lay out' }).click();
  await expect.poll(() => p2.getByRole('table', { name: 'kexec segments' }).innerText()).toBe(tableText);
  await expect(p2.getByRole('table', { name: 'kexec segments' }).locator('tr.selected')).toHaveAttribute('data-role', 'dtb');
  await p2.screenshot({ path: join(SHOTS, 'snapshot-opened.png') });
  // the colleague's Inspect tab: the sender's target and verdicts, without the file
  await p2.getByRole('tab', { name: 'Inspect' }).click();
  await expect(p2.getByLabel('Target system')).toHaveCount(0);
  await expect(p2.getByTestId('snapshot-verdicts')).toContainText('Debian 12 linux-image-6.1.0-57-arm64');
  expect(await p2.getByRole('list', { name: 'kexec verdicts' }).locator('li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-route')}: ${e.querySelector('.vbadge')?.textContent}`))).toEqual(verdictsSeen);
  // a v1 link made when links were introduced (src/core/permalink/codec.test.ts GOLDEN_V1) still opens
  const p1 = await other.newPage();
  await p1.goto(`/#${GOLDEN_V1}`);
  await expect(p1.getByTestId('snapshot-notice')).toBeVisible();
  await expect(p1.getByRole('tab', { name: 'Lay out' })).toHaveAttribute('aria-selected', 'true');
  await expect(p1.getByRole('table', { name: 'kexec segments' }).locator('tr.selected')).toHaveAttribute('data-role', 'dtb');
  await p1.close();

  // dropping the JSON export into a fresh page restores it too
  const p3 = await other.newPage();
  await p3.goto('/');
  await waitReady(p3, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  const json = readFileSync(jsonPath, 'utf8');
  await p3.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'snap.snapshot.json', { type: 'application/json' }));
    const zone = document.querySelector('[data-testid="dropzone"]') as HTMLElement;
    for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, json);
  await expect(p3.getByTestId('snapshot-notice')).toBeVisible();
  await expect(p3.getByRole('table', { name: 'kexec segments' }).locator('tr[data-role="initrd"] td').nth(4)).toHaveText('0x800000');

  // five kinds of broken links
  const good = link.slice(link.indexOf('#v=2&s=') + 7);
  const broken: Array<[string, RegExp]> = [
    [`#v=1&s=${good.slice(0, 40)}`, /deflate|truncated/],
    ['#v=1&s=***', /not base64url/],
    ['#v=1&s=aGVsbG8gd29ybGQsIG5vdCBkZWZsYXRl', /not deflate|truncated/],
    ['#v=9&s=' + good, /version "9"/],
    ['#v=1&s=' + 'A'.repeat(70_000), /over the 64 KiB limit/],
  ];
  for (const [hash, message] of broken) {
    const p = await other.newPage();
    const errs = watchConsole(p);
    await p.goto('/' + hash);
    await expect(p.getByTestId('link-error')).toContainText(message);
    await expect(p.getByText('it never leaves your machine')).toBeVisible();
    await p.getByLabel('Built-in samples').selectOption('riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    await waitReady(p, 'riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    expect(errs).toEqual([]);
    await p.close();
  }
  await other.close();
  expect(errors2).toEqual([]);
  expect(errors).toEqual([]);
});
