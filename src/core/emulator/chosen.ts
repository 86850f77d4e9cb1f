// The /chosen node of the devicetree the stub hands the kernel in x0 — where update_fdt()
// (drivers/firmware/efi/libstub/fdt.c:30–151) writes bootargs and the linux,uefi-* properties.
// A small read-only walker over the format of scripts/dtc/libfdt/fdt.h (tokens BEGIN_NODE 1,
// END_NODE 2, PROP 3, NOP 4, END 9; big-endian, 4-byte aligned), every offset bounds-checked:
// the bytes come from guest memory and may be anything.
export interface ChosenProperty {
  name: string;
  bytes: Uint8Array;
  /** u32/u64 cells as hex, or the string for printable NUL-terminated values. */
  text: string;
}

function describe(b: Uint8Array): string {
  if (b.length > 1 && b[b.length - 1] === 0 && b.subarray(0, -1).every((c) => c >= 0x20 && c < 0x7f)) return JSON.stringify(new TextDecoder().decode(b.subarray(0, -1)));
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length === 4) return `0x${dv.getUint32(0).toString(16)}`;
  if (b.length === 8) return `0x${dv.getBigUint64(0).toString(16)}`;
  return [...b.subarray(0, 32)].map((x) => x.toString(16).padStart(2, '0')).join(' ') + (b.length > 32 ? ' …' : '');
}

export function chosenProperties(fdt: Uint8Array): { props: ChosenProperty[]; error?: string } {
  const dv = new DataView(fdt.buffer, fdt.byteOffset, fdt.byteLength);
  const props: ChosenProperty[] = [];
  if (fdt.length < 40 || dv.getUint32(0) !== 0xd00dfeed) return { props, error: 'not a flattened devicetree (magic 0xd00dfeed missing at offset 0)' };
  const offStruct = dv.getUint32(8);
  const offStrings = dv.getUint32(12);
  const str = (o: number): string | undefined => {
    let e = o;
    while (e < fdt.length && fdt[e] !== 0) e++;
    return e < fdt.length ? new TextDecoder().decode(fdt.subarray(o, e)) : undefined;
  };
  const path: string[] = [];
  let p = offStruct;
  for (let steps = 0; steps < 100_000; steps++) {
    if (p + 4 > fdt.length) return { props, error: `structure block runs past the end at 0x${p.toString(16)}` };
    const tok = dv.getUint32(p);
    p += 4;
    if (tok === 1) {
      const name = str(p);
      if (name === undefined) return { props, error: `unterminated node name at 0x${p.toString(16)}` };
      path.push(name);
      p = (p + name.length + 1 + 3) & ~3;
    } else if (tok === 2) path.pop();
    else if (tok === 3) {
      if (p + 8 > fdt.length) return { props, error: `property header past the end at 0x${p.toString(16)}` };
      const len = dv.getUint32(p);
      const name = str(offStrings + dv.getUint32(p + 4));
      if (name === undefined || p + 8 + len > fdt.length) return { props, error: `property at 0x${(p - 4).toString(16)} runs past the end` };
      if (path.length === 2 && path[0] === '' && path[1] === 'chosen') {
        const bytes = fdt.slice(p + 8, p + 8 + len);
        props.push({ name, bytes, text: describe(bytes) });
      }
      p = (p + 8 + len + 3) & ~3;
    } else if (tok === 4) continue;
    else if (tok === 9) return { props };
    else return { props, error: `unknown token 0x${tok.toString(16)} at 0x${(p - 4).toString(16)}` };
  }
  return { props, error: 'structure block has no FDT_END within 100,000 tokens' };
}
