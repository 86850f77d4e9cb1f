// Thin adapter: checks an Authenticode signature against a user's CA certificate off the main
// thread (core/signature/verify). The image and the CA cross as Blobs.
import { parseCaCertificates, verifyPeSignature } from '../core/signature/verify';
import type { SignatureRequest, SignatureResponse } from './signatureClient';

const post = (m: SignatureResponse) => (self as unknown as Worker).postMessage(m);

self.onmessage = async (ev: MessageEvent<SignatureRequest>) => {
  const { id, image, ca } = ev.data;
  try {
    const cas = parseCaCertificates(new Uint8Array(await ca.arrayBuffer()));
    if (cas.error) return post({ id, error: `the CA file: ${cas.error}` });
    post({ id, check: await verifyPeSignature(new Uint8Array(await image.arrayBuffer()), cas.certs) });
  } catch (e) {
    // core returns every outcome as a SignatureCheck; reaching here is a bug, reported rather than hung
    post({ id, error: `internal error: ${e instanceof Error ? e.message : String(e)}` });
  }
};
