// The workbench at the sizes people use (1280×720, 1366×768, 1920×1080, and 1920×1080 at 150 %
// — Windows' default for that panel — which Chromium emulates as a 1280×720 CSS viewport at
// deviceScaleFactor 1.5): measured element boxes say the instruments get the screen, nothing
// overflows, map text is never below 11 CSS px nor clipped, and presentation mode fits the map
// and the CPU state on one screen. Screenshots of every view in both themes at every size.
import { join } from 'node:path';
import { type Locator, type Page, expect, test } from '@playwright/test';
import { SHOTS, waitReady, watchConsole } from './helpers';

const SIZES = [
  { name: '1280x720', width: 1280, height: 720, scale: 1 },
  { name: '1366x768', width: 1366, height: 768, scale: 1 },
  { name: '1920x1080', width: 1920, height: 1080, scale: 1 },
  { name: '1920x1080-150pct', width: 1280, height: 720, scale: 1.5 },
];

/** How many of `rows` lie wholly inside the visible box of `box`. */
async function rowsInside(box: Locator, rows: Locator, topInset = 0): Promise<number> {
  const b = (await box.boundingBox())!;
  const all = await rows.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })));
  return all.filter((r) => r.top >= b.y + topInset - 0.5 && r.bottom <= b.y + b.height + 0.5).length;
}

async function noHorizontalOverflow(page: Page, label: string) {
  const o = await page.evaluate(() => {
    const doc = document.documentElement;
    const panes = [...document.querySelectorAll<HTMLElement>('.pane')].map((p) => ({ id: p.id || p.className, right: p.getBoundingClientRect().right }));
    return { page: doc.scrollWidth - doc.clientWidth, body: document.body.scrollWidth - document.body.clientWidth, vw: doc.clientWidth, panes };
  });
  expect(o.page, `${label}: page scrolls sideways`).toBeLessThanOrEqual(0);
  expect(o.body, `${label}: body scrolls sideways`).toBeLessThanOrEqual(0);
  for (const p of o.panes) expect(p.right, `${label}: pane ${p.id} runs off the window`).toBeLessThanOrEqual(o.vw + 0.5);
}

/** Every text of the map: at least 11 CSS px and inside the SVG's box. */
async function mapTextLegible(page: Page, label: string) {
  const texts = await page.locator('svg.memmap-svg').first().evaluate((svg) => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize), left: r.left - box.left, right: box.right - r.right, top: r.top - box.top, bottom: box.bottom - r.bottom };
    });
  });
  expect(texts.length).toBeGreaterThan(5);
  for (const t of texts) {
    expect(t.size, `${label}: "${t.text}" font size`).toBeGreaterThanOrEqual(11);
    expect(Math.min(t.left, t.right, t.top, t.bottom), `${label}: "${t.text}" clipped by the map's box`).toBeGreaterThanOrEqual(-0.5);
  }
}

