// The two DOS-header fields every EFI-stub kernel keeps: "MZ" at 0 and e_lfanew at 0x3c
// (include/linux/pe.h MZ_MAGIC). The 58 bytes between are reused: by the zboot descriptor
// (zboot-header.S), the arm64/riscv/loongarch Image header, or the x86 boot sector.
import type { Field } from '../bytes/field';
import { hex } from '../bytes/hex';
import { type ByteView, type ParseLog, StructBuilder } from '../bytes/reader';

export interface DosHeader {
  lfanew?: number;
}

export function parseDosHeader(view: ByteView, log: ParseLog, idPrefix = 'dos'): { dos: DosHeader; field: Field } {
  const b = new StructBuilder(view, log, idPrefix, 0, 'DOS header', 'include/linux/pe.h');
  b.str('e_magic', 0, 2, { meaning: '"MZ": the file is a DOS/PE executable (MZ_MAGIC 0x5a4d)' });
  const lfanew = b.u32('e_lfanew', 0x3c, { meaning: 'file offset of the PE signature (0x40 for arm64, riscv, loongarch and zboot)' });
  if (lfanew !== undefined && (lfanew < 0x40 || lfanew > view.length - 4)) {
    log.error(view.base + 0x3c, `e_lfanew ${hex(lfanew)} at ${hex(view.base + 0x3c)} points ${lfanew < 0x40 ? 'inside the DOS header' : 'past the end of the file'}`);
  }
  const dos: DosHeader = {};
  if (lfanew !== undefined) dos.lfanew = lfanew;
  return { dos, field: b.node('DOS header', 'MZ stub header: only e_magic and e_lfanew matter to UEFI', 0x40) };
}
