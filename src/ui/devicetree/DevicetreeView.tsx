// The devicetree the second kernel receives in x0: /chosen before → after with who reads each
// property, the kernel's libfdt calls one by one, the whole tree, and a download.
import { useMemo, useState } from 'react';
import { hex } from '../../core/bytes/hex';
import { cellsOf, decodeProperty } from '../../core/devicetree/decode';
import { toDts } from '../../core/devicetree/dts';
import { chosenDiff } from '../../core/devicetree/prepare';
import { type FdtNode, readFdt } from '../../core/devicetree/reader';
import type { KexecFdtResult } from '../../core/devicetree/kexecFdt';
import { useStore } from '../../state/store';
import './devicetree.css';

function Node({ n, parentCells, rootCells }: { n: FdtNode; parentCells: ReturnType<typeof cellsOf>; rootCells: ReturnType<typeof cellsOf> }) {
  const mine = cellsOf(n);
  const chosen = n.path === '/chosen';
  return (
    <details open={n.path === '/' || chosen} className={chosen ? 'dt-node dt-chosen' : 'dt-node'}>
      <summary>{n.path === '/' ? '/' : n.name}</summary>
      <ul>
        {n.props.map((p) => (
          <li key={p.offset}>
            <code>{p.name}</code> = <span className="mono">{decodeProperty(p, parentCells, rootCells).display}</span>
          </li>
        ))}
      </ul>
      {n.children.map((c) => (
        <Node key={c.offset} n={c} parentCells={mine} rootCells={rootCells} />
      ))}
    </details>
  );
}

export function DevicetreeView({ built }: { built: KexecFdtResult }) {
  const dt = useStore((s) => s.devicetree);
  const [showSteps, setShowSteps] = useState(false);
  const trees = useMemo(() => {
    const before = dt ? readFdt(dt.booted).fields : undefined;
    const after = built.dtb ? readFdt(built.dtb).fields : undefined;
    return { before, after, rows: before && after ? chosenDiff(before, after) : [] };
  }, [dt, built]);
  const download = (bytes: BlobPart, name: string) => {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const rc = trees.after ? cellsOf(trees.after.root) : undefined;
  return (
    <section id="devicetree" className="devicetree" aria-label="Second kernel's devicetree">
      <h3>
        The devicetree the second kernel gets in x0{built.dtb ? `: ${built.dtb.length} bytes (bufsz ${hex(built.dtb.length)})` : ''}
      </h3>
      <p className="note">
        Built by <code>of_kexec_alloc_and_setup_fdt()</code> (drivers/of/kexec.c) from {dt?.name ?? 'the devicetree'} in a {hex(built.bufferSize)}-byte buffer, then{' '}
        <code>fdt_pack()</code> (arch/arm64/kernel/machine_kexec_file.c). Seeds are random at load time: zeros here.
      </p>
      {built.error && <p className="error" role="alert">{built.error}</p>}
      {built.dtb && (
        <p>
          <button type="button" onClick={() => download(built.dtb!.slice(), 'second-kernel.dtb')}>
            Download second-kernel.dtb
          </button>{' '}
          {trees.after && (
            <button type="button" onClick={() => download(toDts(trees.after!), 'second-kernel.dts')}>
              Download as .dts (what dtc -O dts prints)
            </button>
          )}
        </p>
      )}
      {trees.rows.length > 0 && (
        <table className="dt-chosen-diff" aria-label="/chosen before and after">
          <thead>
            <tr>
              <th scope="col">/chosen property</th>
              <th scope="col">running kernel</th>
              <th scope="col">second kernel</th>
              <th scope="col">read by</th>
            </tr>
          </thead>
          <tbody>
            {trees.rows.map((r) => (
              <tr key={r.name} className={`dt-${r.change}`} data-prop={r.name}>
                <th scope="row"><code>{r.name}</code> <small>{r.change}</small></th>
                <td className="mono">{r.before ?? '—'}</td>
                <td className="mono">{r.after ?? '—'}</td>
                <td>{r.meaning ? <>{r.meaning} <small>({r.source})</small></> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <label className="check">
        <input type="checkbox" checked={showSteps} onChange={(e) => setShowSteps(e.target.checked)} /> the kernel&apos;s libfdt calls, in order
      </label>
      {showSteps && (
        <ol className="dt-steps">
          {[...(dt?.chainSteps ?? []), ...built.steps].map((s, i) => (
            <li key={i}>
              <code>{s.call}</code> → {s.result}
              {s.effect ? ` (${s.effect})` : ''}
            </li>
          ))}
        </ol>
      )}
      {trees.after && rc && (
        <div className="dt-tree" aria-label="Second kernel's devicetree tree">
          <Node n={trees.after.root} parentCells={rc} rootCells={rc} />
        </div>
      )}
    </section>
  );
}
