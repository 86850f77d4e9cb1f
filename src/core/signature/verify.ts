// Verifies a signed PE image the way KEXEC_SIG does (crypto/asymmetric_keys/verify_pefile.c
// verify_pefile_signature(), with pkcs7_verify.c for the PKCS#7 part), with WebCrypto:
//   1. pefile_parse_binary()/pefile_strip_sig_wrapper(): the bounds (peDigest.ts);
//   2. pkcs7_digest(): the hash of the signed content (SpcIndirectDataContent without its tag
//      and length, pkcs7_note_data()) must equal the messageDigest authenticated attribute;
//   3. public_key_verify_signature(): the signature over the authenticated attributes (their
//      [0] tag replaced by SET) with the signer certificate's key, the signer found by issuer
//      and serial number among the certificates embedded in the PKCS#7;
//   4. pefile_digest_pe(): the image digest recomputed (pefile_digest_pe_contents()) must equal
//      the one inside SpcIndirectDataContent;
//   5. only when a CA is given (what `sbverify --cert` checks; the kernel's counterpart is
//      pkcs7_validate_trust() against its keyrings): every certificate from the signer up to
//      one issued by the CA is signed by the next.
// Nothing here throws for bad input: every outcome is a SignatureCheck.
import * as asn1js from 'asn1js';
import { Certificate, ContentInfo, IssuerAndSerialNumber, SignedData } from 'pkijs';
import type { Field } from '../bytes/field';
import { toHex } from '../bytes/sha256';
import { type PefileErrno, digestInput, pefileLayout } from './peDigest';

export type SignatureState = 'unsigned' | 'intact' | 'modified' | 'invalid';
export type ChainState = 'yes' | 'no' | 'unknown';

export interface SignatureCheck {
  state: SignatureState;
  /** false only when this environment could not run the check (no WebCrypto): then `state` is
   * "invalid" by default and says nothing about the file. */
  checked: boolean;
  /** One sentence a person reads: what was found. */
  message: string;
  /** What verify_pefile_signature() returns for this image's own bytes (before any trust decision). */
  errno?: PefileErrno | 'EBADMSG' | 'ENOPKG' | 'ENOKEY';
  /** File offset the message is about. */
  offset?: number;
  digestAlgorithm?: string;
  /** SpcIndirectDataContent.messageDigest: the image digest the signer signed. */
  signedDigest?: string;
  /** pefile_digest_pe_contents() over this file. */
  computedDigest?: string;
  /** The content hash matched the messageDigest attribute (pkcs7_digest()). */
  messageDigestValid?: boolean;
  /** The signature over the authenticated attributes verified with the signer certificate. */
  signatureValid?: boolean;
  signer?: string;
  chain: ChainState;
  /** Why the chain is what it is: the certificates walked, or what is missing. */
  chainDetail?: string;
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  spcIndirectData: '1.3.6.1.4.1.311.2.1.4',
  messageDigest: '1.2.840.113549.1.9.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

const HASHES: Record<string, { name: string; webCrypto: string }> = {
  '1.3.14.3.2.26': { name: 'sha1', webCrypto: 'SHA-1' },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', webCrypto: 'SHA-256' },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', webCrypto: 'SHA-384' },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', webCrypto: 'SHA-512' },
};

