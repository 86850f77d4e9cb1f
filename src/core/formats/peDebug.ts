// The PE debug directory (data directory 6): IMAGE_DEBUG_DIRECTORY entries of 28 bytes each.
// Kernels emit it in drivers/firmware/efi/libstub/zboot-header.S (7.x: an
// IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS entry when arch/arm64/boot/Makefile sets
// EFI_ZBOOT_FORWARD_CFI from CONFIG_ARM64_BTI_KERNEL, and a CodeView NB10 entry naming
// vmlinuz.efi.elf under CONFIG_DEBUG_EFI) and in arch/arm64/kernel/efi-header.S (CodeView only).
// Entry layout: the PE/COFF specification, "Debug Directory (Image Only)"; type values and the
// EX_DLLCHARACTERISTICS bits: include/linux/pe.h.
import type { Field } from '../bytes/field';
import { hex } from '../bytes/hex';
import { type ByteView, type ParseLog, StructBuilder, decodeFlags } from '../bytes/reader';
import type { PeHeaders } from './pe';
import { DEBUG_TYPES, DEBUG_TYPE_CODEVIEW, DEBUG_TYPE_EX_DLLCHARACTERISTICS, DLL_CHARACTERISTICS_EX } from './peConstants';

const SRC = 'drivers/firmware/efi/libstub/zboot-header.S';
const ENTRY_SIZE = 28;
/** Kernels emit at most two entries; a hostile directory size must not make us list millions. */
export const MAX_DEBUG_ENTRIES = 32;
/** CodeView paths are file names; longer ones are cut (hostile input). */
const MAX_CODEVIEW_PATH = 4096;

export interface PeDebugEntry {
  /** File offset of the 28-byte entry. */
  offset: number;
  characteristics: number;
  timeDateStamp: number;
  majorVersion: number;
  minorVersion: number;
  type: number;
  typeName: string;
  sizeOfData: number;
  addressOfRawData: number;
  pointerToRawData: number;
  /** EX_DLLCHARACTERISTICS: the le32 at PointerToRawData. */
  dllCharacteristicsEx?: number;
  /** CODEVIEW: the signature ("NB10", "RSDS") and the path that follows it. */
  codeView?: { signature: string; path: string };
}

/** File offset of an RVA: inside a section's raw data, or inside the headers (mapped 1:1). */
export function rvaToOffset(pe: PeHeaders, rva: number): number | undefined {
  for (const s of pe.sections) {
    const span = Math.max(s.virtualSize, s.sizeOfRawData);
    if (rva >= s.virtualAddress && rva < s.virtualAddress + span) {
      const rel = rva - s.virtualAddress;
      return rel < s.sizeOfRawData ? s.pointerToRawData + rel : undefined;
    }
  }
  return pe.sizeOfHeaders !== undefined && rva < pe.sizeOfHeaders ? rva : undefined;
}

export function parseDebugDirectory(view: ByteView, pe: PeHeaders, log: ParseLog, idPrefix = 'pe/debug'): { entries: PeDebugEntry[]; field?: Field } {
  const dir = pe.dataDirectories[6];
  if (!dir || dir.size === 0) return { entries: [] };
  const dirField = `${idPrefix.replace(/\/debug$/, '')}/optional/dirs/Debug`;
  const at = rvaToOffset(pe, dir.virtualAddress);
  if (at === undefined) {
    log.error(view.base, `debug directory RVA ${hex(dir.virtualAddress)} (data directory 6, ${dirField}) lies in no section's raw data and not in the headers`);
    return { entries: [] };
  }
  if (dir.size % ENTRY_SIZE !== 0) {
    log.warn(view.base + at, `debug directory size ${hex(dir.size)} is not a multiple of ${ENTRY_SIZE} (IMAGE_DEBUG_DIRECTORY); the trailing ${dir.size % ENTRY_SIZE} bytes are ignored`);
  }
  let count = Math.floor(dir.size / ENTRY_SIZE);
  if (count > MAX_DEBUG_ENTRIES) {
    log.warn(view.base + at, `debug directory holds ${count} entries; only the first ${MAX_DEBUG_ENTRIES} are read`);
    count = MAX_DEBUG_ENTRIES;
  }
  const entries: PeDebugEntry[] = [];
  const tb = new StructBuilder(view, log, idPrefix, at, 'debug directory', SRC);
  for (let i = 0; i < count; i++) {
    const b = new StructBuilder(view, log, `${idPrefix}/${i}`, at + i * ENTRY_SIZE, `debug directory entry ${i}`, SRC);
    const characteristics = b.u32('Characteristics', 0, { meaning: 'reserved, 0' });
    const timeDateStamp = b.u32('TimeDateStamp', 4, { meaning: 'creation time; kernels write 0', decode: String });
    const majorVersion = b.u16('MajorVersion', 8, { meaning: 'format major version (0)', decode: String });
    const minorVersion = b.u16('MinorVersion', 10, { meaning: 'format minor version (0)', decode: String });
    const type = b.u32('Type', 12, {
      meaning: 'IMAGE_DEBUG_TYPE_*: 2 = CodeView (path of vmlinuz.efi.elf), 20 = EX_DLLCHARACTERISTICS',
      source: 'include/linux/pe.h',
      decode: (v) => `${v} ${DEBUG_TYPES[Number(v)] ?? '(unknown type)'}`,
    });
    const sizeOfData = b.u32('SizeOfData', 16, { meaning: 'bytes of debug data', decode: (v) => `${v} (${hex(v)})` });
    const addressOfRawData = b.u32('AddressOfRawData', 20, { meaning: 'RVA of the data when loaded; 0: the kernel\'s data is not mapped by itself' });
    const pointerToRawData = b.u32('PointerToRawData', 24, { meaning: 'file offset of the debug data' });
    if (
      characteristics === undefined || timeDateStamp === undefined || majorVersion === undefined || minorVersion === undefined
      || type === undefined || sizeOfData === undefined || addressOfRawData === undefined || pointerToRawData === undefined
    ) {
      tb.fields.push(...b.fields);
      break;
    }
    const e: PeDebugEntry = {
      offset: b.abs(0), characteristics, timeDateStamp, majorVersion, minorVersion, type,
      typeName: DEBUG_TYPES[type] ?? 'unknown', sizeOfData, addressOfRawData, pointerToRawData,
    };
    const data = debugData(view, log, e, `${idPrefix}/${i}`);
    entries.push(e);
    const node = b.node(`[${i}] ${e.typeName}`, `IMAGE_DEBUG_DIRECTORY: ${DEBUG_TYPES[type] ? `IMAGE_DEBUG_TYPE_${e.typeName}` : 'unknown type'}`, ENTRY_SIZE);
    node.display = e.dllCharacteristicsEx !== undefined
      ? decodeFlags(e.dllCharacteristicsEx, DLL_CHARACTERISTICS_EX)
      : e.codeView ? `${e.codeView.signature} ${e.codeView.path}` : `${sizeOfData} bytes at ${hex(pointerToRawData)}`;
    if (data) node.children = [...(node.children ?? []), data];
    tb.fields.push(node);
  }
  const field = tb.node('Debug directory', 'IMAGE_DEBUG_DIRECTORY[]: debug entries, in 7.x the forward-CFI (BTI) marker', count * ENTRY_SIZE);
  field.display = `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`;
  return { entries, field };
}

