// The Authenticode verdict of the open file (and of the decompressed Image when it is signed
// too): intact / modified after signing / signature invalid, and, once the user gives a CA
// certificate, whether the signer chains to it. The checks run in workers (core/signature).
import { type ChangeEvent, useEffect } from 'react';
import type { SignatureCheck } from '../../core/signature/verify';
import { SIGNATURE_STATE } from '../../core/summary';
import { useStore } from '../../state/store';

function One({ label, check, sha }: { label: string; check: SignatureCheck; sha: string }) {
  const ca = useStore((s) => s.ca);
  const withCa = useStore((s) => s.caChecks[sha]);
  const shown = withCa && typeof withCa === 'object' && 'state' in withCa ? withCa : check;
  const chain = !ca ? 'unknown (no CA certificate given)' : withCa === 'running' ? 'checking…' : withCa && 'error' in (withCa as object) ? `unknown: ${(withCa as { error: string }).error}` : `${shown.chain}${shown.chainDetail ? ` — ${shown.chainDetail}` : ''}`;
  return (
    <div className={`sigcheck ${shown.state}`} data-testid={`signature-${label}`}>
      <p>
        <strong>{label}:</strong> <span className={`badge sig-${shown.state}`} data-testid="signature-state">{SIGNATURE_STATE[shown.state]}</span>
        {shown.errno && <span className="mono small"> (KEXEC_SIG: -{shown.errno})</span>} {shown.message}
      </p>
      {shown.signedDigest && (
        <dl className="small">
          <div><dt>signer</dt><dd>{shown.signer ?? '?'}</dd></div>
          <div className="wide"><dt>signed {shown.digestAlgorithm}</dt><dd className="mono">{shown.signedDigest}</dd></div>
          {shown.computedDigest && <div className="wide"><dt>this file's</dt><dd className="mono">{shown.computedDigest}</dd></div>}
          <div className="wide"><dt>chain to CA</dt><dd data-testid="signature-chain">{chain}</dd></div>
        </dl>
      )}
    </div>
  );
}

export function SignaturePanel() {
  const ins = useStore((s) => s.inspection);
  const unpack = useStore((s) => s.unpack);
  const ca = useStore((s) => s.ca);
  const setCa = useStore((s) => s.setCa);
  const clearCa = useStore((s) => s.clearCa);
  const checkWithCa = useStore((s) => s.checkWithCa);
  const inner = unpack.status === 'done' ? unpack.result.inner : undefined;
  // a new file, or its decompressed Image, is checked against the CA already chosen
  useEffect(() => {
    if (ca) checkWithCa();
  }, [ca, ins?.sha256, inner?.sha256, checkWithCa]);
  if (!ins?.signature && !inner?.signature) return null;
  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) setCa(f.name, f);
    e.target.value = '';
  };
  return (
    <section className="signature" aria-label="Signature">
      <h3>Authenticode signature</h3>
      {ins?.signature && <One label="file" check={ins.signature} sha={ins.sha256} />}
      {inner?.signature && <One label="decompressed Image" check={inner.signature} sha={inner.sha256} />}
      <p className="small">
        <label>
          CA certificate (PEM or DER, e.g. a distribution's Secure Boot CA):{' '}
          <input type="file" accept=".pem,.crt,.cer,.der" onChange={pick} data-testid="ca-input" />
        </label>
        {ca && (
          <>
            {' '}using <span className="mono">{ca.name}</span>{' '}
            <button type="button" className="link" onClick={clearCa}>forget</button>
          </>
        )}
      </p>
    </section>
  );
}
