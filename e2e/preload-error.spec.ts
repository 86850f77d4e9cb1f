// User story: I left the tab open across a deploy; a view's chunk is gone from the server. The
// page reloads itself once to get the new build, and does not loop if the chunk stays missing.
import { expect, test } from '@playwright/test';
import { waitReady } from './helpers';

test('a failed chunk preload reloads the page once, never in a loop', async ({ page }) => {
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  // what Vite's preload helper dispatches when a dynamic import's chunk cannot be fetched
  const fire = () => page.evaluate(() => window.dispatchEvent(new Event('vite:preloadError', { cancelable: true })));
  // the reload may tear down the evaluating context before it returns
  await Promise.all([page.waitForEvent('load'), fire().catch(() => undefined)]);
  // the reloaded page is the app again (it restores the address bar's permalink, not the file)
  await expect(page.getByRole('tablist', { name: 'Views' })).toBeVisible();
  // a second failure right after the reload is left to surface: no navigation happens
  // (a reload fires 'load'; the permalink's own hash updates are same-document navigations)
  let navigated = false;
  page.on('load', () => (navigated = true));
  await fire();
  await page.waitForTimeout(500);
  expect(navigated).toBe(false);
});