/** The bytes an entry points at, decoded for the two types kernels emit. */
function debugData(view: ByteView, log: ParseLog, e: PeDebugEntry, id: string): Field | undefined {
  if (e.sizeOfData === 0) return undefined;
  const rel = e.pointerToRawData - view.base;
  if (!view.has(rel, Math.min(e.sizeOfData, 4))) {
    log.error(e.offset + 24, `debug entry (${e.typeName}) data at ${hex(e.pointerToRawData)} +${hex(e.sizeOfData)} lies past the end of the file (${hex(view.base + view.length)})`);
    return undefined;
  }
  const d = new StructBuilder(view, log, `${id}/data`, rel, `${e.typeName} debug data`, SRC);
  if (e.type === DEBUG_TYPE_EX_DLLCHARACTERISTICS) {
    if (e.sizeOfData < 4) {
      log.warn(e.offset + 16, `EX_DLLCHARACTERISTICS entry has SizeOfData ${e.sizeOfData}; it needs 4`);
      return undefined;
    }
    e.dllCharacteristicsEx = d.u32('DllCharacteristicsEx', 0, {
      meaning: 'IMAGE_DLLCHARACTERISTICS_EX_*: 0x40 FORWARD_CFI_COMPAT = every indirect-branch target is a BTI landing pad (CONFIG_ARM64_BTI_KERNEL)',
      source: 'include/linux/pe.h',
      decode: (v) => decodeFlags(v, DLL_CHARACTERISTICS_EX),
    });
    return d.node('EX_DLLCHARACTERISTICS data', 'extended DLL characteristics (PE_DLL_CHAR_EX in zboot-header.S)', 4);
  }
  if (e.type === DEBUG_TYPE_CODEVIEW && e.sizeOfData >= 4) {
    const signature = d.str('Signature', 0, 4, { meaning: '"NB10" (kernels: EFI_IMAGE_DEBUG_CODEVIEW_NB10_ENTRY) or "RSDS"' });
    const headLen = signature === 'RSDS' ? 24 : 16;
    if (signature === undefined || e.sizeOfData <= headLen) return d.node('CodeView data', 'CodeView debug record', e.sizeOfData);
    const pathLen = Math.min(e.sizeOfData - headLen, MAX_CODEVIEW_PATH);
    d.bytes('Header', 4, headLen - 4, { meaning: signature === 'RSDS' ? 'GUID and age' : 'offset, timestamp and age (kernels write 0)' });
    const path = d.str('Path', headLen, Math.min(pathLen, view.length - rel - headLen), { meaning: 'path of the ELF file with the debug symbols (vmlinuz.efi.elf / vmlinux)' });
    if (path !== undefined) e.codeView = { signature, path };
    return d.node('CodeView data', 'CodeView NB10 record naming the unstripped ELF (CONFIG_DEBUG_EFI)', e.sizeOfData);
  }
  return undefined;
}
