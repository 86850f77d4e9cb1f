// Our own 7.2 zboot images (tests/fixtures-7.2, built by Kbuild from Debian's linux-source-7.2
// 7.2.13-1 with tests/fixtures-7.2/build.sh) field by field against three independent tools,
// whose outputs are committed in tests/oracles/ (scripts/make-oracles.sh):
//   python3-pefile's dump (file offset + value of every header, section, directory and debug
//   entry field), llvm-readobj --coff-debug-directory, and binutils' objdump -x.
// And each payload decompresses to exactly what `gzip -dc` / `zstd -dc` wrote (sha256), which is
// Kbuild's Image zero-padded to image_size (Makefile.zboot copy_and_pad).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { num, oracleText, readobj, xxdBytes } from '../../../tests/fixtures';
import { type Field, walkFields } from '../bytes/field';
import { sha256Hex } from '../bytes/sha256';
import { type Inspection, inspectBytes } from '../inspect';
import { inspectionJson } from '../report';
import { unpackZboot } from '../unpack';

const DIR = new URL('../../../tests/fixtures-7.2/', import.meta.url);
const image = (name: string) => new Uint8Array(readFileSync(new URL(`${name}.vmlinuz.efi`, DIR)));

const FIXTURES_72 = [
  { name: 'arm64-7.2.13-clang-bti-sbat-zboot-gzip', compression: 'gzip', sbat: true, forwardCfi: true },
  { name: 'arm64-7.2.13-clang-bti-zboot-zstd', compression: 'zstd', sbat: false, forwardCfi: true },
] as const;

interface PefileField { section: string; offset: number; name: string; value: string }

/** Every "0xOFFSET 0xREL Name: value" line of `python3 -m pefile` with the [STRUCTURE] it is in. */
function pefileFields(name: string): PefileField[] {
  const out: PefileField[] = [];
  let section = '';
  for (const line of oracleText(name).split('\n')) {
    const s = /^\[([A-Z0-9_]+)\]/.exec(line);
    if (s) section = s[1] as string;
    const m = /^0x([0-9A-F]+)\s+0x[0-9A-F]+\s+(\w+):\s+(\S*)/.exec(line);
    if (m) out.push({ section, offset: parseInt(m[1] as string, 16), name: m[2] as string, value: m[3] as string });
  }
  return out;
}

/** Our debug directory against llvm-readobj --coff-debug-directory, and the EX value against xxd. */
function checkDebug(ins: Inspection, name: string, forwardCfi: boolean): void {
  const ro = oracleText(`${name}.llvm-readobj-debug.txt`);
  const entries = [...ro.matchAll(/DebugEntry \{([\s\S]*?)\n {2}\}/g)].map((m) => {
    const get = (k: string) => {
      const v = new RegExp(`${k}: (.*)`).exec(m[1] as string)![1] as string;
      return Number(/\((0x[0-9A-F]+)\)/.exec(v)?.[1] ?? v);
    };
    return { type: get('Type'), sizeOfData: get('SizeOfData'), addressOfRawData: get('AddressOfRawData'), pointerToRawData: get('PointerToRawData') };
  });
  const j = inspectionJson(ins) as { pe: { debugDirectory: object[]; dllCharacteristicsEx?: number } };
  // the JSON contract: type, sizeOfData, addressOfRawData, pointerToRawData as numbers
  expect(j.pe.debugDirectory.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k in (entries[0] ?? {}))))).toEqual(entries);
  if (!forwardCfi) {
    expect(entries).toHaveLength(0);
    expect(j.pe.dllCharacteristicsEx).toBeUndefined();
    return;
  }
  // zboot-header.S / efi-header.S: Type IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS (20), SizeOfData 4, RVA 0
  expect(entries).toEqual([expect.objectContaining({ type: 20, sizeOfData: 4, addressOfRawData: 0 })]);
  // xxd of the le32 at its PointerToRawData, e.g. "00000178: 4000 0000"
  const x = new RegExp(`^${entries[0]!.pointerToRawData.toString(16).padStart(8, '0')}: ([0-9a-f]{2})([0-9a-f]{2}) ([0-9a-f]{2})([0-9a-f]{2})`, 'm').exec(oracleText(`${name}.debug-data.xxd.txt`))!;
  const ex = parseInt(`${x[4]}${x[3]}${x[2]}${x[1]}`, 16);
  expect(j.pe.dllCharacteristicsEx).toBe(ex);
  expect(ex).toBe(0x40); // IMAGE_DLLCHARACTERISTICS_EX_FORWARD_CFI_COMPAT, include/linux/pe.h
}

/** The leaf field (no children) that starts at `offset`. */
function leafAt(fields: readonly Field[], offset: number): Field | undefined {
  for (const f of walkFields(fields)) if (!f.children?.length && f.offset === offset && f.size > 0 && f.value !== null && f.value !== undefined) return f;
  return undefined;
}

