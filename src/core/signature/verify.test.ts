// Authenticode verification against sbverify and osslsigncode, on Debian's signed arm64 Image
// and on our own sbsign-signed 7.2 zboot image, each intact, with one byte of .text changed, and
// with the certificate table cut short (tests/signing/make-signed.sh made the fixtures and the
// oracle texts in tests/oracles/ and derives the tampered variants exactly as variants() here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, oracleText } from '../../../tests/fixtures';
import { findField } from '../bytes/field';
import { inspectBytes } from '../inspect';
import { inspectionJson } from '../report';
import { summarize } from '../summary';
import { digestInput, pefileLayout } from './peDigest';
import { parseCaCertificates, verifyPeSignature } from './verify';

const signing = (f: string) => new Uint8Array(readFileSync(new URL(`../../../tests/signing/${f}`, import.meta.url)));
const cas = (f: string) => {
  const r = parseCaCertificates(signing(f));
  expect(r.error).toBeUndefined();
  return r.certs;
};

/** make-signed.sh variants(): .text PointerToRawData + 0x10 XOR 1; the last 16 bytes dropped. */
function variants(b: Uint8Array): Record<'signed' | 'text-byte' | 'cut-short', Uint8Array> {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const pe = dv.getUint32(0x3c, true);
  const n = dv.getUint16(pe + 6, true);
  const sec = pe + 24 + dv.getUint16(pe + 20, true);
  let text = -1;
  for (let i = 0; i < n; i++) if (new TextDecoder().decode(b.subarray(sec + 40 * i, sec + 40 * i + 5)) === '.text') text = dv.getUint32(sec + 40 * i + 20, true);
  expect(text).toBeGreaterThan(0);
  const t = b.slice();
  t[text + 0x10]! ^= 1;
  return { signed: b, 'text-byte': t, 'cut-short': b.subarray(0, b.length - 16) };
}

/** osslsigncode verify: "Current message digest" (signed) and "Calculated message digest". */
function osslDigests(name: string): { current?: string; calculated?: string; exit: number } {
  const t = oracleText(name);
  const cur = /Current message digest\s*:\s*([0-9A-F]+)/.exec(t)?.[1]?.toLowerCase();
  const calc = /Calculated message digest\s*:\s*([0-9A-F]+)/.exec(t)?.[1]?.toLowerCase();
  return { ...(cur ? { current: cur } : {}), ...(calc ? { calculated: calc } : {}), exit: Number(/exit (\d+)/.exec(t)![1]) };
}
const sbverifyExit = (name: string) => Number(/exit (\d+)/.exec(oracleText(name))![1]);

const CASES = [
  { name: 'debian-6.1.0-50-arm64', bytes: () => fixture('debian-6.1.0-50-arm64-vmlinuz.gz'), ca: 'debian-uefi-ca.der', caLabel: 'debian-uefi-ca' },
  { name: 'arm64-7.2.13-clang-bti-sbat-zboot-gzip', bytes: () => signing('arm64-7.2.13-clang-bti-sbat-zboot-gzip.signed.efi'), ca: 'test-ca.pem', caLabel: 'test-ca' },
] as const;

describe.each(CASES)('$name', ({ name, bytes, ca, caLabel }) => {
  it('signed: intact, chain to its CA yes, to an unrelated CA no — as sbverify says', async () => {
    const b = variants(bytes()).signed;
    const o = osslDigests(`${name}.signed.osslsigncode.txt`);
    expect(o.exit, 'osslsigncode verify succeeded').toBe(0);
    const r = await verifyPeSignature(b, cas(ca));
    expect(r).toMatchObject({ state: 'intact', signatureValid: true, messageDigestValid: true, chain: 'yes', digestAlgorithm: 'sha256' });
    expect(r.errno).toBeUndefined();
    // osslsigncode: "Current message digest" = the signed one, "Calculated" = the file's
    expect(r.signedDigest).toBe(o.current);
    expect(r.computedDigest).toBe(o.calculated);
    expect(sbverifyExit(`${name}.signed.sbverify-${caLabel}.txt`), 'sbverify --cert CA: Signature verification OK').toBe(0);
    expect(oracleText(`${name}.signed.sbverify-${caLabel}.txt`)).toContain('Signature verification OK');

    const other = await verifyPeSignature(b, cas('other-ca.pem'));
    expect(other).toMatchObject({ state: 'intact', chain: 'no' });
    expect(sbverifyExit(`${name}.signed.sbverify-other-ca.txt`), 'sbverify --cert other CA fails').toBe(1);

    const none = await verifyPeSignature(b);
    expect(none).toMatchObject({ state: 'intact', chain: 'unknown' });
  });

  it('one byte of .text changed: modified after signing (EKEYREJECTED); sbverify fails, osslsigncode computes the same digest', async () => {
    const r = await verifyPeSignature(variants(bytes())['text-byte'], cas(ca));
    const o = osslDigests(`${name}.text-byte.osslsigncode.txt`);
    expect(o.exit).not.toBe(0);
    expect(r).toMatchObject({ state: 'modified', errno: 'EKEYREJECTED', signatureValid: true, chain: 'yes' });
    expect(r.signedDigest).toBe(o.current);
    expect(r.computedDigest).toBe(o.calculated);
    expect(r.computedDigest).not.toBe(r.signedDigest);
    const sb = oracleText(`${name}.text-byte.sbverify-${caLabel}.txt`);
    expect(sbverifyExit(`${name}.text-byte.sbverify-${caLabel}.txt`)).toBe(1);
    // sbverify prints the digest it computed after "expecting:"
    expect(/expecting: ([0-9a-f]+)/.exec(sb)![1]).toBe(r.computedDigest);
  });

  it('certificate table cut short: invalid (ELIBBAD, pefile_parse_binary chkaddr); sbverify fails', async () => {
    const r = await verifyPeSignature(variants(bytes())['cut-short'], cas(ca));
    expect(r).toMatchObject({ state: 'invalid', errno: 'ELIBBAD', chain: 'unknown' });
    expect(r.message).toMatch(/certificate table 0x[0-9a-f]+ \+0x[0-9a-f]+ does not lie/);
    expect(sbverifyExit(`${name}.cut-short.sbverify-${caLabel}.txt`)).toBe(1);
    expect(osslDigests(`${name}.cut-short.osslsigncode.txt`).exit).not.toBe(0);
  });
});

