import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256Sync, toHex } from './sha256';

describe('sha256', () => {
  // Expected digests come from node:crypto (OpenSSL), an independent implementation.
  const lengths = [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 4097];
  it.each(lengths)('the fallback (@noble/hashes) matches OpenSSL for %i bytes', (n) => {
    const data = new Uint8Array(n).map((_, i) => (i * 131 + 7) & 0xff);
    expect(toHex(sha256Sync(data))).toBe(createHash('sha256').update(data).digest('hex'));
  });
  it('WebCrypto path gives the FIPS 180-2 "abc" vector', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