for (const size of SIZES) {
  test(`workbench at ${size.name}: measured panes, legible map, presentation fits, screenshots`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.scale });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto('/');
    await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    await expect(page.getByTestId('unpack-done')).toBeVisible();

    // Inspect: open the headers two levels down, so the tree has more rows than fit
    const tree = page.getByRole('tree', { name: 'Header fields' });
    for (const level of ['1', '2']) {
      const closed = tree.locator(`[role="treeitem"][aria-level="${level}"][aria-expanded="false"] [data-testid^="toggle-"]`);
      for (let n = await closed.count(); n > 0; n--) await closed.first().click();
    }
    expect(await tree.getByRole('treeitem').count()).toBeGreaterThan(25);
    const treeRows = await rowsInside(tree, tree.getByRole('treeitem'));
    const hex = page.getByRole('region', { name: 'Hex view' });
    // rows under the sticky column header do not count
    const hexRows = await rowsInside(hex, hex.locator('[data-hex-row]'), (await hex.locator('.hexhead').boundingBox())!.height);
    console.log(`${size.name}: tree ${treeRows} rows, hex ${hexRows} rows visible`);
    expect(treeRows).toBeGreaterThanOrEqual(20);
    expect(hexRows).toBeGreaterThanOrEqual(20);
    await noHorizontalOverflow(page, `${size.name} inspect`);

    await page.getByRole('tab', { name: 'Lay out' }).click();
    await expect(page.getByRole('table', { name: 'kexec segments' })).toBeVisible();
    await noHorizontalOverflow(page, `${size.name} layout`);
    await mapTextLegible(page, `${size.name} layout`);

    await page.getByRole('tab', { name: 'Step' }).click();
    await expect(page.getByTestId('step-announce')).toBeVisible();
    await noHorizontalOverflow(page, `${size.name} step`);
    await mapTextLegible(page, `${size.name} step`);

    // presentation: the map and the CPU state wholly on screen, the chrome gone
    await page.getByRole('button', { name: /^Present/ }).click();
    await expect(page.locator('.topbar')).toHaveCount(0);
    for (let k = 0; k < 7; k++) await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('step-announce')).toContainText('Step 8');
    const vp = page.viewportSize()!;
    for (const el of [page.locator('svg.memmap-svg'), page.getByRole('table', { name: 'CPU state' })]) {
      const b = (await el.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(vp.width);
      expect(b.y + b.height).toBeLessThanOrEqual(vp.height);
    }
    await noHorizontalOverflow(page, `${size.name} presenting`);
    await mapTextLegible(page, `${size.name} presenting`);
    await page.screenshot({ path: join(SHOTS, `workbench-${size.name}-present.png`) });
    await page.keyboard.press('Escape');
    await expect(page.locator('.topbar')).toHaveCount(1);

    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const [tab, file] of [['Inspect', 'inspect'], ['Lay out', 'layout'], ['Step', 'step']] as const) {
        await page.getByRole('tab', { name: tab }).click();
        await page.screenshot({ path: join(SHOTS, `workbench-${size.name}-${file}-${theme}.png`) });
      }
    }
    expect(errors).toEqual([]);
    await context.close();
  });
}

test('panes resize by keyboard and keep their sizes per view', async ({ page }) => {
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  const sep = page.getByRole('separator', { name: 'Resize the hex view' });
  const hexPane = page.locator('#pane-inspect-hex');
  const before = (await hexPane.boundingBox())!.width;
  await sep.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft'); // the hex pane is right of it: ← widens it
  await expect.poll(async () => (await hexPane.boundingBox())!.width).toBeCloseTo(before + 48, 0);
  await expect(sep).toHaveAttribute('aria-valuenow', String(Math.round(before + 48)));
  // another view has its own splitter; coming back finds the hex pane as it was left
  await page.getByRole('tab', { name: 'Lay out' }).click();
  const controls = page.getByRole('separator', { name: 'Resize the layout inputs' });
  await controls.focus();
  await page.keyboard.press('Shift+ArrowRight');
  await page.getByRole('tab', { name: 'Inspect' }).click();
  expect((await page.locator('#pane-inspect-hex').boundingBox())!.width).toBeCloseTo(before + 48, 0);
  // and a reload keeps them (localStorage, nothing sent anywhere); the reload opens the page's
  // permalink, a snapshot without the bytes, whose panes are the same — once the address bar
  // holds it (permalinkSync.ts writes it 100 ms after the last change, encoding asynchronously)
  await expect(page).toHaveURL(/#v=\d+&s=/);
  await page.reload();
  await expect(page.getByTestId('snapshot-notice')).toBeVisible();
  await page.getByRole('tab', { name: 'Inspect' }).click();
  expect((await page.locator('#pane-inspect-hex').boundingBox())!.width).toBeCloseTo(before + 48, 0);
});

test('a status message never moves the panes', async ({ page }) => {
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  const tree = page.getByRole('tree', { name: 'Header fields' });
  const before = await tree.boundingBox();
  await page.evaluate(() => {
    const el = document.querySelector('.statusbar .status');
    if (el) el.textContent = 'a long status message '.repeat(20);
  });
  expect(await tree.boundingBox()).toEqual(before);
  await page.getByLabel('Built-in samples').selectOption('riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await waitReady(page, 'riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  const after = (await tree.boundingBox())!;
  expect(after.y).toBe(before!.y);
});
