import { describe, expect, it } from 'vitest';
import { fixture } from '../../../tests/fixtures';
import { findBytes, inspectAt, parseFindQuery, parseGoto } from './inspectValue';

// arm64-6.1.192-tiny-zboot-lzo: payload_size at 0xc is the le32 0x18157f (shared/fixtures/README.md,
// lzo row); the file starts with "MZ" and "zimg" at 4 (the zboot header, drivers/firmware/efi/libstub/zboot-header.S)
const lzo = fixture('arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi');

describe('data inspector', () => {
  it('reads payload_size at 0xc in both orders and as signed', () => {
    const v = Object.fromEntries(inspectAt(lzo, 0xc).map((x) => [x.type, x]));
    expect(v.u8?.le).toBe('127 (0x7f)');
    expect(v.u32?.le).toBe(`${0x18157f} (0x18157f)`);
    expect(v.u32?.be).toBe(`${0x7f151800} (0x7f151800)`);
    expect(v.u16?.le).toBe(`${0x157f} (0x157f)`);
    expect(v.i8?.le).toBe('127');
  });
  it('signed values of 0xff bytes are -1; the address is 16 hex digits', () => {
    const b = new Uint8Array(8).fill(0xff);
    const v = Object.fromEntries(inspectAt(b, 0).map((x) => [x.type, x]));
    expect(v.i8?.le).toBe('-1');
    expect(v.i64?.le).toBe('-1');
    expect(v.i64?.be).toBe('-1');
    expect(v['as address']?.le).toBe('0xffffffffffffffff');
  });
  it('leaves out widths that run past the end', () => {
    expect(inspectAt(new Uint8Array([1, 2, 3]), 1).map((x) => x.type)).toEqual(['u8', 'i8', 'u16', 'i16']);
    expect(inspectAt(new Uint8Array([1]), 5)).toEqual([]);
  });
});

describe('find', () => {
  it('hex and text queries', () => {
    expect([...parseFindQuery('4d 5a').bytes!]).toEqual([0x4d, 0x5a]);
    expect([...parseFindQuery('0x4d,0x5a').bytes!]).toEqual([0x4d, 0x5a]);
    expect(parseFindQuery('zimg')).toMatchObject({ kind: 'text' });
    expect([...parseFindQuery('"ab"').bytes!]).toEqual([0x61, 0x62]);
    expect(parseFindQuery('  ').error).toBeDefined();
  });
  it('finds "zimg" at 4 and MZ at 0 in a real zboot file; -1 when absent', () => {
    expect(findBytes(lzo, parseFindQuery('zimg').bytes!, 0)).toBe(4);
    expect(findBytes(lzo, parseFindQuery('4d 5a').bytes!, 0)).toBe(0);
    expect(findBytes(lzo, parseFindQuery('4d 5a').bytes!, 1, 0x40)).toBe(-1);
    expect(findBytes(new Uint8Array([1, 2, 1, 2, 3]), new Uint8Array([1, 2, 3]), 0)).toBe(2);
  });
});

describe('go to', () => {
  it('absolute and relative offsets', () => {
    expect(parseGoto('0x3c', 5)).toBe(0x3c);
    expect(parseGoto('+0x40', 0x10)).toBe(0x50);
    expect(parseGoto('- 16', 0x20)).toBe(0x10);
    expect(parseGoto('nope', 0)).toBeUndefined();
  });
});
