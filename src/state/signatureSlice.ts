// The user's CA certificate (the `sbverify --cert` case) and what checking the open file's
// signature — and the decompressed Image's, when it is signed too — against it gave. The checks
// are keyed by the checked bytes' sha256, so a new file is checked anew and an old answer is
// never shown for it.
import type { StateCreator } from 'zustand';
import type { SignatureCheck } from '../core/signature/verify';
import { verifyInWorker } from '../workers/signatureClient';
import type { AppState } from './store';

export interface SignatureSlice {
  ca?: { name: string; blob: Blob };
  caChecks: Record<string, SignatureCheck | { error: string } | 'running'>;
  setCa: (name: string, blob: Blob) => void;
  clearCa: () => void;
  /** Checks the file (and the inner Image) against the CA, unless done already. */
  checkWithCa: () => void;
}

export const createSignatureSlice: StateCreator<AppState, [], [], SignatureSlice> = (set, get) => ({
  caChecks: {},
  setCa(name, blob) {
    set({ ca: { name, blob }, caChecks: {} });
    get().checkWithCa();
  },
  clearCa() {
    set({ ca: undefined, caChecks: {} });
  },
  checkWithCa() {
    const { ca, inspection, blob, unpack } = get();
    if (!ca) return;
    const jobs: Array<[string, Blob]> = [];
    if (inspection?.signature && blob) jobs.push([inspection.sha256, blob]);
    if (unpack.status === 'done' && unpack.result.inner.signature) jobs.push([unpack.result.inner.sha256, new Blob([unpack.data as Uint8Array<ArrayBuffer>])]);
    for (const [sha, image] of jobs) {
      if (get().caChecks[sha]) continue;
      set({ caChecks: { ...get().caChecks, [sha]: 'running' } });
      verifyInWorker(image, ca.blob).then(
        (check) => get().ca === ca && set({ caChecks: { ...get().caChecks, [sha]: check } }),
        (e: unknown) => get().ca === ca && set({ caChecks: { ...get().caChecks, [sha]: { error: e instanceof Error ? e.message : String(e) } } }),
      );
    }
  },
});
