// Authenticode PKCS#7 SignedData inside a WIN_CERTIFICATE, read with pkijs/asn1js (loaded
// lazily: most images are unsigned). What the kernel checks is in
// crypto/asymmetric_keys/verify_pefile.c and mscode_parser.c (SpcIndirectDataContent digest).
import * as asn1js from 'asn1js';
import { ContentInfo, IssuerAndSerialNumber, SignedData, type RelativeDistinguishedNames } from 'pkijs';
import { toHex } from '../bytes/sha256';

export interface AuthenticodeSigner {
  issuer: string;
  subject?: string;
  serial: string;
  digestAlgorithm: string;
  /** The PE image digest the signer signed (SpcIndirectDataContent.messageDigest). */
  imageDigest?: string;
  imageDigestAlgorithm?: string;
}

const OID_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const PKCS7_SIGNED_DATA = '1.2.840.113549.1.7.2';
const SPC_INDIRECT_DATA = '1.3.6.1.4.1.311.2.1.4';

function dn(names: RelativeDistinguishedNames): string {
  return names.typesAndValues
    .map((tv) => `${OID_NAMES[tv.type] ?? tv.type}=${String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value)}`)
    .join(', ');
}

/** Returns the first signer, or an error message naming what was wrong. */
export function parseAuthenticode(der: Uint8Array): { signer?: AuthenticodeSigner; error?: string } {
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) return { error: `not DER: ${asn1.result.error || 'undecodable ASN.1'}` };
    const ci = new ContentInfo({ schema: asn1.result });
    if (ci.contentType !== PKCS7_SIGNED_DATA) return { error: `content type ${ci.contentType} is not PKCS#7 signedData` };
    const sd = new SignedData({ schema: ci.content });
    const si = sd.signerInfos[0];
    if (!si) return { error: 'SignedData has no signerInfos' };
    if (!(si.sid instanceof IssuerAndSerialNumber)) return { error: 'signer identified by subjectKeyIdentifier, not issuer and serial' };
    const sid = si.sid;
    const serial = toHex(sid.serialNumber.valueBlock.valueHexView);
    const signer: AuthenticodeSigner = {
      issuer: dn(sid.issuer),
      serial,
      digestAlgorithm: OID_NAMES[si.digestAlgorithm.algorithmId] ?? si.digestAlgorithm.algorithmId,
    };
    const cert = (sd.certificates ?? []).find(
      (c) => 'serialNumber' in c && toHex(c.serialNumber.valueBlock.valueHexView) === serial && c.issuer.isEqual(sid.issuer),
    );
    if (cert && 'subject' in cert) signer.subject = dn(cert.subject);
    if (sd.encapContentInfo.eContentType === SPC_INDIRECT_DATA) {
      // SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo }
      const content = sd.encapContentInfo.eContent as unknown as asn1js.Sequence;
      const digestInfo = content?.valueBlock?.value?.[1] as asn1js.Sequence | undefined;
      const alg = (digestInfo?.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value[0];
      const octets = digestInfo?.valueBlock.value[1];
      if (alg instanceof asn1js.ObjectIdentifier) signer.imageDigestAlgorithm = OID_NAMES[alg.valueBlock.toString()] ?? alg.valueBlock.toString();
      if (octets instanceof asn1js.OctetString) signer.imageDigest = toHex(octets.valueBlock.valueHexView);
    }
    return { signer };
  } catch (e) {
    // pkijs throws on schema mismatches; the caller reports it at the certificate's offset.
    return { error: `PKCS#7 does not parse: ${e instanceof Error ? e.message : String(e)}` };
  }
}
