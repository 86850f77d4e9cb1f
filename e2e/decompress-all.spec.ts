// Every fixture's payload decompresses in the browser (in the app's worker) to exactly the bytes
// the native tools produce. Expected sha256: the 6.1 Images' from shared/fixtures/README.md; for
// 6.12, the Image from *-build.Image.gz decompressed by node:zlib and zero-padded to image_size
// (README: "decompress to … the Image followed by zero padding").
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { SHA_61_IMAGES } from '../tests/fixtures';
import { FIXTURES, dropFile, waitReady } from './helpers';

const padded = (imageGz: string, size: number) => {
  const img = gunzipSync(readFileSync(join(FIXTURES, imageGz)));
  const out = Buffer.alloc(size);
  img.copy(out);
  return createHash('sha256').update(out).digest('hex');
};
const CASES: Array<[string, () => string]> = [
  ...Object.entries(SHA_61_IMAGES).map(([c, sha]) => [`arm64-6.1.192-tiny-zboot-${c}.vmlinuz.efi`, () => sha] as [string, () => string]),
  ['arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', () => padded('arm64-6.12.117-tiny-gzip-build.Image.gz', 0x450000)],
  ['arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi', () => padded('arm64-6.12.117-tiny-zstd-build.Image.gz', 0x450000)],
  ['riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', () => padded('riscv64-6.12.117-tiny-gzip-build.Image.gz', 0x24f000)],
  ['riscv64-6.12.117-tiny-zboot-zstd.vmlinuz.efi', () => padded('riscv64-6.12.117-tiny-zstd-build.Image.gz', 0x24f000)],
];

test('every fixture payload decompresses in the browser to the native tools\' bytes', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  for (const [file, expected] of CASES) {
    await dropFile(page, join(FIXTURES, file));
    await waitReady(page, file);
    await expect(page.getByTestId('inner-sha'), file).toHaveText(expected());
  }
});
