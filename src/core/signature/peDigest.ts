// The Authenticode digest of a PE image, computed exactly as the kernel does before it trusts a
// kexec image: crypto/asymmetric_keys/verify_pefile.c, pefile_parse_binary() for the bounds it
// insists on and pefile_digest_pe_contents() for the bytes it hashes:
//   1. the headers up to SizeOfHeaders, minus the CheckSum word and the certificate-table
//      data directory entry (8 bytes);
//   2. every section's raw data, in pefile_compare_shdrs() order (PointerToRawData, then
//      VirtualAddress, name, VirtualSize, SizeOfRawData), sections with no raw data skipped;
//   3. when the file is longer than the bytes hashed so far ("hashed_bytes" counts, it is not an
//      offset), `pelen - hashed_bytes - certs_size` more bytes starting at offset hashed_bytes.
// Every failure carries the errno the kernel returns for it.

/** What the kernel returns for a PE it cannot take apart (verify_pefile.c). */
export type PefileErrno = 'ELIBBAD' | 'ENODATA' | 'ENOTSUPP' | 'EKEYREJECTED' | 'EMSGSIZE';

export interface PefileLayout {
  checksumOffset: number;
  certDirentOffset: number;
  headerSize: number;
  /** Certificate table (data directory 4): file offset and size. */
  certsOffset: number;
  certsSize: number;
  /** The PKCS#7 blob after pefile_strip_sig_wrapper(): offset and length (padding dropped). */
  pkcs7Offset: number;
  pkcs7Length: number;
  /** [offset, length] ranges hashed, in order. */
  regions: Array<[number, number]>;
}

export type PefileResult = { ok: true; layout: PefileLayout } | { ok: false; errno: PefileErrno; message: string; offset: number };

const le16 = (b: Uint8Array, o: number) => (b[o] as number) | ((b[o + 1] as number) << 8);
const le32 = (b: Uint8Array, o: number) => ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24)) >>> 0;

const SECTION_HEADER = 40;
const DATA_DIRENT = 8;

