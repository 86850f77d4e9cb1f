// PE/COFF headers as EFI-stub kernels emit them: PE signature, COFF file header, PE32/PE32+
// optional header with its data directories, and the section table.
// Layout: the PE/COFF specification; kernel values: arch/arm64/kernel/efi-header.S,
// drivers/firmware/efi/libstub/zboot-header.S, include/linux/pe.h (domain notes §1.4, §2.5).
import type { Field } from '../bytes/field';
import type { PeDebugEntry } from './peDebug';
import { hex, hexSize } from '../bytes/hex';
import { type ByteView, type ParseLog, StructBuilder, decodeFlags } from '../bytes/reader';
import {
  COFF_CHARACTERISTICS, DATA_DIRECTORIES, DATA_DIRECTORY_MEANING, DLL_CHARACTERISTICS, MACHINES,
  SECTION_CHARACTERISTICS, SUBSYSTEMS, UKI_SECTIONS,
} from './peConstants';

const PE_SRC = 'include/linux/pe.h';
/** The Windows loader's limit, and a sane bound on what we list (domain: hostile files). */
export const MAX_SECTIONS_SHOWN = 96;

export interface PeSection {
  name: string;
  virtualSize: number;
  virtualAddress: number;
  sizeOfRawData: number;
  pointerToRawData: number;
  characteristics: number;
  /** File offset of the 40-byte header. */
  headerOffset: number;
}

export interface PeDataDirectory {
  name: string;
  virtualAddress: number;
  size: number;
}

export interface PeHeaders {
  peOffset: number;
  machine?: number;
  machineName?: string;
  numberOfSections?: number;
  timeDateStamp?: number;
  sizeOfOptionalHeader?: number;
  characteristics?: number;
  magic?: number;
  majorLinkerVersion?: number;
  minorLinkerVersion?: number;
  sizeOfCode?: number;
  addressOfEntryPoint?: number;
  baseOfCode?: number;
  imageBase?: bigint;
  sectionAlignment?: number;
  fileAlignment?: number;
  majorImageVersion?: number;
  minorImageVersion?: number;
  sizeOfImage?: number;
  sizeOfHeaders?: number;
  checksum?: number;
  subsystem?: number;
  dllCharacteristics?: number;
  numberOfRvaAndSizes?: number;
  dataDirectories: PeDataDirectory[];
  sections: PeSection[];
  /** Data directory 6, parsed by peDebug.ts (empty when there is none). */
  debugDirectory?: PeDebugEntry[];
  /** The value of the IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS entry, when there is one. */
  dllCharacteristicsEx?: number;
}

function efiStubVersion(major: number, minor: number): string {
  // include/linux/pe.h LINUX_EFISTUB_MAJOR_VERSION: since 3.0 the major is a bit mask of loader features.
  if (major >= 3 && minor === 0) {
    const bits = [major & 1 ? 'LoadFile2 initrd' : '', major & 2 ? 'initrd= from any device path' : ''].filter(Boolean);
    return `${major}.${minor} (EFI stub; bit mask: ${bits.join(', ') || 'none'})`;
  }
  if (major === 1 && minor === 1) return '1.1 (EFI stub: initrd= command line loader always on)';
  if (major === 1 && minor === 0) return '1.0 (EFI stub: LoadFile2 initrd)';
  return `${major}.${minor}`;
}

