// Flattened devicetree header (Documentation/devicetree/ … / the DTSpec "FDT header"): magic
// 0xd00dfeed and totalsize, both big-endian.
export function dtbTotalSize(b: Uint8Array): { size?: number; error?: string } {
  if (b.length < 8) return { error: `a dtb needs at least 8 bytes; this file has ${b.length}` };
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(0) !== 0xd00dfeed) return { error: 'not a dtb: magic 0xd00dfeed missing at offset 0' };
  const size = dv.getUint32(4);
  if (size > 2 * 1024 * 1024) return { error: `dtb totalsize ${size} at offset 4 exceeds MAX_FDT_SIZE (2 MiB, arch/arm64/include/asm/boot.h)` };
  return { size };
}
