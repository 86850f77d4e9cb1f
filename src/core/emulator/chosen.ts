// The /chosen node of the devicetree the stub hands the kernel in x0 — where update_fdt()
// (drivers/firmware/efi/libstub/fdt.c:30–151) writes bootargs and the linux,uefi-* properties —
// read with the devicetree core (src/core/devicetree/: every offset checked, the bytes come from
// guest memory and may be anything) and described as the devicetree view describes properties.
import { CHOSEN_READERS, cellsOf, decodeProperty } from '../devicetree/decode';
import { nodeAt, readFdt } from '../devicetree/reader';

export interface ChosenProperty {
  name: string;
  bytes: Uint8Array;
  /** The decoded value: hex cells, or the string for text. */
  text: string;
  /** What the next kernel does with it, when the devicetree core knows. */
  meaning?: string;
}

export function chosenProperties(fdt: Uint8Array): { props: ChosenProperty[]; error?: string } {
  const r = readFdt(fdt);
  const error = r.errors[0] && `${r.errors[0].message} (offset 0x${r.errors[0].offset.toString(16)})`;
  if (!r.fields) return { props: [], error: error ?? 'not a flattened devicetree' };
  const root = r.fields.root;
  const chosen = nodeAt(root, '/chosen');
  if (!chosen) return { props: [], error: error ?? 'the devicetree has no /chosen node' };
  const cells = cellsOf(root);
  const props = chosen.props.map((p) => ({ name: p.name, bytes: p.value, text: decodeProperty(p, cells, cells).display, meaning: CHOSEN_READERS[p.name]?.meaning }));
  return error ? { props, error } : { props };
}
