// The bytes at the cursor read as every integer type a header field could be: u8…u64 and
// signed, little- and big-endian, and the 64-bit value as an address. Folded by default on
// short windows, where the hex rows need the height.
import { useState } from 'react';
import { inspectAt } from '../../core/bytes/inspectValue';
import { hex } from '../../core/bytes/hex';

// open at first where the window is tall enough to keep 20+ hex rows beside it
const OPEN_FROM_HEIGHT = 800;

export function DataInspector({ bytes, offset }: { bytes: Uint8Array; offset: number }) {
  const rows = inspectAt(bytes, offset);
  const [open, setOpen] = useState(() => window.innerHeight >= OPEN_FROM_HEIGHT);
  return (
    <details className="inspector" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Data inspector at {hex(offset)}</summary>
      <table aria-label="Data inspector">
        <thead>
          <tr>
            <th scope="col">type</th>
            <th scope="col">little-endian</th>
            <th scope="col">big-endian</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.type} data-type={r.type}>
              <th scope="row">{r.type}</th>
              <td className="mono" data-order="le">{r.le}</td>
              <td className="mono" data-order="be">{r.be ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
