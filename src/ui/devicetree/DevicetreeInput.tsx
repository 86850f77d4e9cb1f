// The layout view's devicetree input: drop or pick the devicetree the running kernel booted
// with; say which loaders edited it first. Parsing runs in the devicetree worker.
import type { DtbOrigin } from '../../core/devicetree/firstBoot';
import { DTB_ORIGINS } from '../../state/devicetreeSlice';
import { useStore } from '../../state/store';
import './devicetree.css';

export function DevicetreeInput() {
  const dt = useStore((s) => s.devicetree);
  const status = useStore((s) => s.devicetreeStatus);
  const message = useStore((s) => s.devicetreeMessage);
  const origin = useStore((s) => s.dtbOrigin);
  const rng = useStore((s) => s.rngInitialized);
  const open = useStore((s) => s.openDevicetree);
  const setOrigin = useStore((s) => s.setDtbOrigin);
  const setRng = useStore((s) => s.setRngInitialized);
  const clear = useStore((s) => s.clearDevicetree);
  const pick = (f: File | undefined) => f && void open(f.name, f);
  return (
    <fieldset
      className="dt-input"
      aria-label="Devicetree"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        pick(e.dataTransfer.files[0]);
      }}
    >
      <legend>Devicetree (dtb)</legend>
      <label>
        Drop a .dtb here or pick one
        <input type="file" accept=".dtb,.gz,.dtb.gz,application/octet-stream" aria-label="Devicetree file" onChange={(e) => pick(e.target.files?.[0])} />
        <small>
          A running system keeps the one it booted with at <code>/sys/firmware/fdt</code> (<code>cp /sys/firmware/fdt machine.dtb</code>). Read here, never uploaded.
        </small>
      </label>
      <label>
        This devicetree is
        <select aria-label="Devicetree origin" value={origin} onChange={(e) => setOrigin(e.target.value as DtbOrigin)}>
          {DTB_ORIGINS.map(([o, l]) => (
            <option key={o} value={o}>{l}</option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={rng} onChange={(e) => setRng(e.target.checked)} /> RNG initialised at load time (kaslr-seed, rng-seed)
      </label>
      {status === 'reading' && <p className="note">{message}</p>}
      {status === 'failed' && <p className="error" role="alert" data-testid="dtb-error">{message}</p>}
      {dt && (
        <p className="note" data-testid="dtb-loaded">
          {dt.name}: {dt.inputSize} bytes, totalsize 0x{dt.inputTotalsize.toString(16)}; {dt.facts.cpus} CPU{dt.facts.cpus === 1 ? '' : 's'}
          {dt.facts.model ? `, ${dt.facts.model}` : ''}.{' '}
          <button type="button" onClick={clear}>Use a size instead</button>
        </p>
      )}
      {dt && (
        <div className="note" data-testid="dtb-first-boot">
          Modelled as: {DTB_ORIGINS.find(([o]) => o === dt.firstBoot.origin)?.[1]}
          {dt.firstBoot.assumptions.length > 0 && (
            <ul aria-label="Assumed">
              {dt.firstBoot.assumptions.map((a) => <li key={a}>{a}</li>)}
            </ul>
          )}
        </div>
      )}
      {dt?.warnings.map((w) => <p key={w} className="note">{w}</p>)}
    </fieldset>
  );
}
