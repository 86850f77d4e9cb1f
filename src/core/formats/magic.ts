// What a buffer that is not a kernel image looks like, by its first bytes, so the message can
// say "this is a gzip stream" rather than just "unknown".
import type { ByteView } from '../bytes/reader';

const SIGNATURES: ReadonlyArray<readonly [number[], string]> = [
  [[0x1f, 0x8b], 'gzip data (e.g. a Debian/Ubuntu arm64 vmlinuz: a gzip\'ed Image, not zboot — decompress it first)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd frame'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz data'],
  [[0x02, 0x21, 0x4c, 0x18], 'an lz4 legacy frame'],
  [[0x04, 0x22, 0x4d, 0x18], 'an lz4 frame'],
  [[0x5d, 0x00, 0x00], 'lzma (alone) data'],
  [[0x89, 0x4c, 0x5a, 0x4f], 'an lzop file'],
  [[0x42, 0x5a, 0x68], 'bzip2 data'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF file (vmlinux? kexec_file_load on arm64 wants the Image)'],
  [[0xd0, 0x0d, 0xfe, 0xed], 'a flattened devicetree (dtb)'],
  [[0x30, 0x37, 0x30, 0x37, 0x30], 'a cpio archive (initramfs)'],
  [[0x27, 0x05, 0x19, 0x56], 'a U-Boot legacy uImage'],
  [[0x4d, 0x5a], 'a DOS/PE executable'],
];

export function describeMagic(view: ByteView): string {
  for (const [sig, name] of SIGNATURES) {
    if (sig.every((b, i) => view.u8(i) === b)) return name;
  }
  return 'unrecognised data';
}
