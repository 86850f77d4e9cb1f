// User story: I drop a signed kernel and see whether it is intact; I give the tool my
// distribution's Secure Boot CA and see whether the signer chains to it; I drop the same image
// with one byte changed and see "modified after signing". (Fixtures: tests/signing/make-signed.sh.)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { SHOTS, dropFile, waitReady, watchConsole } from './helpers';

const SIGNING = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'signing');
const NAME = 'arm64-7.2.13-clang-bti-sbat-zboot-gzip.signed.efi';

test('signature: intact, chain to the given CA, and a tampered copy', async ({ page }, info) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await waitReady(page, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  await dropFile(page, join(SIGNING, NAME));
  await waitReady(page, NAME);
  const file = page.getByTestId('signature-file');
  await expect(file.getByTestId('signature-state')).toHaveText('intact');
  await expect(file.getByTestId('signature-chain')).toContainText('unknown');
  await page.getByTestId('ca-input').setInputFiles(join(SIGNING, 'test-ca.pem'));
  await expect(file.getByTestId('signature-chain')).toContainText(/^yes/);
  await page.getByTestId('ca-input').setInputFiles(join(SIGNING, 'other-ca.pem'));
  await expect(file.getByTestId('signature-chain')).toContainText(/^no/);
  await page.screenshot({ path: join(SHOTS, 'signature-intact.png') });

  // the same file with the byte at .text + 0x10 flipped (.text starts at 0x1000 in zboot)
  const b = new Uint8Array(readFileSync(join(SIGNING, NAME)));
  b[0x1010]! ^= 1;
  const tampered = info.outputPath('tampered.efi');
  writeFileSync(tampered, b);
  await dropFile(page, tampered);
  await waitReady(page, 'tampered.efi');
  await expect(page.getByTestId('signature-file').getByTestId('signature-state')).toHaveText('modified after signing');
  await page.screenshot({ path: join(SHOTS, 'signature-modified.png') });
  expect(errors).toEqual([]);
});
