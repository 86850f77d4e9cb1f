// What a devicetree determines for the layout: the possible CPUs (the ELF core header has one
// PT_NOTE per possible CPU), the RAM it describes, and /reserved-memory.
import { cellsOf, readRanges, asStrings } from './decode';
import { type FdtNode, type ParsedFdt, nodeAt, prop } from './reader';

export interface DeviceTreeFacts {
  /**
   * CPU nodes of_parse_and_init_cpus() (arch/arm64/kernel/smp.c) counts: children of /cpus named
   * "cpu" or of device_type "cpu" (of_get_next_cpu_node(), drivers/of/base.c), not "fail", with a
   * valid, distinct reg (MPIDR). num_possible_cpus is this, capped at nr_cpu_ids.
   */
  cpus: number;
  memory: Array<{ node: string; address: bigint; size: bigint }>;
  reservedMemory: Array<{ node: string; address?: bigint; size?: bigint; noMap: boolean; reusable: boolean }>;
  reservations: Array<{ address: bigint; size: bigint }>;
  model?: string;
}

const str = (n: FdtNode | undefined, name: string) => {
  const p = prop(n, name);
  return p ? asStrings(p.value)?.[0] : undefined;
};

/** of_fdt_device_is_available() (drivers/of/fdt.c): no status, or "okay"/"ok". */
const available = (n: FdtNode) => {
  const s = str(n, 'status');
  return s === undefined || s === 'okay' || s === 'ok';
};

/** MPIDR_HWID_BITMASK (arch/arm64/include/asm/cputype.h). */
const MPIDR_HWID_BITMASK = 0xff00ffffffn;

export function deviceTreeFacts(t: ParsedFdt): DeviceTreeFacts {
  const root = t.root;
  const rootCells = cellsOf(root);
  const cpusNode = nodeAt(root, '/cpus');
  const seen = new Set<bigint>();
  let cpus = 0;
  for (const c of cpusNode?.children ?? []) {
    const isCpu = c.name === 'cpu' || c.name.startsWith('cpu@') || str(c, 'device_type') === 'cpu';
    if (!isCpu || str(c, 'status')?.startsWith('fail')) continue;
    const reg = prop(c, 'reg');
    const r = reg ? readRanges(reg.value, { address: cellsOf(cpusNode).address, size: 0 }) : undefined;
    const hwid = r?.[0]?.address;
    if (hwid === undefined || hwid & ~MPIDR_HWID_BITMASK || seen.has(hwid)) continue;
    seen.add(hwid);
    cpus++;
  }
  const memory: DeviceTreeFacts['memory'] = [];
  for (const n of root.children) {
    // early_init_dt_scan_memory() (drivers/of/fdt.c)
    if (str(n, 'device_type') !== 'memory' || !available(n)) continue;
    for (const r of readRanges(prop(n, 'reg')?.value ?? new Uint8Array(), rootCells) ?? []) if (r.size) memory.push({ node: n.path, ...r });
  }
  const rm = nodeAt(root, '/reserved-memory');
  const reservedMemory: DeviceTreeFacts['reservedMemory'] = [];
  // fdt_scan_reserved_mem() (drivers/of/of_reserved_mem.c) skips unavailable nodes
  for (const n of (rm?.children ?? []).filter(available)) {
    const reg = prop(n, 'reg');
    const ranges = reg ? readRanges(reg.value, cellsOf(rm)) : undefined;
    const base = { node: n.path, noMap: !!prop(n, 'no-map'), reusable: !!prop(n, 'reusable') };
    if (ranges?.length) for (const r of ranges) reservedMemory.push({ ...base, ...r });
    else reservedMemory.push(base);
  }
  const model = str(root, 'model');
  return { cpus, memory, reservedMemory, reservations: t.reservations.map(({ address, size }) => ({ address, size })), ...(model ? { model } : {}) };
}
