// Every real fixture, parsed and compared field by field with independent tools:
// llvm-readobj 14 (tests/oracles/*.llvm-readobj.txt), xxd (…xxd.txt), file (…file.txt),
// openssl (…pkcs7.txt). Regenerate the oracles with scripts/make-oracles.sh.
import { describe, expect, it } from 'vitest';
import { IMAGE_FIXTURES, ZBOOT_FIXTURES, fixture, num, oracleText, readobj, xxdBytes } from '../../tests/fixtures';
import { findField } from './bytes/field';
import { inspectBytes, type Inspection } from './inspect';
import { inspectionJson } from './report';

const FILE_KEYS: Array<[string, string]> = [
  ['Machine', 'coff/Machine'], ['SectionCount', 'coff/NumberOfSections'], ['TimeDateStamp', 'coff/TimeDateStamp'],
  ['PointerToSymbolTable', 'coff/PointerToSymbolTable'], ['SymbolCount', 'coff/NumberOfSymbols'],
  ['OptionalHeaderSize', 'coff/SizeOfOptionalHeader'], ['Characteristics', 'coff/Characteristics'],
];
const OPTIONAL_KEYS = [
  'Magic', 'MajorLinkerVersion', 'MinorLinkerVersion', 'SizeOfCode', 'SizeOfInitializedData', 'SizeOfUninitializedData',
  'AddressOfEntryPoint', 'BaseOfCode', 'ImageBase', 'SectionAlignment', 'FileAlignment', 'MajorOperatingSystemVersion',
  'MinorOperatingSystemVersion', 'MajorImageVersion', 'MinorImageVersion', 'MajorSubsystemVersion', 'MinorSubsystemVersion',
  'SizeOfImage', 'SizeOfHeaders', 'Subsystem', 'SizeOfStackReserve', 'SizeOfStackCommit', 'SizeOfHeapReserve', 'SizeOfHeapCommit',
].map((k) => [k, `optional/${k}`] as [string, string]);
const DIRS: Array<[string, string]> = [
  ['Export', 'Export'], ['Import', 'Import'], ['Resource', 'Resource'], ['Exception', 'Exception'],
  ['Certificate', 'Certificate'], ['BaseRelocation', 'BaseReloc'],
];

/** Compares our tree against llvm-readobj; returns how many fields were checked. */
function checkAgainstReadobj(ins: Inspection, oracleName: string): number {
  const o = readobj(oracleName);
  let n = 0;
  const val = (id: string) => {
    const f = findField(ins.fields, `pe/${id}`);
    expect(f, `field pe/${id}`).toBeDefined();
    return Number(f!.value);
  };
  for (const [k, id] of FILE_KEYS) {
    expect(val(id), `llvm-readobj ImageFileHeader.${k}`).toBe(num(o.file[k]));
    n++;
  }
  for (const [k, id] of OPTIONAL_KEYS) {
    expect(val(id), `llvm-readobj ImageOptionalHeader.${k}`).toBe(num(o.optional[k]));
    n++;
  }
  expect(val('optional/DllCharacteristics'), 'llvm-readobj ImageOptionalHeader.Characteristics').toBe(num(o.optional.Characteristics));
  expect(val('optional/NumberOfRvaAndSizes'), 'llvm-readobj NumberOfRvaAndSize').toBe(num(o.optional.NumberOfRvaAndSize));
  n += 2;
  for (const [k, ours] of DIRS) {
    expect(val(`optional/dirs/${ours}.VirtualAddress`), `llvm-readobj ${k}TableRVA`).toBe(num(o.optional[`${k}TableRVA`]));
    expect(val(`optional/dirs/${ours}.Size`), `llvm-readobj ${k}TableSize`).toBe(num(o.optional[`${k}TableSize`]));
    n += 2;
  }
  expect(ins.pe!.sections.length).toBe(o.sections.length);
  o.sections.forEach((s, i) => {
    const ours = ins.pe!.sections[i]!;
    expect(ours.name, 'llvm-readobj Section.Name').toBe((s.Name as string).split(' ')[0]);
    expect(ours.virtualSize, 'llvm-readobj Section.VirtualSize').toBe(num(s.VirtualSize));
    expect(ours.virtualAddress, 'llvm-readobj Section.VirtualAddress').toBe(num(s.VirtualAddress));
    expect(ours.sizeOfRawData, 'llvm-readobj Section.RawDataSize').toBe(num(s.RawDataSize));
    expect(ours.pointerToRawData, 'llvm-readobj Section.PointerToRawData').toBe(num(s.PointerToRawData));
    expect(ours.characteristics, 'llvm-readobj Section.Characteristics').toBe(num(s.Characteristics));
    n += 6;
  });
  expect(ins.pe!.peOffset, 'llvm-readobj DOSHeader.AddressOfNewExeHeader').toBe(num(o.dos.AddressOfNewExeHeader));
  return n + 1;
}

