import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Page, expect } from '@playwright/test';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = process.env.FIXTURES ?? resolve(here, '../../shared/fixtures');
export const SHOTS = join(here, 'screenshots');

/** Collects console errors and page errors; assert it is empty at the end of a test. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Drops a real file on the page through the browser's own drag-and-drop events (a real DataTransfer). */
export async function dropFile(page: Page, path: string, name = path.split('/').pop() as string) {
  await dropBytes(page, readFileSync(path), name);
}

/** Drops bytes as a file named `name`. */
export async function dropBytes(page: Page, bytes: Uint8Array, name: string) {
  const send = await prepareDrop(page, bytes, name);
  await send();
}

/** Builds the DataTransfer in the page now (its base64 decoding is the test's work, on the page's
 * main thread) and returns the drop itself, so a measurement can start in between. */
export async function prepareDrop(page: Page, bytes: Uint8Array, name: string): Promise<() => Promise<void>> {
  const b64 = Buffer.from(bytes).toString('base64');
  const dt = await page.evaluateHandle(
    ({ b64, name }) => {
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
      return dt;
    },
    { b64, name },
  );
  return async () => {
    const target = page.getByTestId('dropzone');
    await target.dispatchEvent('dragenter', { dataTransfer: dt });
    await target.dispatchEvent('dragover', { dataTransfer: dt });
    await target.dispatchEvent('drop', { dataTransfer: dt });
  };
}

/** The file is open (its name shows in the status bar, in every view) and inspected. */
export async function waitReady(page: Page, fileName: string) {
  await expect(page.getByTestId('open-file')).toHaveText(fileName);
  await expect(page.getByTestId('open-format')).toBeVisible();
}

/** The centre of byte `offset` in the hex view: bytes are drawn in runs ("xx " each, equal
 * widths), so the byte is found inside the run that holds it. */
export async function hexByteCenter(page: Page, offset: number): Promise<{ x: number; y: number }> {
  const c = await page.locator('.hex .bytes span[data-offset]').evaluateAll((els, off) => {
    for (const el of els) {
      const start = Number(el.getAttribute('data-offset'));
      const n = Number(el.getAttribute('data-len'));
      if (off >= start && off < start + n) {
        const r = el.getBoundingClientRect();
        return { x: r.left + ((off - start + 0.4) * r.width) / n, y: r.top + r.height / 2 };
      }
    }
    return undefined;
  }, offset);
  if (!c) throw new Error(`byte ${offset} is not drawn in the hex view`);
  return c;
}
