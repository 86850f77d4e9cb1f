// From the bytes a user has to the devicetree the running kernel keeps (initial_boot_params),
// and what the second kernel's /chosen looks like next to it.
import type { Problem } from '../bytes/field';
import { applyBootChain } from './bootChain';
import { CHOSEN_READERS, cellsOf, decodeProperty } from './decode';
import { type DeviceTreeFacts, deviceTreeFacts } from './facts';
import { type FirstBoot, type ResolvedFirstBoot, resolveFirstBoot } from './firstBoot';
import type { FdtStep } from './kexecFdt';
import { type FdtNode, type ParsedFdt, nodeAt, readFdt } from './reader';

export interface PreparedDevicetree {
  /** The file as given. */
  input: ParsedFdt;
  /** initial_boot_params: the input after the boot chain (the input itself for /sys/firmware/fdt). */
  booted: Uint8Array;
  bootedTree: ParsedFdt;
  chainSteps: FdtStep[];
  /** Which loaders the chain modelled, and what was assumed to decide. */
  firstBoot: Omit<ResolvedFirstBoot, 'chain'>;
  /** From the booted tree (what the running kernel derived from it). */
  facts: DeviceTreeFacts;
}

export function prepareDevicetree(bytes: Uint8Array, first: FirstBoot): { fields?: PreparedDevicetree; errors: Problem[]; warnings: Problem[] } {
  const r = readFdt(bytes);
  if (!r.fields) return { errors: r.errors, warnings: r.warnings };
  const { chain, ...firstBoot } = resolveFirstBoot(r.fields, deviceTreeFacts(r.fields), first);
  const c = applyBootChain(bytes, chain);
  if (!c.blob) return { errors: [{ offset: 0, message: c.error ?? 'the boot chain failed' }], warnings: r.warnings };
  const b = readFdt(c.blob);
  if (!b.fields) return { errors: b.errors.map((e) => ({ ...e, message: `after the boot chain: ${e.message}` })), warnings: r.warnings };
  return { fields: { input: r.fields, booted: c.blob, bootedTree: b.fields, chainSteps: c.steps, firstBoot, facts: deviceTreeFacts(b.fields) }, errors: [], warnings: r.warnings };
}

export interface ChosenRow {
  name: string;
  before?: string;
  after?: string;
  change: 'added' | 'removed' | 'changed' | 'same';
  meaning?: string;
  source?: string;
}

function chosenValues(t: ParsedFdt): Map<string, string> {
  const chosen: FdtNode | undefined = nodeAt(t.root, '/chosen');
  const rootCells = cellsOf(t.root);
  return new Map((chosen?.props ?? []).map((p) => [p.name, decodeProperty(p, rootCells, rootCells).display]));
}

/** /chosen of the running kernel's tree next to the second kernel's, in the second kernel's order. */
export function chosenDiff(before: ParsedFdt, after: ParsedFdt): ChosenRow[] {
  const a = chosenValues(before);
  const b = chosenValues(after);
  const rows: ChosenRow[] = [];
  const add = (name: string, bv: string | undefined, av: string | undefined) => {
    const change = bv === undefined ? 'added' : av === undefined ? 'removed' : bv === av ? 'same' : 'changed';
    const reader = CHOSEN_READERS[name];
    rows.push({ name, ...(bv !== undefined ? { before: bv } : {}), ...(av !== undefined ? { after: av } : {}), change, ...(reader ? { meaning: reader.meaning, source: reader.source } : {}) });
  };
  for (const [name, v] of b) add(name, a.get(name), v);
  for (const [name, v] of a) if (!b.has(name)) add(name, v, undefined);
  return rows;
}
