// The fastest correct browser decoders on npm for the codecs where the budget is
// "0.8 × its native CLI or the fastest correct browser decoder on npm, whichever is lower"
// (perf-notes "In one screen": lz4js for lz4 legacy, 7-Zip's wasm build for xz and lzma).
// Bench only: neither ships with the app (7z-wasm is 650 KiB of LGPL wasm).
import SevenZip from '7z-wasm';
import sevenZipWasm from '7z-wasm/7zz.wasm?url';
import lz4js from 'lz4js';

export const REFERENCE: Record<string, string> = { lz4: 'lz4js decompressBlock', xz: '7z-wasm (7-Zip 24.09)', lzma: '7z-wasm (7-Zip 24.09)' };

/** lz4js's block decoder behind the 10-line legacy-frame walk perf-notes §5 describes. */
function lz4Legacy(src: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  let ip = 4;
  let op = 0;
  while (ip + 4 <= src.length) {
    const n = dv.getUint32(ip, true);
    ip += 4;
    op = lz4js.decompressBlock(src, out, ip, n, op);
    ip += n;
  }
  return out.subarray(0, op);
}

let sevenZip: ReturnType<typeof SevenZip> | undefined;

/** 7-Zip extracting Image.<ext> in its in-memory file system, as a page would use it. */
async function with7z(src: Uint8Array, ext: string): Promise<Uint8Array> {
  sevenZip ??= SevenZip({ locateFile: () => sevenZipWasm, print: () => undefined, printErr: () => undefined });
  const z = await sevenZip;
  const name = `/in.${ext}`;
  z.FS.writeFile(name, src);
  z.callMain(['e', '-y', '-o/out', name]);
  const out = z.FS.readFile('/out/in');
  z.FS.unlink(name);
  z.FS.unlink('/out/in');
  return out;
}

export async function referenceDecode(codec: string, src: Uint8Array, size: number): Promise<Uint8Array> {
  if (codec === 'lz4') return lz4Legacy(src, size);
  if (codec === 'xz' || codec === 'lzma') return with7z(src, codec);
  throw new Error(`no reference decoder for ${codec}`);
}
