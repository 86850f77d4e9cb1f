// CRC32 (IEEE 802.3, reflected: zlib, xz's CRC32 check) and CRC64 (ECMA-182, reflected: xz's
// CRC64 check), table-driven. lzdec.c has a faster CRC32 for the wasm path; these serve the JS
// fallback and the container fields (xz headers, index and footer).
const CRC32 = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
const CRC64_HI = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC32[i] = c;
  // 0xc96c5795d7870f42 reflected, as two 32-bit halves
  let lo = i;
  let hi = 0;
  for (let k = 0; k < 8; k++) {
    const bit = lo & 1;
    lo = (lo >>> 1) | ((hi & 1) << 31);
    hi >>>= 1;
    if (bit) {
      lo ^= 0xd7870f42;
      hi ^= 0xc96c5795;
    }
  }
  CRC64_LO[i] = lo >>> 0;
  CRC64_HI[i] = hi >>> 0;
}

export function crc32(b: Uint8Array, start = 0, end = b.length, crc = 0): number {
  crc = ~crc;
  for (let i = start; i < end; i++) crc = (CRC32[(crc ^ (b[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** CRC64 as the 8 little-endian bytes xz stores. */
export function crc64(b: Uint8Array, start = 0, end = b.length): Uint8Array {
  let lo = ~0;
  let hi = ~0;
  for (let i = start; i < end; i++) {
    const t = (lo ^ (b[i] as number)) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ (CRC64_LO[t] as number);
    hi = (hi >>> 8) ^ (CRC64_HI[t] as number);
  }
  const out = new Uint8Array(8);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, ~lo >>> 0, true);
  dv.setUint32(4, ~hi >>> 0, true);
  return out;
}
