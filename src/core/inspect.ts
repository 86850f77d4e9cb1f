// One entry point for every caller (worker, CLI, tests): recognise the format of a buffer and
// return one tree of fields plus the structured values the summary, layout and CLI read.
// Recognition order follows the domain notes' quick table (§0).
import type { Field, Problem } from './bytes/field';
import { hex, hexBytes } from './bytes/hex';
import { ByteView, ParseLog } from './bytes/reader';
import { sha256Hex } from './bytes/sha256';
import { sizeWord } from './codecs/trailer';
import { type KernelImageHeader, isArm64Image, parseArm64Image } from './formats/arm64Image';
import { type BzImageHeader, isBzImage, parseBzImage } from './formats/bzImage';
import { type WinCertificate, parseCertificates } from './formats/certificates';
import { type CompressedFile, detectCompressed, parseCompressedFile } from './formats/compressedFile';
import { parseDosHeader } from './formats/dosHeader';
import { parseLoongarchImage } from './formats/loongarchImage';
import { describeMagic } from './formats/magic';
import { type PeHeaders, parsePe } from './formats/pe';
import { parseDebugDirectory } from './formats/peDebug';
import { MACHINE_ARCH } from './formats/peConstants';
import { isRiscvImage, parseRiscvImage } from './formats/riscvImage';
import { type Sbat, parseSbat } from './formats/sbat';
import type { SignatureCheck } from './signature/verify';
import { type UkiSection, isUki, ukiSections } from './formats/uki';
import { type ZbootHeader, isZboot, parseZbootHeader, payloadField } from './formats/zbootHeader';

export type Format = 'zboot' | 'arm64-image' | 'riscv64-image' | 'loongarch64-image' | 'x86-bzimage' | 'uki' | 'pe' | 'compressed' | 'unknown';

export interface Inspection {
  format: Format;
  arch?: string;
  /** Absolute offset of this buffer inside the file it came from (nested images). */
  base: number;
  size: number;
  sha256: string;
  firstBytes: string;
  /** One sentence: what this is, or what it is not. */
  description: string;
  fields: Field[];
  errors: Problem[];
  warnings: Problem[];
  zboot?: ZbootHeader;
  pe?: PeHeaders;
  certificates?: WinCertificate[];
  image?: KernelImageHeader;
  bzimage?: BzImageHeader;
  uki?: { sections: UkiSection[]; linux?: Inspection };
  sbat?: Sbat;
  /** The Authenticode signature checked as KEXEC_SIG does (no CA: the chain is "unknown"). */
  signature?: SignatureCheck;
  /** A compressed plain Image (Image.gz …): the stream; unpack.ts decompresses it. */
  compressed?: CompressedFile;
}

/** UKI ⊃ zboot ⊃ Image ⊃ … : nesting deeper than this is refused (hostile files). */
export const MAX_NESTING = 4;

const LOONGARCH_MACHINE = 0x6264;

