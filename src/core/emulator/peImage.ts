// What a UEFI PE/COFF loader needs from an image (UEFI 2.10 §2.1.1; PE/COFF spec §3–4): the
// sections to copy, SizeOfImage to zero, the entry point and the alignment. The headers come
// from core/formats/pe.ts; this file only decides whether the image is loadable here.
// The arm64 zboot stub and the 6.1 inner Image are position-independent with an empty base
// relocation directory (libstub/zboot-header.S:80, 6.1 :79; cmd_stubcopy in libstub/Makefile
// rejects absolute relocations), so nothing is relocated; an image that does need it is refused.
import { ByteView, ParseLog } from '../bytes/reader';
import { parsePe } from '../formats/pe';

export interface PeLoadPlan {
  sizeOfImage: number;
  sizeOfHeaders: number;
  entry: number;
  sectionAlignment: number;
  subsystem: number;
  sections: { name: string; virtualAddress: number; virtualSize: number; pointerToRawData: number; sizeOfRawData: number }[];
}

const IMAGE_FILE_MACHINE_ARM64 = 0xaa64;
const PE32_PLUS = 0x20b;
/** No arm64 EFI image the stub loads comes near this; a hostile SizeOfImage must not make us allocate GiBs. */
export const MAX_IMAGE_SIZE = 0x20000000;

export function peLoadPlan(bytes: Uint8Array): { plan?: PeLoadPlan; error?: string } {
  const view = new ByteView(bytes);
  if (view.u16(0) !== 0x5a4d) return { error: 'not a PE image: no "MZ" at offset 0x0' };
  const lfanew = view.u32(0x3c);
  if (lfanew === undefined || !view.has(lfanew, 24)) return { error: `PE header offset (e_lfanew at 0x3c) ${lfanew === undefined ? 'missing' : `0x${lfanew.toString(16)}`} lies outside the file` };
  const log = new ParseLog();
  const { pe } = parsePe(view, lfanew, log);
  if (log.errors.length) return { error: `PE headers: ${log.errors[0]!.message}` };
  if (pe.machine !== IMAGE_FILE_MACHINE_ARM64) return { error: `PE machine 0x${(pe.machine ?? 0).toString(16)} is not AArch64 (0xaa64): this firmware runs arm64 images only` };
  if (pe.magic !== PE32_PLUS) return { error: `optional header magic 0x${(pe.magic ?? 0).toString(16)} is not PE32+ (0x20b)` };
  const sizeOfImage = pe.sizeOfImage ?? 0;
  const align = pe.sectionAlignment ?? 0;
  if (sizeOfImage === 0 || sizeOfImage > MAX_IMAGE_SIZE) return { error: `SizeOfImage 0x${sizeOfImage.toString(16)} is 0 or above the loader's 0x${MAX_IMAGE_SIZE.toString(16)} bound` };
  if (align < 0x1000 || align & (align - 1) || align > 0x200000) return { error: `SectionAlignment 0x${align.toString(16)} is not a power of two between 4 KiB and 2 MiB` };
  const entry = pe.addressOfEntryPoint ?? 0;
  if (entry === 0 || entry >= sizeOfImage) return { error: `AddressOfEntryPoint 0x${entry.toString(16)} is outside the image (SizeOfImage 0x${sizeOfImage.toString(16)})` };
  const reloc = pe.dataDirectories.find((d) => d.name === 'BaseReloc');
  if (reloc && reloc.size > 0) return { error: 'the image needs base relocations, which this loader does not apply' };
  const sections: PeLoadPlan['sections'] = [];
  for (const s of pe.sections) {
    if (s.virtualAddress + Math.max(s.virtualSize, 0) > sizeOfImage) return { error: `section ${s.name} [0x${s.virtualAddress.toString(16)}, +0x${s.virtualSize.toString(16)}) lies beyond SizeOfImage 0x${sizeOfImage.toString(16)}` };
    const raw = Math.min(s.sizeOfRawData, s.virtualSize || s.sizeOfRawData);
    if (raw > 0 && s.pointerToRawData + raw > bytes.length) return { error: `section ${s.name}: raw data [0x${s.pointerToRawData.toString(16)}, +0x${raw.toString(16)}) runs past the end of the file (0x${bytes.length.toString(16)} bytes)` };
    sections.push({ name: s.name, virtualAddress: s.virtualAddress, virtualSize: s.virtualSize, pointerToRawData: s.pointerToRawData, sizeOfRawData: raw });
  }
  return {
    plan: {
      sizeOfImage, sizeOfHeaders: Math.min(pe.sizeOfHeaders ?? 0, bytes.length, sizeOfImage), entry,
      sectionAlignment: align, subsystem: pe.subsystem ?? 0, sections,
    },
  };
}