const le32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);
const le64 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getBigUint64(o, true);

describe('zboot images (every fixture)', () => {
  it.each(ZBOOT_FIXTURES)('%s matches llvm-readobj, xxd and file', async (name) => {
    const bytes = fixture(`${name}.vmlinuz.efi`);
    const ins = await inspectBytes(bytes);
    expect(ins.errors).toEqual([]);
    expect(ins.format).toBe('zboot');
    // `file`: "PE32+ executable (EFI application) Aarch64 / RISC-V 64-bit …"
    const file = oracleText(`${name}.file.txt`);
    expect(ins.arch).toBe(file.includes('Aarch64') ? 'arm64' : file.includes('RISC-V 64-bit') ? 'riscv64' : '?');
    let n = checkAgainstReadobj(ins, name);
    // zboot header words from `xxd -l 64` (zboot-header.S layout: 0x8 offset, 0xc size, 0x18 name, 0x38 magic).
    const head = xxdBytes(name);
    expect(ins.zboot!.payloadOffset).toBe(le32(head, 8));
    expect(ins.zboot!.payloadSize).toBe(le32(head, 0xc));
    expect(ins.zboot!.compression).toBe(new TextDecoder().decode(head.subarray(0x18, 0x38)).replace(/\0.*$/s, ''));
    expect(ins.zboot!.linuxPeMagic).toBe(le32(head, 0x38));
    n += 4;
    expect(n).toBeGreaterThanOrEqual(25);
  });

  it('fixture README facts: 6.12 gzip payload offset 0xb6a8 size 0x17b42b; 6.1 xz says "xzkern"', async () => {
    // shared/fixtures/README.md "Facts checked on these files".
    const g = await inspectBytes(fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'));
    expect(g.zboot).toEqual({ payloadOffset: 0xb6a8, payloadSize: 0x17b42b, compression: 'gzip', linuxPeMagic: 0x818223cd });
    const x = await inspectBytes(fixture('arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi'));
    expect(x.zboot).toEqual({ payloadOffset: 0x34e0, payloadSize: 0x10fc60, compression: 'xzkern', linuxPeMagic: 0 });
    const r = await inspectBytes(fixture('riscv64-6.12.117-tiny-zboot-zstd.vmlinuz.efi'));
    expect(r.zboot).toMatchObject({ payloadOffset: 0x13fa0, payloadSize: 0xdd656, compression: 'zstd' });
    expect(r.pe!.machine).toBe(0x5064);
  });
});

describe('plain Images (every fixture)', () => {
  it.each(IMAGE_FIXTURES)('%s matches llvm-readobj, xxd and file', async (name) => {
    const bytes = fixture(`${name}.gz`);
    const ins = await inspectBytes(bytes);
    expect(ins.errors).toEqual([]);
    const riscv = name.startsWith('riscv');
    expect(ins.format).toBe(riscv ? 'riscv64-image' : 'arm64-image');
    let n = checkAgainstReadobj(ins, name);
    // Image header words from `xxd -l 64` (booting.rst: 0x8 text_offset, 0x10 image_size, 0x18 flags).
    const head = xxdBytes(name);
    expect(ins.image!.textOffset).toBe(le64(head, 8));
    expect(ins.image!.imageSize).toBe(le64(head, 0x10));
    expect(ins.image!.flags).toBe(le64(head, 0x18));
    n += 3;
    if (!riscv) {
      // `file`: "Linux kernel ARM64 boot executable Image, little-endian, 4K pages"
      const file = oracleText(`${name}.file.txt`);
      expect(file).toContain(`${ins.image!.endianness}-endian`);
      expect(file).toContain(`${ins.image!.pageSize! / 1024}K pages`);
      n += 2;
    }
    expect(n).toBeGreaterThanOrEqual(25);
  });

  it('riscv64 header: text_offset 0x200000, image_size 0x24f000 (fixtures README)', async () => {
    const ins = await inspectBytes(fixture('riscv64-6.12.117-tiny-gzip-build.Image.gz'));
    expect(ins.image).toMatchObject({ arch: 'riscv64', textOffset: 0x200000n, imageSize: 0x24f000n, endianness: 'little' });
  });
});

describe('Debian signed arm64 Image', () => {
  it('headers match llvm-readobj and file; signer matches openssl', async () => {
    const ins = await inspectBytes(fixture('debian-6.1.0-50-arm64-vmlinuz.gz'));
    expect(ins.format).toBe('arm64-image');
    expect(ins.errors).toEqual([]);
    expect(checkAgainstReadobj(ins, 'debian-6.1.0-50-arm64')).toBeGreaterThan(40);
    // fixtures README: text_offset 0, image_size 0x2010000, flags 0xa; `file`: little-endian, 4K pages.
    expect(ins.image).toMatchObject({ textOffset: 0n, imageSize: 0x2010000n, flags: 0xan, pageSize: 4096, endianness: 'little', physicalPlacement: 'anywhere' });
    expect(ins.certificates).toHaveLength(1);
    const c = ins.certificates![0]!;
    // llvm-readobj CertificateTableRVA 0x1F6DA00 / Size 0x5C0; `xxd` of the table: c0 05 00 00 00 02 02 00.
    expect(c).toMatchObject({ offset: 0x1f6da00, length: 0x5c0, revision: 0x200, type: 2 });
    // `openssl pkcs7 -print` (tests/oracles/debian-6.1.0-50-arm64.pkcs7.txt).
    const p7 = oracleText('debian-6.1.0-50-arm64.pkcs7.txt');
    const serial = /serial: 0x([0-9A-F]+)/.exec(p7)![1]!.toLowerCase();
    expect(c.signer).toMatchObject({ issuer: 'CN=Debian Secure Boot CA', subject: 'CN=Debian Secure Boot Signer 2022 - linux', serial, digestAlgorithm: 'sha256' });
    expect(p7).toContain('subject: CN=Debian Secure Boot Signer 2022 - linux');
    // `openssl asn1parse`: the SpcIndirectDataContent digest OCTET STRING.
    const digest = /OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]{64})/.exec(oracleText('debian-6.1.0-50-arm64.asn1parse.txt'))![1]!.toLowerCase();
    expect(c.signer!.imageDigest).toBe(digest);
    expect(ins.warnings).toEqual([]);
  });
});