/** Parse the PE headers at file offset `peOffset` (e_lfanew) of `view`. */
export function parsePe(view: ByteView, peOffset: number, log: ParseLog, idPrefix = 'pe'): { pe: PeHeaders; field: Field } {
  const pe: PeHeaders = { peOffset: view.base + peOffset, dataDirectories: [], sections: [] };
  const children: Field[] = [];

  const sig = new StructBuilder(view, log, `${idPrefix}`, peOffset, 'PE signature', PE_SRC);
  const signature = sig.str('Signature', 0, 4, { meaning: 'PE\\0\\0: marks the start of the PE/COFF headers' });
  children.push(...sig.fields);
  if (signature !== undefined && signature !== 'PE') {
    log.error(view.base + peOffset, `expected PE signature "PE\\0\\0" at ${hex(view.base + peOffset)}, found ${JSON.stringify(signature)}`);
  }

  const coffAt = peOffset + 4;
  const coff = new StructBuilder(view, log, `${idPrefix}/coff`, coffAt, 'COFF file header', PE_SRC);
  pe.machine = coff.u16('Machine', 0, {
    meaning: 'target CPU of the image; UEFI firmware refuses a machine it cannot run',
    decode: (v) => `${hex(v)} ${MACHINES[Number(v)] ?? '(unknown machine)'}`,
  });
  if (pe.machine !== undefined) pe.machineName = MACHINES[pe.machine] ?? 'unknown';
  pe.numberOfSections = coff.u16('NumberOfSections', 2, { meaning: 'entries in the section table', decode: (v) => String(v) });
  pe.timeDateStamp = coff.u32('TimeDateStamp', 4, { meaning: 'link time; kernels write 0 for reproducible builds', decode: (v) => `${v}` });
  coff.u32('PointerToSymbolTable', 8, { meaning: 'COFF symbol table offset; 0 for images' });
  coff.u32('NumberOfSymbols', 12, { meaning: 'COFF symbol count; 0 for images', decode: (v) => String(v) });
  pe.sizeOfOptionalHeader = coff.u16('SizeOfOptionalHeader', 16, { meaning: 'bytes of optional header that follow; the section table comes after it', decode: (v) => `${v} (${hex(v)})` });
  pe.characteristics = coff.u16('Characteristics', 18, {
    meaning: 'image flags; kernels set EXECUTABLE_IMAGE | LINE_NUMS_STRIPPED | DEBUG_STRIPPED',
    decode: (v) => decodeFlags(v, COFF_CHARACTERISTICS),
  });
  children.push(coff.node('COFF file header', 'IMAGE_FILE_HEADER: machine, section count, flags', 20));

  const optAt = coffAt + 20;
  if (pe.sizeOfOptionalHeader !== undefined && pe.sizeOfOptionalHeader > 0) {
    children.push(parseOptionalHeader(view, optAt, pe, log, idPrefix));
  }

  if (pe.numberOfSections !== undefined && pe.sizeOfOptionalHeader !== undefined) {
    children.push(parseSectionTable(view, optAt + pe.sizeOfOptionalHeader, pe.numberOfSections, pe, log, idPrefix));
  }

  const field: Field = {
    id: idPrefix,
    name: 'PE/COFF headers',
    offset: view.base + peOffset,
    size: Math.min(children.reduce((m, f) => Math.max(m, f.offset + f.size), view.base + peOffset), view.base + view.length) - (view.base + peOffset),
    display: pe.machineName ?? '',
    meaning: 'the headers that make the file a UEFI application (EFI stub)',
    source: PE_SRC,
    children,
  };
  return { pe, field };
}

