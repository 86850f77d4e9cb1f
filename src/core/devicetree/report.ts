// JSON shapes of a devicetree for the CLI and the app's export: 32-bit quantities as numbers,
// addresses and 64-bit sizes as "0x…" strings.
import { hex } from '../bytes/hex';
import { type Cells, cellsOf, decodeProperty } from './decode';
import type { FdtNode, ParsedFdt } from './reader';

export interface NodeJson {
  path: string;
  props: Array<{ name: string; value: string; length: number }>;
  children: NodeJson[];
}

function nodeJson(n: FdtNode, parentCells: Cells, rootCells: Cells): NodeJson {
  const mine = cellsOf(n);
  return {
    path: n.path,
    props: n.props.map((p) => ({ name: p.name, value: decodeProperty(p, parentCells, rootCells).display, length: p.value.length })),
    children: n.children.map((c) => nodeJson(c, mine, rootCells)),
  };
}

export function treeJson(t: ParsedFdt): NodeJson {
  const rc = cellsOf(t.root);
  return nodeJson(t.root, rc, rc);
}

export function fdtSummaryJson(t: ParsedFdt) {
  const h = t.header;
  return {
    totalsize: h.totalsize,
    version: h.version,
    structSize: h.sizeDtStruct,
    stringsSize: h.sizeDtStrings,
    reservations: t.reservations.map((r) => ({ address: hex(r.address), size: hex(r.size) })),
    nodes: t.nodeCount,
    properties: t.propCount,
    nopWords: t.nops,
  };
}