describe.each(FIXTURES_72)('7.2 zboot $name', ({ name, compression, sbat, forwardCfi }) => {
  it('every PE header, section, data directory and debug directory field matches python3-pefile (offset and value)', async () => {
    const ins = await inspectBytes(image(name));
    expect(ins.errors).toEqual([]);
    expect(ins.warnings).toEqual([]);
    expect(ins.format).toBe('zboot');
    expect(ins.zboot!.compression).toBe(compression);
    // zboot header words from `xxd -l 64` (zboot-header.S: 0x8 payload offset, 0xc size, 0x18 name, 0x38 LINUX_PE_MAGIC)
    const head = xxdBytes(name);
    const le32 = (o: number) => new DataView(head.buffer).getUint32(o, true);
    expect(ins.zboot).toEqual({ payloadOffset: le32(8), payloadSize: le32(0xc), compression: new TextDecoder().decode(head.subarray(0x18, 0x1c)), linuxPeMagic: le32(0x38) });
    const checked = new Set<string>();
    for (const p of pefileFields(`${name}.pefile.txt`)) {
      // the DOS header is the zboot header here (checked by zbootHeader against xxd elsewhere);
      // Misc/Misc_PhysicalAddress alias VirtualSize.
      if (p.section === 'IMAGE_DOS_HEADER' && p.name !== 'e_lfanew') continue;
      if (p.name.startsWith('Misc')) continue;
      const f = leafAt(ins.fields, p.offset);
      expect(f, `a field at ${p.offset.toString(16)} for pefile ${p.section}.${p.name}`).toBeDefined();
      if (p.name === 'Name') expect(f!.value, `pefile ${p.section}.Name`).toBe(p.value);
      else if (typeof f!.value === 'string') {
        // the PE signature: pefile gives the le32, we the text ("PE")
        const v = BigInt(p.value);
        const text = String.fromCharCode(...[0n, 8n, 16n, 24n].map((s) => Number((v >> s) & 0xffn)).filter((c) => c !== 0));
        expect(f!.value, `pefile ${p.section}.${p.name}`).toBe(text);
      }
      else expect(BigInt(f!.value as number | bigint), `pefile ${p.section}.${p.name} at 0x${p.offset.toString(16)}`).toBe(BigInt(p.value));
      checked.add(`${p.section}.${p.name}`);
    }
    for (const k of ['IMAGE_FILE_HEADER.Machine', 'IMAGE_OPTIONAL_HEADER64.SizeOfImage', 'IMAGE_SECTION_HEADER.PointerToRawData', 'IMAGE_DIRECTORY_ENTRY_SECURITY.Size']) expect(checked).toContain(k);
    if (forwardCfi) {
      for (const k of ['IMAGE_DEBUG_DIRECTORY.Type', 'IMAGE_DEBUG_DIRECTORY.SizeOfData', 'IMAGE_DEBUG_DIRECTORY.AddressOfRawData', 'IMAGE_DEBUG_DIRECTORY.PointerToRawData']) expect(checked).toContain(k);
    }
    expect(checked.size).toBeGreaterThanOrEqual(40);
  });

  it('debug directory and extended DLL characteristics match llvm-readobj, xxd and objdump -x', async () => {
    const ins = await inspectBytes(image(name));
    checkDebug(ins, name, forwardCfi);
    const od = oracleText(`${name}.objdump.txt`);
    if (forwardCfi) {
      const e = ins.pe!.debugDirectory![0]!;
      // objdump -x: "Entry 6 <rva> <size> Debug Directory" and the debug table row "20 Unknown <size> <rva> <offset>"
      const dd = /Entry 6 ([0-9a-f]+) ([0-9a-f]+) Debug Directory/.exec(od)!;
      expect(ins.pe!.dataDirectories[6]).toMatchObject({ virtualAddress: parseInt(dd[1] as string, 16), size: parseInt(dd[2] as string, 16) });
      const row = /\n\s*20\s+\w+\s+([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8})/.exec(od)!;
      expect([parseInt(row[1] as string, 16), parseInt(row[2] as string, 16), parseInt(row[3] as string, 16)]).toEqual([e.sizeOfData, e.addressOfRawData, e.pointerToRawData]);
    } else {
      expect(od).not.toContain('There is a debug directory');
    }
  });

  it('sections match objdump -x; .sbat holds the CSV of tests/fixtures-7.2/sbat.csv', async () => {
    const bytes = image(name);
    const ins = await inspectBytes(bytes);
    const od = oracleText(`${name}.objdump.txt`);
    // objdump -x "Sections:" rows: Idx Name Size VMA LMA File-off Algn
    const rows = [...od.matchAll(/^\s*\d+ (\.\w+)\s+([0-9a-f]{8})\s+[0-9a-f]{16}\s+[0-9a-f]{16}\s+([0-9a-f]{8})/gm)].map((m) => ({ name: m[1], size: parseInt(m[2] as string, 16), off: parseInt(m[3] as string, 16) }));
    expect(ins.pe!.sections.map((s) => ({ name: s.name, size: s.sizeOfRawData, off: s.pointerToRawData }))).toEqual(rows);
    const j = inspectionJson(ins) as { sbat?: { offset: number; size: number; text: string } };
    if (sbat) {
      const s = ins.pe!.sections.find((x) => x.name === '.sbat')!;
      const csv = readFileSync(new URL('sbat.csv', DIR), 'utf8');
      expect(j.sbat).toMatchObject({ offset: s.pointerToRawData, size: s.sizeOfRawData, text: csv });
      expect(ins.sbat!.records.map((r) => r.fields[0])).toEqual(['sbat', 'linux', 'zboot-explorer.test']);
      expect(ins.sbat!.records[1]!.fields).toEqual(['linux', '1', 'The Linux Developers', 'linux', '7.2.13', 'https://linux.org']);
      // each CSV row is a field over its own bytes
      const row = ins.fields.find((f) => f.id === 'sbat')!.children![1]!;
      expect(new TextDecoder().decode(bytes.subarray(row.offset, row.offset + row.size))).toBe(csv.split('\n')[1]);
    } else {
      expect(j.sbat).toBeUndefined();
    }
  });

  it('the payload decompresses byte-identically to the native tool; inner Image fields match llvm-readobj', async () => {
    const bytes = image(name);
    const ins = await inspectBytes(bytes);
    const r = await unpackZboot(bytes, ins);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // `gzip -dc` / `zstd -dc` of the payload (scripts/make-oracles.sh)
    expect(await sha256Hex(r.unpacked.data)).toBe(oracleText(`${name}.inner.sha256.txt`).trim());
    // the Image Kbuild wrote (tests/fixtures-7.2/image-sha256.txt), then zeros to image_size
    const line = new RegExp(`^${name} Image: (\\d+) bytes, sha256 ([0-9a-f]{64})$`, 'm').exec(readFileSync(new URL('image-sha256.txt', DIR), 'utf8'))!;
    const len = Number(line[1]);
    expect(await sha256Hex(r.unpacked.data.subarray(0, len))).toBe(line[2]);
    expect(r.unpacked.data.subarray(len).every((b) => b === 0)).toBe(true);
    expect(BigInt(r.unpacked.data.length)).toBe(r.unpacked.inner.image!.imageSize);
    const inner = r.unpacked.inner;
    expect(inner.errors).toEqual([]);
    const ro = readobj(`${name}.inner`);
    for (const [k, v] of [['SizeOfImage', inner.pe!.sizeOfImage], ['AddressOfEntryPoint', inner.pe!.addressOfEntryPoint], ['SizeOfHeaders', inner.pe!.sizeOfHeaders], ['SizeOfCode', inner.pe!.sizeOfCode]] as const) {
      expect(v, `llvm-readobj inner ${k}`).toBe(num(ro.optional[k]));
    }
    expect(inner.pe!.sections.map((s) => s.pointerToRawData)).toEqual(ro.sections.map((s) => num(s.PointerToRawData)));
    // arch/arm64/kernel/efi-header.S emits the same EX_DLLCHARACTERISTICS entry under ARM64_BTI_KERNEL
    checkDebug(inner, `${name}.inner`, forwardCfi);
    expect(inspectionJson(inner).sbat).toBeUndefined();
  });
});

