// Every fixture's payload decompresses in the browser (in the app's worker) to exactly the bytes
// the native tools produce. Expected sha256: the 6.1 Images' from shared/fixtures/README.md; for
// 6.12, the Image from *-build.Image.gz decompressed by node:zlib and zero-padded to image_size
// (README: "decompress to … the Image followed by zero padding").
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { FIXTURES, dropFile, waitReady } from './helpers';

const SHA_61: Record<string, string> = {
  gzip: '9b7eba2fd28f598cc5f4b4e3208c7110fafaac7167ed922cc79f75c170cab99d',
  lz4: '44d7668769193da3e051be1fdd445e23730a278749b704819de035d3fe201b1d',
  lzma: '607fab32c9ce119ac053f6069ec6ffd241089fe3da44364acdb08b49712d10d9',
  lzo: '112128968370577b1576f6ff654ff4fb3ff881f131cfcb044a926a37fe0de0a9',
  xz: '96a0adc410bb9b5898306ab26f5644a377c61f5cda8656ee670624a0a6f6e61b',
  zstd: '9b53a5334e12f6b696895291de4d043d9807f0de9569c9ef9d569b17cca1afee',
};
const padded = (imageGz: string, size: number) => {
  const img = gunzipSync(readFileSync(join(FIXTURES, imageGz)));
  const out = Buffer.alloc(size);
  img.copy(out);
  return createHash('sha256').update(out).digest('hex');
};
const CASES: Array<[string, () => string]> = [
  ...Object.entries(SHA_61).map(([c, sha]) => [`arm64-6.1.192-tiny-zboot-${c}.vmlinuz.efi`, () => sha] as [string, () => string]),
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
    await expect(page.getByTestId('inner-sha'), file).toHaveText(`sha256 ${expected()}`);
  }
});