describe('CLI JSON contract', () => {
  it('zboot: numbers, names and sha256 as the contract says', async () => {
    const bytes = fixture('arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document, checked field by field below
    const j = inspectionJson(await inspectBytes(bytes)) as Record<string, any>;
    // sha256 from shared/fixtures/README.md.
    expect(j.file).toEqual({ size: 1462784, sha256: '56895238f99fee3604ea2262c341a6365a733a9474041d017096f99286fb5c5d' });
    expect(j.format).toBe('zboot');
    expect(j.zboot).toMatchObject({ payloadOffset: 0x15360, payloadSize: 0x14df66, compression: 'zstd' });
    expect(j.pe).toMatchObject({ machine: 0xaa64, machineName: 'IMAGE_FILE_MACHINE_ARM64', numberOfSections: 2, subsystem: 10, checksum: 0 });
    expect(j.pe.sections.map((s: { name: string }) => s.name)).toEqual(['.text', '.data']);
    expect(j.pe.dataDirectories).toHaveLength(6);
    expect(j.image).toBeUndefined();
  });
});

describe('UKI (tests/uki, made by tests/uki/make-uki.sh)', () => {
  it('systemd-stub sections match llvm-readobj; .linux is the zboot fixture, inspected in place', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(new URL('../../tests/uki/uki-arm64-zboot.efi', import.meta.url)));
    const ins = await inspectBytes(bytes);
    expect(ins.format).toBe('uki');
    expect(ins.errors).toEqual([]);
    expect(checkAgainstReadobj(ins, 'uki-arm64-zboot')).toBeGreaterThanOrEqual(25);
    const names = ins.uki!.sections.map((s) => s.name);
    expect(names).toEqual(['.text', '.data', '.osrel', '.cmdline', '.uname', '.linux']);
    const linux = ins.uki!.sections.find((s) => s.name === '.linux')!;
    // llvm-readobj: .linux PointerToRawData 0x10800, VirtualSize 0x189200; sha256 = the fixture's (README)
    expect(linux).toMatchObject({ offset: 0x10800, size: 0x189200, sha256: 'e86a9e98130fa19f33ae843d7fb01748221bf2b01836094933f4a80671599544' });
    expect(ins.uki!.sections.find((s) => s.name === '.cmdline')!.text).toBe('console=ttyAMA0 rdinit=/init'); // make-uki.sh
    expect(ins.uki!.linux!.format).toBe('zboot');
    expect(ins.uki!.linux!.zboot).toMatchObject({ payloadOffset: 0xb6a8, payloadSize: 0x17b42b, compression: 'gzip' });
    // nested fields keep absolute file offsets: .linux raw data + 0xc
    expect(findField(ins.fields, 'uki/linux/zboot/payload_size')!.offset).toBe(0x10800 + 0xc);
  });
});
