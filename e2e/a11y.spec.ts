// Accessibility: axe-core on every main view (inspect, layout, step, snapshot, error states) in
// both themes with no serious or critical violations; a keyboard-only session; the tour; the
// screenshots of each view in light, dark and teaching mode.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { SHOTS, waitReady, watchConsole } from './helpers';

async function axe(page: Page, label: string) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe on every view, ${theme} theme, with screenshots`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors = watchConsole(page);
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/');
    await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    await expect(page.getByTestId('unpack-done')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.locator('[data-field-id="zboot"]').click();
    await page.locator('details.inspector summary').click();
    await expect(page.getByRole('table', { name: 'Data inspector' })).toBeVisible();
    await axe(page, 'inspect, with the data inspector');
    await page.screenshot({ path: join(SHOTS, `view-inspect-${theme}.png`) });
    await page.getByRole('tab', { name: 'Lay out' }).click();
    await expect(page.getByRole('table', { name: 'kexec segments' })).toBeVisible();
    await axe(page, 'layout');
    await page.screenshot({ path: join(SHOTS, `view-layout-${theme}.png`) });
    await page.getByRole('tab', { name: 'Step' }).click();
    await expect(page.getByTestId('step-announce')).toBeVisible();
    await axe(page, 'step');
    await page.screenshot({ path: join(SHOTS, `view-step-${theme}.png`) });
    await page.getByRole('button', { name: 'Teaching mode' }).click();
    await page.screenshot({ path: join(SHOTS, `view-step-teaching-${theme}.png`) });
    await axe(page, 'step, teaching mode');
    await page.getByRole('button', { name: 'Teaching mode' }).click();
    await page.getByRole('button', { name: /^Present/ }).click();
    await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
    await axe(page, 'step, presentation mode');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: /^Present/ })).toBeVisible();
    // snapshot: the same view from the permalink in a fresh page
    const link = await page.evaluate(() => location.href);
    const p2 = await page.context().newPage();
    await p2.emulateMedia({ colorScheme: theme });
    await p2.goto(link);
    await expect(p2.getByTestId('snapshot-notice')).toBeVisible();
    await axe(p2, 'snapshot');
    await p2.screenshot({ path: join(SHOTS, `view-snapshot-${theme}.png`) });
    // error states: a broken link, and a file that is not a kernel with a decompression error
    await p2.goto('/#v=1&s=***');
    await expect(p2.getByTestId('link-error')).toBeVisible();
    await axe(p2, 'broken link');
    await p2.screenshot({ path: join(SHOTS, `view-error-${theme}.png`) });
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(page.getByTestId('shortcuts')).toBeVisible();
    await axe(page, 'shortcut sheet');
    // a modal: Tab stays inside it
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts')).toBeHidden();
    expect(errors).toEqual([]);
  });
}

test('theme toggle overrides the OS', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(15, 20, 25)');
});

test('a keyboard-only session: inspect a field, walk the hex view, lay out, step, share', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  // tree: focus it with Tab (past the side pane's verdict, target, signature and stub-runner
  // controls), walk with arrows
  const tree = page.getByRole('tree', { name: 'Header fields' });
  for (let i = 0; i < 150 && !(await tree.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(tree).toBeFocused();
  await expect(tree.locator('[aria-selected="true"]')).toHaveAttribute('data-field-id', 'zboot');
  await page.keyboard.press('ArrowRight'); // expand
  await page.keyboard.press('ArrowRight'); // first child
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(tree.locator('[aria-selected="true"]')).toHaveAttribute('data-field-id', 'zboot/payload_size');
  // hex view: Tab to it; the cursor is on the field; Shift+→ selects, g goes to an offset
  const hex = page.getByRole('region', { name: 'Hex view' });
  for (let i = 0; i < 20 && !(await hex.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(hex).toBeFocused();
  await expect(page.getByTestId('hex-status')).toContainText('offset 0xc');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('hex-status')).toContainText('4 bytes selected');
  await page.keyboard.press('g');
  await page.keyboard.type('0x3c');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('hex-status')).toContainText('offset 0x3c = 0x40');
  await expect(hex).toBeFocused();
  await page.keyboard.press('PageDown');
  await page.keyboard.press('Control+End');
  await expect(page.getByTestId('hex-status')).toContainText('offset 0x1891ff');
  // views by number keys, stepper by arrows
  await page.keyboard.press('2');
  await expect(page.getByRole('table', { name: 'kexec segments' })).toBeVisible();
  await page.keyboard.press('3');
  await expect(page.getByTestId('step-announce')).toContainText('Step 1');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-announce')).toContainText('Step 2');
  // share: Tab to "Copy link", press Enter
  await page.getByRole('button', { name: 'Copy link' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('share-status')).toContainText('Link copied');
  // help
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.screenshot({ path: join(SHOTS, 'keyboard-session.png') });
  expect(errors).toEqual([]);
});

test('the guided tour walks inspect → decompress → lay out → step → share', async ({ page }) => {
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await page.getByRole('button', { name: 'Tour' }).click();
  const tour = page.getByTestId('tour');
  const titles = ['1 / 5 · Inspect', '2 / 5 · Decompress', '3 / 5 · Lay out', '4 / 5 · Step', '5 / 5 · Share'];
  const tabs = ['Inspect', 'Inspect', 'Lay out', 'Step', 'Step'];
  for (let i = 0; i < titles.length; i++) {
    await expect(tour).toContainText(titles[i]!);
    await expect(page.getByRole('tab', { name: tabs[i]!, exact: true })).toHaveAttribute('aria-selected', 'true');
    await tour.getByRole('button', { name: i === titles.length - 1 ? 'Finish' : 'Next', exact: true }).click();
  }
  await expect(tour).toBeHidden();
});

test('map and highlight colours meet WCAG AA contrast in both themes', async ({ page }) => {
  await page.goto('/');
  for (const theme of ['light', 'dark'] as const) {
    await page.getByLabel('Theme').selectOption(theme);
    const ratios = await page.evaluate(() => {
      const css = getComputedStyle(document.documentElement);
      const rgb = (v: string) => {
        // the minifier may shorten #ffffff to #fff
        let h = v.trim().replace('#', '');
        if (h.length === 3) h = h.split('').map((c) => c + c).join('');
        return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
      };
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4)) as [number, number, number];
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a: string, b: string) => {
        const [x, y] = [lum(rgb(css.getPropertyValue(a))), lum(rgb(css.getPropertyValue(b)))].sort((p, q) => q - p) as [number, number];
        return (x + 0.05) / (y + 0.05);
      };
      const out: Record<string, number> = {};
      for (const v of ['--seg-kernel', '--seg-initrd', '--seg-dtb', '--seg-elfcorehdr', '--seg-emulator', '--seg-param', '--seg-other', '--map-reserved', '--map-crash']) out[`${v} on --bg`] = ratio(v, '--bg');
      out['--hl-fg on --hl (hex / tree highlight)'] = ratio('--hl-fg', '--hl');
      out['--accent on --bg (links)'] = ratio('--accent', '--bg');
      out['--muted on --bg'] = ratio('--muted', '--bg');
      out['--fg on --panel'] = ratio('--fg', '--panel');
      return out;
    });
    for (const [k, r] of Object.entries(ratios)) {
      // graphical objects need 3:1 (WCAG 1.4.11), text 4.5:1 (1.4.3)
      expect(r, `${theme}: ${k}`).toBeGreaterThanOrEqual(k.startsWith('--seg') || k.startsWith('--map') ? 3 : 4.5);
    }
  }
});