export async function inspectBytes(bytes: Uint8Array, base = 0, depth = 0): Promise<Inspection> {
  const view = new ByteView(bytes, base);
  const log = new ParseLog();
  const fields: Field[] = [];
  const out: Inspection = {
    format: 'unknown',
    base,
    size: bytes.length,
    sha256: await sha256Hex(bytes),
    firstBytes: hexBytes(bytes.subarray(0, 16)),
    description: '',
    fields,
    errors: log.errors,
    warnings: log.warnings,
  };
  if (bytes.length < 64) {
    log.error(base + bytes.length, `file is ${bytes.length} bytes: too short for any kernel image header (64 bytes)`);
  }
  const isMz = view.u16(0) === 0x5a4d;

  const withPe = async () => {
    const { dos, field } = parseDosHeader(view, log);
    fields.push(field);
    if (dos.lfanew === undefined || dos.lfanew < 0x40 || dos.lfanew + 4 > bytes.length) return;
    const { pe, field: peField } = parsePe(view, dos.lfanew, log);
    out.pe = pe;
    fields.push(peField);
    const debug = parseDebugDirectory(view, pe, log);
    pe.debugDirectory = debug.entries;
    const ex = debug.entries.find((e) => e.dllCharacteristicsEx !== undefined);
    if (ex) pe.dllCharacteristicsEx = ex.dllCharacteristicsEx;
    if (debug.field) fields.push(debug.field);
    const sbat = parseSbat(view, pe, log);
    if (sbat.sbat) out.sbat = sbat.sbat;
    if (sbat.field) fields.push(sbat.field);
    const { certificates, field: certField } = await parseCertificates(view, pe, log);
    out.certificates = certificates;
    if (certField) fields.push(certField);
    if (certificates.length) {
      // pkijs and the verifier load only for signed images (most are not)
      const { verifyPeSignature, signatureField } = await import('./signature/verify');
      out.signature = await verifyPeSignature(bytes);
      if (out.signature.offset !== undefined) out.signature.offset += base; // nested images keep file offsets
      certField?.children?.push(signatureField(out.signature, base + (pe.dataDirectories[4]?.virtualAddress ?? 0)));
    }
    checkSignedLayout(out, log);
    if (pe.machine !== undefined && MACHINE_ARCH[pe.machine]) out.arch ??= MACHINE_ARCH[pe.machine];
  };

  if (isZboot(view)) {
    out.format = 'zboot';
    const { zboot, field } = parseZbootHeader(view, log);
    out.zboot = zboot;
    fields.push(field);
    await withPe();
    const pf = payloadField(zboot, bytes.length, base);
    if (pf) fields.push(pf);
    const sw = zboot.compression !== undefined && zboot.payloadOffset !== undefined && zboot.payloadSize !== undefined
      ? sizeWord(bytes, zboot.compression, zboot.payloadOffset, zboot.payloadSize) : undefined;
    if (sw) {
      fields.push({
        id: 'zboot/size_word',
        name: sw.insideStream ? 'gzip ISIZE' : 'size trailer',
        offset: base + sw.offset,
        size: 4,
        value: sw.value,
        display: `${hex(sw.value)} (${sw.value} bytes uncompressed)`,
        meaning: sw.insideStream
          ? 'last 4 bytes of the gzip member: uncompressed size mod 2^32 (inside payload_size; ZBOOT_SIZE_LEN 0)'
          : 'le32 appended by size_append after the stream (ZBOOT_SIZE_LEN 4, not counted in payload_size): uncompressed size',
        source: 'drivers/firmware/efi/libstub/Makefile.zboot',
        raw: hexBytes(bytes.subarray(sw.offset, sw.offset + 4)),
      });
    }
    out.description = `EFI zboot image (${out.arch ?? 'unknown arch'}) with a ${zboot.compression ?? '?'}-compressed kernel`;
  } else if (isArm64Image(view) || isRiscvImage(view)) {
    const arm = isArm64Image(view);
    const { image, field } = arm ? parseArm64Image(view, log) : parseRiscvImage(view, log);
    out.format = arm ? 'arm64-image' : 'riscv64-image';
    out.arch = image.arch;
    out.image = image;
    fields.push(field);
    if (isMz) await withPe();
    out.description = `${arm ? 'arm64' : 'riscv64'} Image${isMz ? ' with EFI stub (also a PE/COFF EFI application)' : ''}`;
  } else if (isBzImage(view)) {
    out.format = 'x86-bzimage';
    out.arch = 'x86';
    const { bzimage, field } = parseBzImage(view, log);
    out.bzimage = bzimage;
    fields.push(field);
    if (isMz) await withPe();
    out.description = `x86 bzImage, boot protocol ${bzimage.protocolVersion ?? '?'}${isMz ? ', EFI stub' : ''}`;
  } else if (isMz) {
    await withPe();
    const pe = out.pe;
    if (pe && isUki(pe)) {
      out.format = 'uki';
      const sections = ukiSections(pe, bytes.length, bytes);
      for (const s of sections) s.sha256 = await sha256Hex(bytes.subarray(s.offset, s.offset + s.size));
      out.uki = { sections };
      const linux = sections.find((s) => s.name === '.linux');
      if (linux && linux.size > 0) {
        if (depth + 1 >= MAX_NESTING) {
          log.error(base + linux.offset, `.linux at ${hex(base + linux.offset)} nests deeper than ${MAX_NESTING} images; not inspected`);
        } else {
          const inner = await inspectBytes(bytes.subarray(linux.offset, linux.offset + linux.size), base + linux.offset, depth + 1);
          out.uki.linux = inner;
          fields.push({
            id: 'uki/linux',
            name: '.linux payload',
            offset: base + linux.offset,
            size: linux.size,
            display: inner.description,
            meaning: 'the kernel inside the UKI, inspected in place',
            source: 'systemd: src/fundamental/uki.c',
            children: inner.fields.map((f) => prefixIds(f, 'uki/linux/')),
          });
        }
      }
      out.description = `Unified Kernel Image (systemd-stub, ${out.arch ?? '?'}) with ${sections.length} sections`;
    } else if (pe && pe.machine === LOONGARCH_MACHINE && view.u32(0x38) === 0x818223cd) {
      out.format = 'loongarch64-image';
      const { image, field } = parseLoongarchImage(view, log);
      out.image = image;
      fields.unshift(field);
      out.description = 'LoongArch64 EFI kernel image';
    } else {
      out.format = 'pe';
      out.description = `PE/COFF executable (${out.pe?.machineName ?? 'unknown machine'}), not a Linux kernel image`;
    }
  } else if (detectCompressed(view)) {
    const { compressed, field } = parseCompressedFile(view, detectCompressed(view) as NonNullable<ReturnType<typeof detectCompressed>>, log);
    out.format = 'compressed';
    out.compressed = compressed;
    fields.push(field);
    out.description = `${compressed.codec}-compressed file (a compressed plain Image, e.g. make Image.${compressed.codec === 'gzip' ? 'gz' : compressed.codec === 'zstd' ? 'zst' : compressed.codec}?): decompress to see inside`;
  } else {
    out.description = `not a kernel image: ${describeMagic(view)}; first bytes ${out.firstBytes}`;
  }
  fields.sort((a, b) => a.offset - b.offset);
  return out;
}

function prefixIds(f: Field, prefix: string): Field {
  const g: Field = { ...f, id: prefix + f.id };
  if (f.children) g.children = f.children.map((c) => prefixIds(c, prefix));
  return g;
}

/** What verify_pefile.c will object to in a signed image (crypto/asymmetric_keys/verify_pefile.c). */
function checkSignedLayout(ins: Inspection, log: ParseLog): void {
  const dir = ins.pe?.dataDirectories[4];
  const first = ins.certificates?.[0];
  if (!dir || !dir.size || !first) return;
  const end = dir.virtualAddress + dir.size;
  if (end < ins.size) {
    log.warn(ins.base + end, `${ins.size - end} bytes follow the certificate table: the Authenticode digest covers them as trailing data, so appending anything changes the hash`);
  }
}
