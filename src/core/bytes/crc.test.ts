import { describe, expect, it } from 'vitest';
import { crc32, crc64 } from './crc';

// The catalogue check values (the CRC of the ASCII bytes "123456789"): CRC-32/ISO-HDLC
// 0xcbf43926 and CRC-64/XZ 0x995dc9bbdf1939fa (reveng.sourceforge.io CRC catalogue, as xz uses them).
describe('crc', () => {
  const check = new TextEncoder().encode('123456789');
  it('CRC32', () => {
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32(check, 4, 9, crc32(check, 0, 4))).toBe(0xcbf43926); // continued
  });
  it('CRC64 as the little-endian bytes xz stores', () => {
    expect(Buffer.from(crc64(check)).toString('hex')).toBe('fa3919dfbbc95d99');
  });
});
