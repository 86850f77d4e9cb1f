// The bytes of a devicetree as a user hands them over: as is, or gzip'd (`.dtb.gz`, as the
// kexec ground truth keeps QEMU's), inflated within the reader's bound (free space compresses
// a thousandfold, so only the output is bounded).
import { CodecError, decompress } from '../codecs/decompress';
import { FDT_READ_LIMIT } from './reader';

export async function devicetreeBytes(raw: Uint8Array): Promise<{ bytes?: Uint8Array; error?: string }> {
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return { bytes: raw };
  try {
    return { bytes: (await decompress('gzip', raw, { maxOutput: FDT_READ_LIMIT, maxRatio: FDT_READ_LIMIT })).data };
  } catch (e) {
    return { error: `gzip data at offset ${e instanceof CodecError ? e.inputOffset : 0}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
