// Thin adapter: checks an Authenticode signature against a user's CA certificate off the main
// thread (core/signature/verify). The image and the CA cross as Blobs.
import { verifyAgainstCa } from '../core/signature/verify';
import type { SignatureRequest, SignatureResponse } from './signatureClient';

const post = (m: SignatureResponse) => (self as unknown as Worker).postMessage(m);

self.onmessage = async (ev: MessageEvent<SignatureRequest>) => {
  const { id, image, ca } = ev.data;
  try {
    post({ id, ...(await verifyAgainstCa(new Uint8Array(await image.arrayBuffer()), new Uint8Array(await ca.arrayBuffer()))) });
  } catch (e) {
    // core returns every outcome as a SignatureCheck; reaching here is a bug, reported rather than hung
    post({ id, error: `internal error: ${e instanceof Error ? e.message : String(e)}` });
  }
};
