// The CLI's JSON contract (`inspect FILE --json`, schema/cli.schema.json), built from an
// Inspection. One rule for integers: values of 32 bits or fewer are JSON numbers; 64-bit
// quantities (addresses, u64 header fields) are always "0x…" strings, whatever their value, so a
// key's type never depends on the file. Each value is the raw field as its defining document
// gives it; derived values get their own keys; a field the file is too short to hold is absent.
import { hex } from './bytes/hex';
import type { Inspection } from './inspect';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** A field of 32 bits or fewer. */
function int(v: number | bigint | undefined): Json | undefined {
  return v === undefined ? undefined : Number(v);
}

/** A 64-bit field (PE32+ ImageBase, the Image header's u64s, boot_params pref_address). */
function u64(v: number | bigint | undefined): Json | undefined {
  return v === undefined ? undefined : hex(BigInt(v));
}

function clean(o: Record<string, Json | undefined>): { [k: string]: Json } {
  const r: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) r[k] = v;
  return r;
}

export function inspectionJson(ins: Inspection, extra: Record<string, Json> = {}): { [k: string]: Json } {
  const out: Record<string, Json | undefined> = {
    file: { size: ins.size, sha256: ins.sha256 },
    format: ins.format,
    arch: ins.arch,
    description: ins.description,
    firstBytes: ins.firstBytes,
  };
  if (ins.compressed) out.compressed = clean({ codec: ins.compressed.codec, declaredSize: int(ins.compressed.declaredSize) });
  if (ins.zboot) {
    out.zboot = clean({
      payloadOffset: int(ins.zboot.payloadOffset),
      payloadSize: int(ins.zboot.payloadSize),
      compression: ins.zboot.compression,
      linuxPeMagic: int(ins.zboot.linuxPeMagic),
    });
  }
  const pe = ins.pe;
  if (pe) {
    out.pe = clean({
      peOffset: pe.peOffset,
      machine: int(pe.machine),
      machineName: pe.machineName,
      numberOfSections: int(pe.numberOfSections),
      timeDateStamp: int(pe.timeDateStamp),
      characteristics: int(pe.characteristics),
      magic: int(pe.magic),
      majorLinkerVersion: int(pe.majorLinkerVersion),
      minorLinkerVersion: int(pe.minorLinkerVersion),
      sizeOfCode: int(pe.sizeOfCode),
      sizeOfImage: int(pe.sizeOfImage),
      sizeOfHeaders: int(pe.sizeOfHeaders),
      addressOfEntryPoint: int(pe.addressOfEntryPoint),
      baseOfCode: int(pe.baseOfCode),
      imageBase: u64(pe.imageBase),
      sectionAlignment: int(pe.sectionAlignment),
      fileAlignment: int(pe.fileAlignment),
      majorImageVersion: int(pe.majorImageVersion),
      minorImageVersion: int(pe.minorImageVersion),
      subsystem: int(pe.subsystem),
      dllCharacteristics: int(pe.dllCharacteristics),
      checksum: int(pe.checksum),
      numberOfRvaAndSizes: int(pe.numberOfRvaAndSizes),
      sections: pe.sections.map((s) => ({
        name: s.name,
        virtualAddress: s.virtualAddress,
        virtualSize: s.virtualSize,
        pointerToRawData: s.pointerToRawData,
        sizeOfRawData: s.sizeOfRawData,
        characteristics: s.characteristics,
      })),
      dataDirectories: pe.dataDirectories.map((d) => ({ name: d.name, virtualAddress: d.virtualAddress, size: d.size })),
      debugDirectory: (pe.debugDirectory ?? []).map((e) =>
        clean({
          offset: e.offset,
          characteristics: e.characteristics,
          timeDateStamp: e.timeDateStamp,
          majorVersion: e.majorVersion,
          minorVersion: e.minorVersion,
          type: e.type,
          typeName: e.typeName,
          sizeOfData: e.sizeOfData,
          addressOfRawData: e.addressOfRawData,
          pointerToRawData: e.pointerToRawData,
          dllCharacteristicsEx: e.dllCharacteristicsEx,
          codeView: e.codeView ? { ...e.codeView } : undefined,
        }),
      ),
      dllCharacteristicsEx: pe.dllCharacteristicsEx,
      certificates: (ins.certificates ?? []).map((c) =>
        clean({
          offset: c.offset,
          length: c.length,
          revision: c.revision,
          type: c.type,
          signer: c.signer ? clean({ ...c.signer }) : undefined,
        }),
      ),
    });
  }
  if (ins.image) {
    const i = ins.image;
    out.image = clean({
      arch: i.arch,
      offset: i.offset,
      textOffset: u64(i.textOffset),
      imageSize: u64(i.imageSize),
      flags: u64(i.flags),
      endianness: i.endianness,
      pageSize: i.pageSize,
      physicalPlacement: i.physicalPlacement,
    });
  }
  if (ins.bzimage) {
    const b = ins.bzimage;
    out.bzimage = clean({
      protocolVersion: b.protocolVersion,
      setupSects: int(b.setupSects),
      syssize: int(b.syssize),
      payloadOffset: int(b.payloadOffset),
      payloadLength: int(b.payloadLength),
      kernelAlignment: int(b.kernelAlignment),
      relocatableKernel: int(b.relocatable),
      xloadflags: int(b.xloadflags),
      prefAddress: u64(b.prefAddress),
      initSize: int(b.initSize),
      protectedModeOffset: int(b.protectedModeOffset),
    });
  }
  if (ins.uki) {
    out.uki = clean({
      sections: ins.uki.sections.map((s) => clean({ name: s.name, offset: s.offset, size: s.size, sha256: s.sha256, text: s.text })),
      linux: ins.uki.linux ? inspectionJson(ins.uki.linux) : undefined,
    });
  }
  if (ins.sbat) {
    out.sbat = {
      offset: ins.sbat.offset,
      size: ins.sbat.size,
      text: ins.sbat.text,
      records: ins.sbat.records.map((r) => ({ offset: r.offset, fields: [...r.fields] })),
    };
  }
  if (ins.signature) out.signature = clean({ ...ins.signature });
  out.errors = ins.errors.map((e) => ({ offset: e.offset, message: e.message }));
  out.warnings = ins.warnings.map((w) => ({ offset: w.offset, message: w.message }));
  return { ...clean(out), ...extra };
}
