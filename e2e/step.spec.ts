// User story (teaching): step through the handoff with the keyboard; at the jump the CPU panel
// shows x0 = the dtb address from the segments table and the MMU off.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHOTS, waitReady, watchConsole } from './helpers';

test('keyboard stepper over the real layout', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await expect(page.getByTestId('unpack-done')).toBeVisible();
  await page.getByRole('tab', { name: 'Lay out' }).click();
  const dtbStart = await page.getByRole('table', { name: 'kexec segments' }).locator('tr[data-role="dtb"] td').nth(2).innerText();
  const kernelStart = await page.getByRole('table', { name: 'kexec segments' }).locator('tr[data-role="kernel"] td').nth(2).innerText();

  await page.getByRole('tab', { name: 'Step' }).click();
  const announce = page.getByTestId('step-announce');
  await expect(announce).toContainText('Step 1 of 11: kexec_file_load()');
  const steps = page.locator('.steplist li');
  const n = await steps.count();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  let relocationShot = false;
  for (let k = 1; k < n; k++) {
    await page.keyboard.press('ArrowRight');
    await expect(steps.nth(k)).toHaveAttribute('aria-current', 'step');
    await expect(announce).toContainText(`Step ${k + 1} of ${n}`);
    if (!relocationShot && (await announce.innerText()).includes('relocate')) {
      await expect(page.locator('svg g.seg.live-writing')).toHaveCount(3);
      await page.screenshot({ path: join(SHOTS, 'step-relocation.png') });
      relocationShot = true;
    }
    if ((await announce.innerText()).includes('Jump to the new kernel')) break;
  }
  expect(relocationShot).toBe(true);
  await expect(announce).toContainText('Jump to the new kernel');
  const cpu = page.getByRole('table', { name: 'CPU state' });
  await expect(cpu.locator('[data-reg="x0"]')).toHaveText(dtbStart);
  await expect(cpu.locator('[data-reg="pc"]')).toHaveText(kernelStart);
  await expect(cpu.locator('[data-reg="x1"]')).toHaveText('0');
  await expect(page.getByTestId('cpu-mmu')).toHaveText('off');
  await page.keyboard.press('ArrowLeft');
  await expect(announce).not.toContainText('Jump to the new kernel');
  expect(errors).toEqual([]);
});