describe('pefile_digest_pe_contents regions (crypto/asymmetric_keys/verify_pefile.c)', () => {
  it('Debian Image: headers minus CheckSum and the certificate entry, .text, .data, empty trailing data', () => {
    const b = fixture('debian-6.1.0-50-arm64-vmlinuz.gz');
    const r = pefileLayout(b);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // llvm-readobj (tests/oracles/debian-6.1.0-50-arm64.llvm-readobj.txt): PE at 0x40, PE32+ optional
    // header at 0x58, CheckSum at +64, data directories at +112, Certificate is the 5th;
    // SizeOfHeaders 0x10000; .text 0x10000 +0x1730000, .data 0x1740000 +8575488 (0x82da00), ending at
    // the certificate table: the trailing-data update of the kernel then hashes 0 bytes.
    expect(r.layout).toMatchObject({ checksumOffset: 0x58 + 64, certDirentOffset: 0x58 + 112 + 32, headerSize: 0x10000, certsOffset: 0x1f6da00, certsSize: 0x5c0 });
    expect(r.layout.regions).toEqual([
      [0, 0x98], [0x9c, 0xe8 - 0x9c], [0xf0, 0x10000 - 0xf0], [0x10000, 0x1730000], [0x1740000, 0x82da00], [0x1f6da00, 0],
    ]);
    expect(digestInput(b, r.layout).length).toBe(0x1f6da00 - 12);
  });

  it('an unsigned image is ENODATA; hostile headers are ELIBBAD with an offset, never a throw', async () => {
    const z = fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
    expect(await verifyPeSignature(z)).toMatchObject({ state: 'unsigned', errno: 'ENODATA' });
    const h = fixture('debian-6.1.0-50-arm64-vmlinuz.gz').slice(0, 0x20000);
    const dv = new DataView(h.buffer);
    dv.setUint32(0x58 + 60, 0xffffffff, true); // SizeOfHeaders past the end
    expect(pefileLayout(h)).toMatchObject({ ok: false, errno: 'ELIBBAD', offset: 0x58 + 60 });
    expect(await verifyPeSignature(new Uint8Array(10))).toMatchObject({ state: 'invalid', errno: 'ELIBBAD' });
  });
});

// Debian sid's own 7.2 arm64 kernel (linux-binary-7.2.13+deb14-arm64 7.2.13-1,
// /usr/lib/modules/7.2.13+deb14-arm64/vmlinuz: a signed plain Image, 48 MB, not committed).
// `sbverify --cert debian-uefi-ca.pem` on it: "Signature verification OK".
const SID = process.env.DEBIAN_SID_VMLINUZ;
describe.skipIf(!SID)('Debian sid 7.2.13 arm64 vmlinuz (DEBIAN_SID_VMLINUZ)', () => {
  it('is intact and chains to Debian Secure Boot CA', async () => {
    const r = await verifyPeSignature(new Uint8Array(readFileSync(SID!)), cas('debian-uefi-ca.der'));
    expect(r).toMatchObject({ state: 'intact', chain: 'yes', signer: 'CN=Debian Secure Boot Signer 2022 - linux' });
  });
});
if (!SID) console.log('skipping the Debian sid 7.2 kernel check: set DEBIAN_SID_VMLINUZ to its vmlinuz (apt-get download linux-binary-7.2.13+deb14-arm64:arm64)');

describe('inspect: the verification in the tree, the summary and inspect --json', () => {
  it('the signed 7.2 image and its .text-tampered copy', async () => {
    const v = variants(signing('arm64-7.2.13-clang-bti-sbat-zboot-gzip.signed.efi'));
    const ok = await inspectBytes(v.signed);
    expect(ok.errors).toEqual([]);
    expect(findField(ok.fields, 'pe/certs/verification')).toMatchObject({ value: 'intact', display: 'intact' });
    expect((inspectionJson(ok) as { signature: object }).signature).toMatchObject({ state: 'intact', chain: 'unknown', digestAlgorithm: 'sha256' });
    expect(summarize(ok).items.find((i) => i.label === 'Signature')).toMatchObject({ value: 'intact; chain to CA: unknown', fieldId: 'pe/certs/verification' });
    const bad = await inspectBytes(v['text-byte']);
    expect((inspectionJson(bad) as { signature: object }).signature).toMatchObject({ state: 'modified', errno: 'EKEYREJECTED' });
    expect(summarize(bad).items.find((i) => i.label === 'Signature')!.value).toBe('modified after signing (-EKEYREJECTED); chain to CA: unknown');
    // unsigned images get no signature key
    expect(inspectionJson(await inspectBytes(fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'))).signature).toBeUndefined();
  });
});
