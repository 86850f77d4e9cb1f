// What follows (or ends) the compressed stream of a zboot payload, by kernel version and codec
// (drivers/firmware/efi/libstub/Makefile.zboot; domain notes §1.5): gzip carries its own ISIZE
// as the last 4 bytes inside payload_size; every other codec is followed by a le32 holding the
// uncompressed size (size_append), which payload_size excludes. (6.2–6.5 kernels appended 12 or
// 8 bytes; only the first le32 is read as the size here.)
export interface SizeWord {
  /** File offset of the le32. */
  offset: number;
  value: number;
  /** true: the gzip ISIZE inside the stream; false: the appended zboot size trailer. */
  insideStream: boolean;
}

export function sizeWord(file: Uint8Array, compression: string, payloadOffset: number, payloadSize: number): SizeWord | undefined {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (compression === 'gzip') {
    const at = payloadOffset + payloadSize - 4;
    if (payloadSize < 18 || at + 4 > file.length) return undefined;
    return { offset: at, value: dv.getUint32(at, true), insideStream: true };
  }
  const at = payloadOffset + payloadSize;
  if (at + 4 > file.length) return undefined;
  return { offset: at, value: dv.getUint32(at, true), insideStream: false };
}