function parseOptionalHeader(view: ByteView, at: number, pe: PeHeaders, log: ParseLog, idPrefix: string): Field {
  const o = new StructBuilder(view, log, `${idPrefix}/optional`, at, 'optional header', PE_SRC);
  const magic = o.u16('Magic', 0, {
    meaning: '0x20b = PE32+ (64-bit), 0x10b = PE32',
    decode: (v) => `${hex(v)} ${v === 0x20b ? 'PE32+' : v === 0x10b ? 'PE32' : '(unknown)'}`,
  });
  pe.magic = magic;
  const plus = magic !== 0x10b;
  if (magic !== undefined && magic !== 0x20b && magic !== 0x10b) {
    log.error(o.abs(0), `optional header magic ${hex(magic)} at ${hex(o.abs(0))} is neither PE32 (0x10b) nor PE32+ (0x20b)`);
  }
  const dec = (v: number | bigint) => `${v} (${hex(v)})`;
  pe.majorLinkerVersion = o.u8('MajorLinkerVersion', 2, { meaning: 'linker major version; zboot writes 0, the arm64 Image 0x02', decode: String });
  pe.minorLinkerVersion = o.u8('MinorLinkerVersion', 3, { meaning: 'linker minor version; the arm64 Image writes 0x14 (20)', decode: String });
  pe.sizeOfCode = o.u32('SizeOfCode', 4, { meaning: 'bytes of code sections (zboot: _etext - 0x1000, payload included)', decode: dec });
  o.u32('SizeOfInitializedData', 8, { meaning: 'bytes of initialized data (zboot: __data_size, includes .bss)', decode: dec });
  o.u32('SizeOfUninitializedData', 12, { meaning: 'bytes of .bss declared separately (0 for kernels)', decode: dec });
  pe.addressOfEntryPoint = o.u32('AddressOfEntryPoint', 16, { meaning: 'RVA the firmware calls: efi_zboot_entry (zboot) or efi_pe_entry (Image); kexec never uses it' });
  pe.baseOfCode = o.u32('BaseOfCode', 20, { meaning: 'RVA where code starts (end of headers)' });
  // PE32 splits the 8 bytes at 24 into BaseOfData and a 32-bit ImageBase; both forms end at 32.
  if (!plus) {
    o.u32('BaseOfData', 24, { meaning: 'PE32 only: RVA of data' });
    const ib = o.u32('ImageBase', 28, { meaning: 'preferred load address; 0 for kernels (relocatable)' });
    if (ib !== undefined) pe.imageBase = BigInt(ib);
  } else {
    pe.imageBase = o.u64('ImageBase', 24, { meaning: 'preferred load address; 0 for kernels (relocatable)' });
  }
  const p = 32;
  pe.sectionAlignment = o.u32('SectionAlignment', p, { meaning: 'in-memory section alignment: 4 KiB in zboot, SEGMENT_ALIGN (64 KiB) in the arm64 Image', decode: dec });
  pe.fileAlignment = o.u32('FileAlignment', p + 4, { meaning: 'on-disk section alignment (0x200 for kernels)', decode: dec });
  o.u16('MajorOperatingSystemVersion', p + 8, { meaning: 'unused by UEFI', decode: String });
  o.u16('MinorOperatingSystemVersion', p + 10, { meaning: 'unused by UEFI', decode: String });
  pe.majorImageVersion = o.u16('MajorImageVersion', p + 12, { meaning: 'LINUX_EFISTUB_MAJOR_VERSION: which initrd loaders the stub supports', source: PE_SRC, decode: String });
  pe.minorImageVersion = o.u16('MinorImageVersion', p + 14, { meaning: 'LINUX_EFISTUB_MINOR_VERSION', source: PE_SRC, decode: String });
  if (pe.majorImageVersion !== undefined && pe.minorImageVersion !== undefined) {
    const last = o.fields[o.fields.length - 1] as Field;
    last.meaning += ` — stub version ${efiStubVersion(pe.majorImageVersion, pe.minorImageVersion)}`;
  }
  o.u16('MajorSubsystemVersion', p + 16, { meaning: 'unused by UEFI', decode: String });
  o.u16('MinorSubsystemVersion', p + 18, { meaning: 'unused by UEFI', decode: String });
  o.u32('Win32VersionValue', p + 20, { meaning: 'reserved, must be 0' });
  pe.sizeOfImage = o.u32('SizeOfImage', p + 24, { meaning: 'bytes the firmware allocates for the loaded image (zboot: _end - header; Image: _end - _head)', decode: (v) => hexSize(v) });
  pe.sizeOfHeaders = o.u32('SizeOfHeaders', p + 28, { meaning: 'bytes of all headers, rounded to FileAlignment', decode: dec });
  pe.checksum = o.u32('CheckSum', p + 32, { meaning: 'image checksum; 0 (not checked by UEFI); excluded from the Authenticode digest' });
  pe.subsystem = o.u16('Subsystem', p + 36, {
    meaning: '10 = EFI application, what every EFI-stub kernel declares',
    decode: (v) => `${v} ${SUBSYSTEMS[Number(v)] ?? '(unknown)'}`,
  });
  pe.dllCharacteristics = o.u16('DllCharacteristics', p + 38, {
    meaning: 'zboot sets NX_COMPAT (0x100): sections are W^X',
    decode: (v) => decodeFlags(v, DLL_CHARACTERISTICS),
  });
  const w = plus ? 8 : 4;
  const rd = (name: string, off: number, meaning: string) => (plus ? o.u64(name, off, { meaning }) : o.u32(name, off, { meaning }));
  rd('SizeOfStackReserve', p + 40, 'unused by UEFI (0)');
  rd('SizeOfStackCommit', p + 40 + w, 'unused by UEFI (0)');
  rd('SizeOfHeapReserve', p + 40 + 2 * w, 'unused by UEFI (0)');
  rd('SizeOfHeapCommit', p + 40 + 3 * w, 'unused by UEFI (0)');
  const q = p + 40 + 4 * w;
  o.u32('LoaderFlags', q, { meaning: 'reserved, 0' });
  const n = o.u32('NumberOfRvaAndSizes', q + 4, { meaning: 'data directories that follow: 6 for kernels, 7 with a Debug directory', decode: String });
  pe.numberOfRvaAndSizes = n;

  const ddAt = q + 8;
  if (n !== undefined) {
    const count = Math.min(n, 16);
    if (n > 16) log.warn(o.abs(q + 4), `NumberOfRvaAndSizes is ${n}; only the 16 defined directories are read`);
    const dd = new StructBuilder(view, log, `${idPrefix}/optional/dirs`, at + ddAt, 'data directories', PE_SRC);
    for (let i = 0; i < count; i++) {
      const name = DATA_DIRECTORIES[i] as string;
      const before = dd.fields.length;
      const va = dd.u32(`${name}.VirtualAddress`, i * 8, { meaning: `${name} table: ${i === 4 ? 'file offset' : 'RVA'}` });
      const size = dd.u32(`${name}.Size`, i * 8 + 4, { meaning: `${name} table: size in bytes`, decode: dec });
      if (va !== undefined && size !== undefined) pe.dataDirectories.push({ name, virtualAddress: va, size });
      const last2 = dd.fields.splice(before);
      if (last2.length) {
        dd.fields.push({
          id: `${idPrefix}/optional/dirs/${name}`,
          name: `[${i}] ${name}`,
          offset: dd.abs(i * 8),
          size: last2.reduce((t, f) => t + f.size, 0),
          display: va !== undefined && size !== undefined ? (size ? `${hex(va)} +${hex(size)}` : 'empty') : 'truncated',
          meaning: DATA_DIRECTORY_MEANING[name] ?? '',
          source: PE_SRC,
          children: last2,
        });
      }
    }
    o.fields.push(dd.node('Data directories', 'IMAGE_DATA_DIRECTORY[NumberOfRvaAndSizes]: where optional tables live', count * 8));
  }
  return o.node(plus ? 'Optional header (PE32+)' : 'Optional header (PE32)', 'entry point, sizes, alignment, subsystem, data directories');
}