/** Signature algorithm OIDs of certificates: key type and hash. */
const SIG_ALGS: Record<string, { key: 'rsa' | 'ec'; hash: string }> = {
  '1.2.840.113549.1.1.5': { key: 'rsa', hash: 'SHA-1' },
  '1.2.840.113549.1.1.11': { key: 'rsa', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { key: 'rsa', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { key: 'rsa', hash: 'SHA-512' },
  '1.2.840.10045.4.1': { key: 'ec', hash: 'SHA-1' },
  '1.2.840.10045.4.3.2': { key: 'ec', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { key: 'ec', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { key: 'ec', hash: 'SHA-512' },
};
const CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };
const MAX_CHAIN = 8;

function subtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle;
}

const view = (b: ArrayBuffer | Uint8Array) => (b instanceof Uint8Array ? b : new Uint8Array(b));
/** WebCrypto's BufferSource wants an ArrayBuffer-backed view; ours always are (never shared memory). */
const src = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

function dn(c: Certificate, which: 'subject' | 'issuer'): string {
  return c[which].typesAndValues
    .map((tv) => `${({ '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.10': 'O', '2.5.4.11': 'OU' } as Record<string, string>)[tv.type] ?? tv.type}=${String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value)}`)
    .join(', ');
}

/** DER ECDSA-Sig-Value → the r||s form WebCrypto verifies. */
function ecdsaRaw(der: Uint8Array, curve: string): Uint8Array | undefined {
  const n = curve === 'P-256' ? 32 : curve === 'P-384' ? 48 : 66;
  const a = asn1js.fromBER(der);
  const seq = a.result as asn1js.Sequence;
  if (a.offset === -1 || !(seq instanceof asn1js.Sequence)) return undefined;
  const out = new Uint8Array(2 * n);
  for (let i = 0; i < 2; i++) {
    const int = seq.valueBlock.value[i];
    if (!(int instanceof asn1js.Integer)) return undefined;
    let v = int.valueBlock.valueHexView;
    while (v.length > n && v[0] === 0) v = v.subarray(1);
    if (v.length > n) return undefined;
    out.set(v, i * n + (n - v.length));
  }
  return out;
}

/** Verifies `sig` over `data` with the key of `cert`; a string names why it could not be tried. */
async function verifyWith(cert: Certificate, keyAlgOid: string, hash: string, data: Uint8Array, sig: Uint8Array): Promise<boolean | string> {
  const s = subtle();
  if (!s) return 'WebCrypto (crypto.subtle) is not available here (the page is not a secure context)';
  const spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER());
  const pkAlg = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  try {
    if (pkAlg === OID.rsaEncryption && (keyAlgOid === OID.rsaEncryption || SIG_ALGS[keyAlgOid]?.key === 'rsa')) {
      const key = await s.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
      return await s.verify('RSASSA-PKCS1-v1_5', key, src(sig), src(data));
    }
    if (pkAlg === OID.ecPublicKey && (keyAlgOid === OID.ecPublicKey || SIG_ALGS[keyAlgOid]?.key === 'ec')) {
      const params = cert.subjectPublicKeyInfo.algorithm.algorithmParams;
      const curve = params instanceof asn1js.ObjectIdentifier ? CURVES[params.valueBlock.toString()] : undefined;
      if (!curve) return 'unsupported elliptic curve';
      const raw = ecdsaRaw(sig, curve);
      if (!raw) return false;
      const key = await s.importKey('spki', spki, { name: 'ECDSA', namedCurve: curve }, false, ['verify']);
      return await s.verify({ name: 'ECDSA', hash }, key, src(raw), src(data));
    }
  } catch (e) {
    return `the key could not be used: ${e instanceof Error ? e.message : String(e)}`;
  }
  return `unsupported key/signature algorithm (${pkAlg} / ${keyAlgOid})`;
}

/** Parses CA certificates given as DER or PEM (one or more BEGIN CERTIFICATE blocks). */
export function parseCaCertificates(bytes: Uint8Array): { certs: Certificate[]; error?: string } {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  const ders: Uint8Array[] = [];
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
      try {
        const bin = atob((m[1] as string).replace(/\s+/g, ''));
        ders.push(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
      } catch {
        return { certs: [], error: `a PEM block at character ${m.index} is not base64` };
      }
    }
  } else {
    ders.push(bytes);
  }
  const certs: Certificate[] = [];
  for (const [i, der] of ders.entries()) {
    try {
      const a = asn1js.fromBER(der);
      if (a.offset === -1) return { certs: [], error: `certificate ${i + 1} is not DER: ${a.result.error || 'undecodable ASN.1'}` };
      certs.push(new Certificate({ schema: a.result }));
    } catch (e) {
      return { certs: [], error: `certificate ${i + 1} is not an X.509 certificate: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  if (!certs.length) return { certs, error: 'no certificate found (expected DER or PEM "BEGIN CERTIFICATE")' };
  return { certs };
}

/** Walks signer → issuer among the embedded certificates until one is issued by a CA. */
async function checkChain(signer: Certificate, embedded: Certificate[], cas: Certificate[]): Promise<{ chain: ChainState; detail: string }> {
  const names: string[] = [];
  let cert = signer;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    names.push(dn(cert, 'subject'));
    const der = view(cert.toSchema().toBER());
    if (cas.some((ca) => sameBytes(view(ca.toSchema().toBER()), der))) return { chain: 'yes', detail: `${names.join(' ← ')} is the CA certificate itself` };
    const ca = cas.find((c) => c.subject.isEqual(cert.issuer));
    const issuer = ca ?? embedded.find((c) => c !== cert && c.subject.isEqual(cert.issuer));
    if (!issuer) return { chain: 'no', detail: `${names.join(' → ')}: its issuer "${dn(cert, 'issuer')}" is neither the given CA nor a certificate embedded in the signature` };
    const alg = cert.signatureAlgorithm.algorithmId;
    const hash = SIG_ALGS[alg]?.hash;
    if (!hash) return { chain: 'unknown', detail: `certificate "${dn(cert, 'subject')}" is signed with an unsupported algorithm ${alg}` };
    const ok = await verifyWith(issuer, alg, hash, cert.tbsView, cert.signatureValue.valueBlock.valueHexView);
    if (typeof ok === 'string') return { chain: 'unknown', detail: ok };
    if (!ok) return { chain: 'no', detail: `the signature on "${dn(cert, 'subject')}" does not verify with the key of "${dn(issuer, 'subject')}"` };
    if (ca) return { chain: 'yes', detail: `${names.join(' → ')} → ${dn(ca, 'subject')} (the given CA)` };
    cert = issuer;
  }
  return { chain: 'no', detail: `no CA within ${MAX_CHAIN} certificates` };
}

/**
 * Verify the Authenticode signature of the PE image `b`; `cas` are trust anchors (the
 * `sbverify --cert` case), absent → the chain is "unknown".
 */
export async function verifyPeSignature(b: Uint8Array, cas: Certificate[] = []): Promise<SignatureCheck> {
  const layout = pefileLayout(b);
  if (!layout.ok) {
    if (layout.errno === 'ENODATA') return { state: 'unsigned', checked: true, chain: 'unknown', errno: 'ENODATA', message: 'not signed: the certificate table directory entry is empty', offset: layout.offset };
    return { state: 'invalid', checked: true, chain: 'unknown', errno: layout.errno, offset: layout.offset, message: `the signature cannot be checked: ${layout.message}` };
  }
  const L = layout.layout;
  const der = b.subarray(L.pkcs7Offset, L.pkcs7Offset + L.pkcs7Length);
  const fail = (errno: SignatureCheck['errno'], message: string, extra: Partial<SignatureCheck> = {}): SignatureCheck =>
    ({ state: 'invalid', checked: true, chain: 'unknown', errno, message, offset: L.pkcs7Offset, ...extra });

  let sd: SignedData;
  try {
    const a = asn1js.fromBER(der);
    if (a.offset === -1) return fail('EBADMSG', `the PKCS#7 at ${hexOff(L.pkcs7Offset)} is not DER: ${a.result.error || 'undecodable'}`);
    const ci = new ContentInfo({ schema: a.result });
    if (ci.contentType !== OID.signedData) return fail('EBADMSG', `the PKCS#7 content type ${ci.contentType} is not signedData`);
    sd = new SignedData({ schema: ci.content });
  } catch (e) {
    return fail('EBADMSG', `the PKCS#7 at ${hexOff(L.pkcs7Offset)} does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (sd.encapContentInfo.eContentType !== OID.spcIndirectData) return fail('EBADMSG', `the signed content is ${sd.encapContentInfo.eContentType}, not Authenticode SpcIndirectDataContent`);
  // SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo }
  const content = sd.encapContentInfo.eContent as unknown as asn1js.Sequence | undefined;
  const digestInfo = content?.valueBlock?.value?.[1] as asn1js.Sequence | undefined;
  const algOid = (digestInfo?.valueBlock?.value?.[0] as asn1js.Sequence | undefined)?.valueBlock?.value?.[0];
  const digestOctets = digestInfo?.valueBlock?.value?.[1];
  if (!content || !(algOid instanceof asn1js.ObjectIdentifier) || !(digestOctets instanceof asn1js.OctetString)) {
    return fail('EBADMSG', 'SpcIndirectDataContent has no DigestInfo (mscode_parser.c)');
  }
  const imageHash = HASHES[algOid.valueBlock.toString()];
  if (!imageHash) return fail('ENOPKG', `image digest algorithm ${algOid.valueBlock.toString()} is not supported`);
  const signedDigest = toHex(digestOctets.valueBlock.valueHexView);
  const base: Partial<SignatureCheck> = { digestAlgorithm: imageHash.name, signedDigest };

  const s = subtle();
  if (!s) return { ...fail(undefined, 'the signature cannot be checked here: WebCrypto (crypto.subtle) is not available (the page is not a secure context)'), ...base, checked: false };
  const computed = toHex(view(await s.digest(imageHash.webCrypto, src(digestInput(b, L)))));
  const digestMatches = computed === signedDigest;
  Object.assign(base, { computedDigest: computed });

  const si = sd.signerInfos[0];
  if (!si) return fail('EBADMSG', 'SignedData has no signerInfos', base);
  const embedded = (sd.certificates ?? []).filter((c): c is Certificate => c instanceof Certificate);
  const sid = si.sid;
  const signer = sid instanceof IssuerAndSerialNumber
    ? embedded.find((c) => sameBytes(c.serialNumber.valueBlock.valueHexView, sid.serialNumber.valueBlock.valueHexView) && c.issuer.isEqual(sid.issuer))
    : undefined;
  if (!signer) return fail('ENOKEY', 'the signer certificate is not embedded in the signature (pkcs7_find_key)', base);
  base.signer = dn(signer, 'subject');
  const sigHash = HASHES[si.digestAlgorithm.algorithmId];
  if (!sigHash) return fail('ENOPKG', `signer digest algorithm ${si.digestAlgorithm.algorithmId} is not supported`, base);

  // pkcs7_digest(): the content is SpcIndirectDataContent without its own tag and length.
  const encoded = view(content.valueBeforeDecodeView);
  const contentBody = encoded.subarray(content.idBlock.blockLength + content.lenBlock.blockLength);
  const contentHash = view(await s.digest(sigHash.webCrypto, src(contentBody)));
  let signedData = contentHash;
  let messageDigestValid: boolean | undefined;
  if (si.signedAttrs) {
    const md = si.signedAttrs.attributes.find((a) => a.type === OID.messageDigest)?.values[0];
    if (!(md instanceof asn1js.OctetString)) return fail('EKEYREJECTED', 'the authenticated attributes have no messageDigest', base);
    messageDigestValid = sameBytes(md.valueBlock.valueHexView, contentHash);
    if (!messageDigestValid) {
      return fail('EKEYREJECTED', 'the signed content was changed: its hash does not match the messageDigest attribute', { ...base, messageDigestValid });
    }
    signedData = view(si.signedAttrs.encodedValue); // pkijs already turned the [0] tag into SET
  }
  const sigAlg = si.signatureAlgorithm.algorithmId;
  const ok = await verifyWith(signer, sigAlg, sigHash.webCrypto, signedData, si.signature.valueBlock.valueHexView);
  if (typeof ok === 'string') return { ...fail('ENOPKG', `the signature cannot be checked: ${ok}`, base), ...(messageDigestValid !== undefined ? { messageDigestValid } : {}) };
  const sigFields = { signatureValid: ok, ...(messageDigestValid !== undefined ? { messageDigestValid } : {}) };
  if (!ok) return fail('EKEYREJECTED', `the signature does not verify with the key of the signer certificate "${base.signer}"`, { ...base, ...sigFields });

  const trust = cas.length ? await checkChain(signer, embedded, cas) : { chain: 'unknown' as ChainState, detail: 'no CA certificate given' };
  const common = { ...base, ...sigFields, checked: true, chain: trust.chain, chainDetail: trust.detail } as const;
  if (!digestMatches) {
    return { ...common, state: 'modified', errno: 'EKEYREJECTED', offset: L.certsOffset, message: `modified after signing: the image's ${imageHash.name} digest ${computed.slice(0, 16)}… differs from the signed ${signedDigest.slice(0, 16)}…` };
  }
  return { ...common, state: 'intact', message: `intact: the signature by "${base.signer}" is valid and the image's ${imageHash.name} digest matches the signed one` };
}

function hexOff(n: number): string {
  return `0x${n.toString(16)}`;
}

/** The outcome as a node of the field tree, under the certificate table. */
export function signatureField(c: SignatureCheck, offset: number): Field {
  const kids: Field[] = [];
  const mk = (name: string, display: string, meaning: string) => kids.push({ id: `pe/certs/verification/${name}`, name, offset, size: 0, display, value: display, meaning });
  if (c.signedDigest) mk('signed digest', `${c.digestAlgorithm ?? ''} ${c.signedDigest}`.trim(), 'SpcIndirectDataContent.messageDigest: the image digest the signer signed');
  if (c.computedDigest) mk('computed digest', c.computedDigest, 'pefile_digest_pe_contents() over this file: headers without CheckSum and the certificate entry, sections by file offset, trailing data');
  if (c.signatureValid !== undefined) mk('signature', c.signatureValid ? 'valid' : 'INVALID', 'the PKCS#7 signature over the authenticated attributes, checked with the embedded signer certificate (pkcs7_verify.c)');
  mk('chain to CA', `${c.chain}${c.chainDetail ? ` — ${c.chainDetail}` : ''}`, 'whether the signer certificate chains to a given CA (sbverify --cert); the kernel asks its keyrings instead');
  return {
    id: 'pe/certs/verification',
    name: 'Verification',
    offset,
    size: 0,
    display: `${c.state}${c.errno ? ` (-${c.errno})` : ''}`,
    value: c.state,
    meaning: c.message,
    source: 'crypto/asymmetric_keys/verify_pefile.c',
    children: kids,
  };
}

/** `sbverify --cert` for the app's worker and the CLI: the CA file's bytes parsed, then the check. */
export async function verifyAgainstCa(image: Uint8Array, caFile: Uint8Array): Promise<{ check: SignatureCheck } | { error: string }> {
  const cas = parseCaCertificates(caFile);
  if (cas.error) return { error: `the CA file: ${cas.error}` };
  return { check: await verifyPeSignature(image, cas.certs) };
}
