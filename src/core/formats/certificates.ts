// The certificate table (data directory 4): WIN_CERTIFICATE entries appended at the end of a
// signed PE by sbsign/pesign. Its VirtualAddress is a file offset. Kernel reading:
// crypto/asymmetric_keys/verify_pefile.c (pefile_parse_binary, pefile_strip_sig_wrapper).
// Domain notes §2.5.
import type { Field } from '../bytes/field';
import { hex } from '../bytes/hex';
import { type ByteView, type ParseLog, StructBuilder } from '../bytes/reader';
import type { AuthenticodeSigner } from './authenticode';
import type { PeHeaders } from './pe';

const SRC = 'crypto/asymmetric_keys/verify_pefile.c';
export const MAX_CERTIFICATES = 16;

export interface WinCertificate {
  offset: number;
  length: number;
  revision: number;
  type: number;
  signer?: AuthenticodeSigner;
}

const TYPES: Record<number, string> = { 1: 'X509', 2: 'PKCS_SIGNED_DATA', 3: 'RESERVED_1', 4: 'TS_STACK_SIGNED' };

export async function parseCertificates(view: ByteView, pe: PeHeaders, log: ParseLog, idPrefix = 'pe/certs'): Promise<{ certificates: WinCertificate[]; field?: Field }> {
  const dir = pe.dataDirectories[4];
  if (!dir || dir.size === 0) return { certificates: [] };
  const start = dir.virtualAddress;
  const end = start + dir.size;
  const fileLen = view.length;
  const certificates: WinCertificate[] = [];
  const children: Field[] = [];
  if (end > fileLen) {
    log.error(view.base + start, `certificate table ${hex(start)}..${hex(end)} runs past the end of the file (${hex(fileLen)})`);
  }
  if (start % 8 !== 0) log.warn(view.base + start, `certificate table at ${hex(start)} is not 8-byte aligned`);
  let pos = start;
  while (pos + 8 <= Math.min(end, fileLen) && certificates.length < MAX_CERTIFICATES) {
    const i = certificates.length;
    const b = new StructBuilder(view, log, `${idPrefix}/${i}`, pos, `WIN_CERTIFICATE ${i}`, SRC);
    const length = b.u32('dwLength', 0, { meaning: 'bytes of this entry incl. this 8-byte header; verify_pefile.c needs dwLength ≤ the table size (sbsign rounds the table up to 8, pesign ≥ 0.110 does not)', decode: (v) => `${hex(v)} (${v})` });
    const revision = b.u16('wRevision', 4, { meaning: '0x0200 = WIN_CERT_REVISION_2_0, the only revision the kernel accepts' });
    const type = b.u16('wCertificateType', 6, { meaning: '2 = WIN_CERT_TYPE_PKCS_SIGNED_DATA (Authenticode)', decode: (v) => `${v} ${TYPES[Number(v)] ?? '(unknown)'}` });
    if (length === undefined || revision === undefined || type === undefined) break;
    const cert: WinCertificate = { offset: view.base + pos, length, revision, type };
    if (length < 8) {
      log.error(view.base + pos, `WIN_CERTIFICATE at ${hex(view.base + pos)} has dwLength ${length} (< 8): table walk stops`);
      certificates.push(cert);
      children.push(b.node(`certificate ${i}`, 'malformed', 8));
      break;
    }
    const bodyLen = Math.min(length, end - pos, fileLen - pos) - 8;
    if (pos + length > end) log.error(view.base + pos, `WIN_CERTIFICATE at ${hex(view.base + pos)}: dwLength ${hex(length)} runs past the certificate table end ${hex(end)}`);
    if (revision !== 0x200) log.warn(view.base + pos + 4, `WIN_CERTIFICATE revision ${hex(revision)} is not 0x0200; verify_pefile.c rejects it`);
    if (type === 2) {
      const { parseAuthenticode } = await import('./authenticode');
      const r = parseAuthenticode(view.slice(pos + 8, bodyLen));
      if (r.signer) {
        cert.signer = r.signer;
        b.bytes('bCertificate', 8, bodyLen, { meaning: 'PKCS#7 SignedData (Authenticode): signer certificate chain and the signed image digest' }, `signed by ${r.signer.subject ?? r.signer.issuer}`);
        const body = b.fields[b.fields.length - 1] as Field;
        body.children = signerFields(r.signer, view.base + pos + 8, bodyLen, `${idPrefix}/${i}/signer`);
      } else {
        log.error(view.base + pos + 8, `certificate ${i} at ${hex(view.base + pos + 8)}: ${r.error}`);
        b.bytes('bCertificate', 8, bodyLen, { meaning: 'PKCS#7 SignedData (does not parse)' });
      }
    } else {
      b.bytes('bCertificate', 8, bodyLen, { meaning: 'certificate data' });
    }
    certificates.push(cert);
    children.push(b.node(`certificate ${i}`, 'WIN_CERTIFICATE', 8 + bodyLen));
    pos += Math.ceil(length / 8) * 8;
  }
  if (pos < Math.min(end, fileLen) && certificates.length >= MAX_CERTIFICATES) {
    log.warn(view.base + pos, `more than ${MAX_CERTIFICATES} certificates; the rest are not shown`);
  }
  const field: Field = {
    id: idPrefix,
    name: 'Certificate table',
    offset: view.base + start,
    size: Math.max(0, Math.min(end, fileLen) - start),
    display: `${certificates.length} entr${certificates.length === 1 ? 'y' : 'ies'}`,
    meaning: 'Authenticode signatures appended after the image; what kexec_file_load verifies under KEXEC_SIG',
    source: SRC,
    children,
  };
  return { certificates, field };
}

function signerFields(s: AuthenticodeSigner, offset: number, _size: number, id: string): Field[] {
  // Decoded from inside the DER body (size 0: they name no byte range of their own; the body does).
  const mk = (name: string, display: string, meaning: string): Field => ({ id: `${id}/${name}`, name, offset, size: 0, display, meaning, value: display });
  const out = [
    mk('issuer', s.issuer, 'who issued the signing certificate'),
    mk('subject', s.subject ?? '(certificate not embedded)', 'the signing certificate: must chain to a key in the kernel\'s secondary or platform keyring'),
    mk('serial', s.serial, 'serial number of the signing certificate'),
    mk('digestAlgorithm', s.digestAlgorithm, 'hash used for the signature'),
  ];
  if (s.imageDigest) out.push(mk('imageDigest', `${s.imageDigestAlgorithm ?? ''} ${s.imageDigest}`.trim(), 'the Authenticode digest of the image that was signed (pefile_digest_pe_contents recomputes it)'));
  return out;
}