describe('hostile debug directory and .sbat (the 7.2 gzip image, edited)', () => {
  const name = 'arm64-7.2.13-clang-bti-sbat-zboot-gzip';
  // PE at 0x40 (e_lfanew, pefile), PE32+ data directories at 0x40 + 24 + 112, Debug is the 7th
  const DEBUG_DIR = 0x40 + 24 + 112 + 6 * 8;

  it('a debug directory RVA outside every section is an error naming it; a huge size is capped', async () => {
    const b = image(name).slice();
    const dv = new DataView(b.buffer);
    dv.setUint32(DEBUG_DIR, 0x7fffff00, true);
    const ins = await inspectBytes(b);
    expect(ins.errors.some((e) => /debug directory RVA 0x7fffff00/.test(e.message))).toBe(true);
    const c = image(name).slice();
    new DataView(c.buffer).setUint32(DEBUG_DIR + 4, 28 * 100000, true);
    const ins2 = await inspectBytes(c);
    expect(ins2.pe!.debugDirectory!.length).toBeLessThanOrEqual(32);
    expect(ins2.warnings.some((w) => /only the first 32/.test(w.message))).toBe(true);
  });

  it('an .sbat without the "sbat,1" record and with a non-numeric generation warns at the record', async () => {
    const b = image(name).slice();
    const ins = await inspectBytes(b);
    const at = ins.sbat!.offset;
    b.set(new TextEncoder().encode('shim,x,\n'), at);
    b[at + 8] = 0;
    const bad = await inspectBytes(b);
    expect(bad.sbat!.text).toBe('shim,x,\n');
    expect(bad.warnings.map((w) => w.offset)).toEqual([at, at]);
  });
});