/** pefile_parse_binary() + pefile_strip_sig_wrapper() + the region list of pefile_digest_pe_contents(). */
export function pefileLayout(b: Uint8Array): PefileResult {
  const datalen = b.length;
  const bad = (offset: number, message: string, errno: PefileErrno = 'ELIBBAD'): PefileResult => ({ ok: false, errno, message, offset });
  // chkaddr(base, x, s): x >= base, s < datalen, x <= datalen - s
  const chk = (base: number, x: number, s: number) => x >= base && s < datalen && x <= datalen - s;
  const MZ_SIZE = 64, PE_HDR = 24;
  if (!chk(0, 0, MZ_SIZE)) return bad(0, `file is ${datalen} bytes: shorter than the 64-byte MZ header`);
  if (le16(b, 0) !== 0x5a4d) return bad(0, 'no MZ signature at 0');
  const peaddr = le32(b, 0x3c);
  if (!chk(MZ_SIZE, peaddr, PE_HDR)) return bad(0x3c, `PE header offset 0x${peaddr.toString(16)} (at 0x3c) is outside the file`);
  if (le32(b, peaddr) !== 0x00004550) return bad(peaddr, `no PE\\0\\0 signature at 0x${peaddr.toString(16)}`);
  const nSections = le16(b, peaddr + 6);
  let cursor = peaddr + PE_HDR;
  if (!chk(0, cursor, 2)) return bad(cursor, 'optional header is outside the file');
  const magic = le16(b, cursor);
  // struct pe32_opt_hdr is 96 bytes, pe32plus_opt_hdr 112 (include/linux/pe.h); csum at 64 in both.
  const optSize = magic === 0x10b ? 96 : magic === 0x20b ? 112 : 0;
  if (!optSize) return bad(cursor, `optional header magic 0x${magic.toString(16)} is neither PE32 nor PE32+`);
  if (!chk(0, cursor, optSize)) return bad(cursor, 'optional header runs past the end of the file');
  const checksumOffset = cursor + 64;
  const headerSize = le32(b, cursor + 60);
  const nDirents = le32(b, cursor + optSize - 4);
  cursor += optSize;
  if (cursor >= headerSize || headerSize >= datalen) {
    return bad(cursor - optSize + 60, `SizeOfHeaders 0x${headerSize.toString(16)} is not between the optional header's end 0x${cursor.toString(16)} and the file size 0x${datalen.toString(16)}`);
  }
  if (nDirents > Math.floor((headerSize - cursor) / DATA_DIRENT)) return bad(cursor - 4, `NumberOfRvaAndSizes ${nDirents} does not fit in SizeOfHeaders`);
  const ddir = cursor;
  cursor += DATA_DIRENT * nDirents;
  // The kernel reads ddir->certs whatever n_data_dirents says (it only bounds it from above).
  const certDirentOffset = ddir + 4 * DATA_DIRENT;
  const certsOffset = le32(b, certDirentOffset);
  const certsSize = le32(b, certDirentOffset + 4);
  if (!certsOffset || !certsSize) return bad(certDirentOffset, 'unsigned PE binary: the certificate table directory entry is empty', 'ENODATA');
  if (!chk(headerSize, certsOffset, certsSize)) {
    return bad(certDirentOffset, `certificate table 0x${certsOffset.toString(16)} +0x${certsSize.toString(16)} does not lie between SizeOfHeaders 0x${headerSize.toString(16)} and the end of the file 0x${datalen.toString(16)}`);
  }
  if (nSections > Math.floor((headerSize - cursor) / SECTION_HEADER)) return bad(peaddr + 6, `${nSections} section headers do not fit in SizeOfHeaders`);
  const secs = cursor;

  // pefile_strip_sig_wrapper()
  let sigLen = certsSize;
  if (sigLen < 8) return bad(certsOffset, 'signature wrapper too short');
  const wLength = le32(b, certsOffset), wRevision = le16(b, certsOffset + 4), wType = le16(b, certsOffset + 6);
  if (wLength > sigLen) return bad(certsOffset, `WIN_CERTIFICATE dwLength 0x${wLength.toString(16)} is bigger than the certificate table (0x${sigLen.toString(16)})`);
  if (wRevision !== 0x0200) return bad(certsOffset + 4, `WIN_CERTIFICATE revision 0x${wRevision.toString(16)} is not 2.0`, 'ENOTSUPP');
  if (wType !== 2) return bad(certsOffset + 6, `WIN_CERTIFICATE type ${wType} is not PKCS_SIGNED_DATA`, 'ENOTSUPP');
  const pkcs7Offset = certsOffset + 8;
  sigLen = wLength - 8;
  if (sigLen < 4) return bad(pkcs7Offset, 'signature data missing', 'EKEYREJECTED');
  const p = pkcs7Offset;
  if (b[p] !== 0x30) return bad(p, 'signature data is not PKCS#7 (no SEQUENCE)');
  const l1 = b[p + 1] as number;
  let len: number;
  if (l1 <= 0x7f) len = l1 + 2;
  else if (l1 === 0x80) len = sigLen; // indefinite length: the kernel takes the wrapper's length
  else if (l1 === 0x81) len = (b[p + 2] as number) + 3;
  else if (l1 === 0x82) len = (((b[p + 2] as number) << 8) | (b[p + 3] as number)) + 4;
  else return bad(p + 1, 'PKCS#7 length needs more than two bytes', 'EMSGSIZE');
  if (len > sigLen) return bad(p, `PKCS#7 SEQUENCE of 0x${len.toString(16)} bytes is longer than the WIN_CERTIFICATE (0x${sigLen.toString(16)})`);

  // pefile_digest_pe_contents()
  const regions: Array<[number, number]> = [
    [0, checksumOffset],
    [checksumOffset + 4, certDirentOffset - (checksumOffset + 4)],
    [certDirentOffset + DATA_DIRENT, headerSize - (certDirentOffset + DATA_DIRENT)],
  ];
  const sec = (i: number) => {
    const o = secs + i * SECTION_HEADER;
    return { i, name: b.subarray(o, o + 8), vsize: le32(b, o + 8), va: le32(b, o + 12), rawSize: le32(b, o + 16), dataAddr: le32(b, o + 20) };
  };
  const all = Array.from({ length: nSections }, (_, i) => sec(i));
  const cmpName = (x: Uint8Array, y: Uint8Array) => {
    // strcmp() on the 8-byte name fields. A name of exactly 8 bytes has no NUL and the kernel's
    // strcmp reads on into VirtualSize; that only matters for two sections with equal
    // PointerToRawData, VirtualAddress and 8-byte names, where we stop at 8 bytes.
    for (let k = 0; k < 8; k++) {
      const d = (x[k] as number) - (y[k] as number);
      if (d) return d;
      if (x[k] === 0) return 0;
    }
    return 0;
  };
  const cmp = (a: ReturnType<typeof sec>, c: ReturnType<typeof sec>) =>
    a.dataAddr - c.dataAddr || a.va - c.va || cmpName(a.name, c.name) || a.vsize - c.vsize || a.rawSize - c.rawSize;
  // The kernel's insertion sort puts an element after every element that is not greater than it:
  // a stable sort by cmp.
  const canon = all.slice().sort((a, c) => cmp(a, c) || a.i - c.i);
  let hashed = headerSize;
  for (const s of canon) {
    if (s.rawSize === 0) continue;
    if (s.dataAddr + s.rawSize > datalen || s.dataAddr + s.rawSize < s.dataAddr) {
      // The kernel would read past its buffer here; nothing else in verify_pefile.c bounds sections.
      return bad(secs + s.i * SECTION_HEADER + 20, `section ${s.i} raw data 0x${s.dataAddr.toString(16)} +0x${s.rawSize.toString(16)} runs past the end of the file`);
    }
    regions.push([s.dataAddr, s.rawSize]);
    hashed += s.rawSize;
  }
  if (datalen > hashed) {
    const tmp = hashed + certsSize;
    if (tmp <= hashed || datalen < tmp) return bad(certsOffset, `the sections and headers (0x${hashed.toString(16)} bytes) plus the certificate table (0x${certsSize.toString(16)}) exceed the file (0x${datalen.toString(16)})`);
    regions.push([hashed, datalen - tmp]);
  }
  return { ok: true, layout: { checksumOffset, certDirentOffset, headerSize, certsOffset, certsSize, pkcs7Offset, pkcs7Length: len, regions } };
}

/** The bytes pefile_digest_pe_contents() feeds to the hash, in order. */
export function digestInput(b: Uint8Array, layout: PefileLayout): Uint8Array {
  const total = layout.regions.reduce((t, [, n]) => t + n, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const [o, n] of layout.regions) {
    out.set(b.subarray(o, o + n), at);
    at += n;
  }
  return out;
}