function parseSectionTable(view: ByteView, at: number, count: number, pe: PeHeaders, log: ParseLog, idPrefix: string): Field {
  const fileEnd = view.base + view.length;
  const tb = new StructBuilder(view, log, `${idPrefix}/sections`, at, 'section table', PE_SRC);
  const shown = Math.min(count, MAX_SECTIONS_SHOWN);
  for (let i = 0; i < shown; i++) {
    const s = new StructBuilder(view, log, `${idPrefix}/sections/${i}`, at + i * 40, `section header ${i}`, PE_SRC);
    const name = s.str('Name', 0, 8, { meaning: 'section name, NUL-padded to 8 bytes' });
    if (name === undefined) {
      tb.fields.push(...s.fields);
      break;
    }
    const dec = (v: number | bigint) => `${hex(v)} (${v})`;
    const virtualSize = s.u32('VirtualSize', 8, { meaning: 'bytes in memory (may exceed raw size: the rest is zero, e.g. .bss)', decode: dec });
    const virtualAddress = s.u32('VirtualAddress', 12, { meaning: 'RVA of the section once loaded' });
    const sizeOfRawData = s.u32('SizeOfRawData', 16, { meaning: 'bytes present in the file', decode: dec });
    const pointerToRawData = s.u32('PointerToRawData', 20, { meaning: 'file offset of the raw data' });
    s.u32('PointerToRelocations', 24, { meaning: 'COFF relocations (0 for images)' });
    s.u32('PointerToLinenumbers', 28, { meaning: 'deprecated (0)' });
    s.u16('NumberOfRelocations', 32, { meaning: '0 for images', decode: String });
    s.u16('NumberOfLinenumbers', 34, { meaning: '0 for images', decode: String });
    const characteristics = s.u32('Characteristics', 36, { meaning: 'section flags', decode: (v) => decodeFlags(v, SECTION_CHARACTERISTICS) });
    if (virtualSize !== undefined && virtualAddress !== undefined && sizeOfRawData !== undefined && pointerToRawData !== undefined && characteristics !== undefined) {
      pe.sections.push({ name, virtualSize, virtualAddress, sizeOfRawData, pointerToRawData, characteristics, headerOffset: s.abs(0) });
      if (sizeOfRawData > 0 && pointerToRawData + sizeOfRawData > fileEnd) {
        log.error(s.abs(20), `section ${name} raw data ${hex(pointerToRawData)}..${hex(pointerToRawData + sizeOfRawData)} lies past the end of the file (${hex(fileEnd)})`);
      }
    }
    const meaning = UKI_SECTIONS[name] ?? ({ '.text': 'code (in zboot also the compressed payload)', '.data': 'data and .bss', '.reloc': 'relocations' } as Record<string, string>)[name] ?? 'section';
    tb.fields.push({ ...s.node(name || `#${i}`, meaning, 40), display: sizeOfRawData !== undefined && pointerToRawData !== undefined ? `${hex(pointerToRawData)} +${hex(sizeOfRawData)}` : '' });
  }
  if (count > shown) {
    log.warn(tb.abs(shown * 40), `${count - shown} more section headers not shown (limit ${MAX_SECTIONS_SHOWN})`);
    tb.fields.push({ id: `${idPrefix}/sections/more`, name: `… ${count - shown} more`, offset: tb.abs(shown * 40), size: 0, display: '', meaning: `NumberOfSections is ${count}; only the first ${MAX_SECTIONS_SHOWN} are listed` });
  }
  return tb.node('Section table', `IMAGE_SECTION_HEADER[${count}]`, Math.min(count, MAX_SECTIONS_SHOWN) * 40);
}

/** File offset → section raw-data lookup helpers for other parsers. */
export function sectionByName(pe: PeHeaders, name: string): PeSection | undefined {
  return pe.sections.find((s) => s.name === name);
}
