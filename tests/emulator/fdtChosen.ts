// A minimal flattened-devicetree walker for the emulator tests — the properties of /chosen —
// written against the format of scripts/dtc/libfdt/fdt.h (FDT_BEGIN_NODE 1, END_NODE 2, PROP 3,
// NOP 4, END 9; big-endian; 4-byte aligned). The app's devicetree core is wt-dtb's
// src/core/devicetree/; this stays test-only so the tests do not check the emulator with itself.
export function chosenProps(fdt: Uint8Array): Map<string, Uint8Array> {
  const dv = new DataView(fdt.buffer, fdt.byteOffset, fdt.byteLength);
  if (dv.getUint32(0) !== 0xd00dfeed) throw new Error('not an FDT');
  const offStruct = dv.getUint32(8);
  const offStrings = dv.getUint32(12);
  const str = (o: number) => {
    let e = o;
    while (fdt[e] !== 0) e++;
    return new TextDecoder().decode(fdt.subarray(o, e));
  };
  const out = new Map<string, Uint8Array>();
  const path: string[] = [];
  let p = offStruct;
  for (;;) {
    const tok = dv.getUint32(p);
    p += 4;
    if (tok === 1) {
      const name = str(p);
      path.push(name);
      p = (p + name.length + 1 + 3) & ~3;
    } else if (tok === 2) path.pop();
    else if (tok === 3) {
      const len = dv.getUint32(p);
      const name = str(offStrings + dv.getUint32(p + 4));
      if (path.join('/') === '/chosen') out.set(name, fdt.slice(p + 8, p + 8 + len));
      p = (p + 8 + len + 3) & ~3;
    } else if (tok === 4) continue;
    else if (tok === 9) return out;
    else throw new Error(`bad FDT token ${tok} at 0x${(p - 4).toString(16)}`);
  }
}

export const be32 = (b: Uint8Array | undefined) => (b ? new DataView(b.buffer, b.byteOffset).getUint32(0) : undefined);
export const be64 = (b: Uint8Array | undefined) => (b ? new DataView(b.buffer, b.byteOffset).getBigUint64(0) : undefined);
