// Reads a flattened devicetree (DTSpec ch. 5; include/linux/libfdt's fdt.h): header, memory
// reservation block, structure block (FDT_BEGIN_NODE / FDT_PROP / FDT_NOP / FDT_END_NODE /
// FDT_END) and strings block, every offset and length checked against the blob, into a node
// tree. The structure is walked once, front to back, so no input can make it loop; a bad blob
// gets errors naming the file offset, never an exception.
import type { Problem } from '../bytes/field';
import { hex } from '../bytes/hex';
import { FDT_BEGIN_NODE, FDT_END, FDT_END_NODE, FDT_MAGIC, FDT_NOP, FDT_PROP, FDT_V17_SIZE } from './libfdt';

/** A blob whose totalsize is above this is refused unread (the kernel boots at most 2 MiB: MAX_FDT_SIZE). */
export const FDT_READ_LIMIT = 64 << 20;
/** MAX_FDT_SIZE (arch/arm64/include/asm/boot.h): larger blobs are not booted by arm64. */
export const MAX_FDT_SIZE = 2 << 20;
/** FDT_MAX_DEPTH (drivers/of/fdt.c): unflatten_dt_nodes() refuses deeper trees. */
export const FDT_MAX_DEPTH = 64;
const MAX_NODES = 200_000;
const MAX_PROPS = 2_000_000;
const MAX_RSV = 4096;

export interface FdtHeader {
  magic: number;
  totalsize: number;
  offDtStruct: number;
  offDtStrings: number;
  offMemRsvmap: number;
  version: number;
  lastCompVersion: number;
  bootCpuidPhys: number;
  sizeDtStrings: number;
  sizeDtStruct: number;
}

export interface FdtProperty {
  name: string;
  /** File offset of its FDT_PROP tag. */
  offset: number;
  /** Offset of the name in the strings block. */
  nameoff: number;
  value: Uint8Array;
}

export interface FdtNode {
  /** Name with unit address ("memory@40000000"); "" for the root. */
  name: string;
  path: string;
  /** File offset of its FDT_BEGIN_NODE tag. */
  offset: number;
  props: FdtProperty[];
  children: FdtNode[];
}

export interface FdtReservation {
  address: bigint;
  size: bigint;
  offset: number;
}

export interface ParsedFdt {
  header: FdtHeader;
  reservations: FdtReservation[];
  root: FdtNode;
  /** FDT_NOP words in the structure block (left by fdt_nop_property()/fdt_nop_node()). */
  nops: number;
  nodeCount: number;
  propCount: number;
}

export interface ReadResult {
  fields?: ParsedFdt;
  errors: Problem[];
  warnings: Problem[];
}

const HEADER_FIELDS: Array<[keyof FdtHeader, number]> = [
  ['magic', 0], ['totalsize', 4], ['offDtStruct', 8], ['offDtStrings', 12], ['offMemRsvmap', 16],
  ['version', 20], ['lastCompVersion', 24], ['bootCpuidPhys', 28], ['sizeDtStrings', 32], ['sizeDtStruct', 36],
];

/** Header only (what a file drop shows first, and what `layout --dtb-size` used to read). */
export function readFdtHeader(b: Uint8Array): { header?: FdtHeader; error?: Problem } {
  if (b.length < 8) return { error: { offset: 0, message: `a devicetree needs at least a 40-byte header; this file has ${b.length} bytes` } };
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(0) !== FDT_MAGIC) return { error: { offset: 0, message: `not a devicetree: magic ${hex(dv.getUint32(0), 8)} at offset 0, want 0xd00dfeed` } };
  if (b.length < FDT_V17_SIZE) return { error: { offset: b.length, message: `the header is truncated: ${b.length} of 40 bytes` } };
  const h = {} as FdtHeader;
  for (const [k, o] of HEADER_FIELDS) h[k] = dv.getUint32(o);
  return { header: h };
}

const dec = new TextDecoder('utf-8', { fatal: false });

export function readFdt(b: Uint8Array): ReadResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const hr = readFdtHeader(b);
  if (!hr.header) return { errors: [hr.error as Problem], warnings };
  const h = hr.header;
  if (h.totalsize > FDT_READ_LIMIT) {
    return { errors: [{ offset: 4, message: `totalsize ${hex(h.totalsize)} (${(h.totalsize / 2 ** 20).toFixed(0)} MiB) is beyond what this reader takes (${FDT_READ_LIMIT >> 20} MiB); arm64 boots at most MAX_FDT_SIZE (2 MiB)` }], warnings };
  }
  if (h.totalsize > b.length) errors.push({ offset: 4, message: `totalsize ${hex(h.totalsize)} runs past the end of the ${hex(b.length)}-byte file (truncated?)` });
  if (h.totalsize < FDT_V17_SIZE) errors.push({ offset: 4, message: `totalsize ${hex(h.totalsize)} is smaller than the header` });
  if (h.version < 16) errors.push({ offset: 20, message: `version ${h.version}: only versions 16 and 17 are read (libfdt's FDT_FIRST_SUPPORTED_VERSION is 2, but versions before 16 lay properties out differently)` });
  if (h.lastCompVersion > 17) errors.push({ offset: 24, message: `last_comp_version ${h.lastCompVersion} is newer than 17 (FDT_LAST_SUPPORTED_VERSION)` });
  if (h.version < h.lastCompVersion) errors.push({ offset: 20, message: `version ${h.version} is below last_comp_version ${h.lastCompVersion}` });
  if (h.totalsize > MAX_FDT_SIZE && h.totalsize <= b.length) warnings.push({ offset: 4, message: `totalsize ${hex(h.totalsize)} is above MAX_FDT_SIZE (2 MiB): arm64 refuses to boot with it (arch/arm64/kernel/setup.c setup_machine_fdt)` });
  if (h.totalsize < b.length && h.totalsize >= FDT_V17_SIZE) warnings.push({ offset: h.totalsize, message: `${b.length - h.totalsize} bytes after totalsize ${hex(h.totalsize)} are not part of the devicetree` });
  if (errors.length) return { errors, warnings };
  const end = h.totalsize;

  // The blocks: each inside [header, totalsize), aligned, and no two overlapping.
  const blocks: Array<{ name: string; field: number; off: number; size?: number }> = [
    { name: 'memory reservation block', field: 16, off: h.offMemRsvmap },
    { name: 'structure block', field: 8, off: h.offDtStruct, size: h.sizeDtStruct },
    { name: 'strings block', field: 12, off: h.offDtStrings, size: h.sizeDtStrings },
  ];
  for (const bl of blocks) {
    if (bl.off < FDT_V17_SIZE || bl.off > end) errors.push({ offset: bl.field, message: `${bl.name} at ${hex(bl.off)} is outside the blob (header end 0x28 .. totalsize ${hex(end)})` });
    else if (bl.size !== undefined && (bl.field !== 8 || h.version >= 17) && bl.off + bl.size > end) errors.push({ offset: bl.field + (bl.field === 8 ? 28 : 20), message: `${bl.name} ${hex(bl.off)}+${hex(bl.size)} runs past totalsize ${hex(end)}` });
  }
  if (h.offMemRsvmap % 8) errors.push({ offset: 16, message: `memory reservation block at ${hex(h.offMemRsvmap)} is not 8-byte aligned` });
  if (h.offDtStruct % 4) errors.push({ offset: 8, message: `structure block at ${hex(h.offDtStruct)} is not 4-byte aligned` });
  if (errors.length) return { errors, warnings };
  if (h.version >= 17 && h.offDtStruct < h.offDtStrings + h.sizeDtStrings && h.offDtStrings < h.offDtStruct + h.sizeDtStruct && h.sizeDtStruct && h.sizeDtStrings) {
    errors.push({ offset: 12, message: `strings block ${hex(h.offDtStrings)}+${hex(h.sizeDtStrings)} overlaps the structure block ${hex(h.offDtStruct)}+${hex(h.sizeDtStruct)}` });
  }

  // Memory reservations: (address, size) pairs up to the (0, 0) terminator.
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const reservations: FdtReservation[] = [];
  for (let o = h.offMemRsvmap; ; o += 16) {
    if (o + 16 > end) {
      errors.push({ offset: o, message: `memory reservation block at ${hex(h.offMemRsvmap)} has no terminating (0, 0) entry before totalsize` });
      break;
    }
    const inStruct = o < h.offDtStruct + h.sizeDtStruct && o + 16 > h.offDtStruct;
    const inStrings = o < h.offDtStrings + h.sizeDtStrings && o + 16 > h.offDtStrings;
    if (inStruct || inStrings) {
      errors.push({ offset: o, message: `memory reservation entry at ${hex(o)} overlaps the ${inStruct ? 'structure' : 'strings'} block` });
      break;
    }
    const address = dv.getBigUint64(o);
    const size = dv.getBigUint64(o + 8);
    if (size === 0n) break;
    if (reservations.length >= MAX_RSV) {
      errors.push({ offset: o, message: `more than ${MAX_RSV} memory reservations` });
      break;
    }
    reservations.push({ address, size, offset: o });
  }
  if (errors.length) return { errors, warnings };

  const strings = b.subarray(h.offDtStrings, h.offDtStrings + h.sizeDtStrings);
  const nameAt = (nameoff: number, at: number): string | undefined => {
    if (nameoff >= strings.length) {
      errors.push({ offset: at + 8, message: `property name offset ${hex(nameoff)} is past the ${hex(strings.length)}-byte strings block` });
      return undefined;
    }
    const z = strings.indexOf(0, nameoff);
    if (z < 0) {
      errors.push({ offset: h.offDtStrings + nameoff, message: `property name at strings offset ${hex(nameoff)} has no NUL before the end of the strings block` });
      return undefined;
    }
    return dec.decode(strings.subarray(nameoff, z));
  };

  // Structure block: one pass. Before version 17 the header has no size_dt_struct: the block
  // runs to the strings block when that follows it, else to totalsize.
  const sEnd = h.version >= 17 ? h.offDtStruct + h.sizeDtStruct : h.offDtStrings > h.offDtStruct ? h.offDtStrings : end;
  let p = h.offDtStruct;
  const stack: FdtNode[] = [];
  let root: FdtNode | undefined;
  let nops = 0;
  let nodeCount = 0;
  let propCount = 0;
  let ended = false;
  while (!ended && !errors.length) {
    if (p + 4 > sEnd) {
      errors.push({ offset: p, message: stack.length ? `structure block ends inside ${stack[stack.length - 1]!.path || '/'} (depth ${stack.length}) with no FDT_END_NODE` : 'structure block ends without FDT_END' });
      break;
    }
    const tag = dv.getUint32(p);
    switch (tag) {
      case FDT_BEGIN_NODE: {
        const z = b.indexOf(0, p + 4);
        if (z < 0 || z >= sEnd) {
          errors.push({ offset: p + 4, message: `node name at ${hex(p + 4)} has no NUL inside the structure block` });
          break;
        }
        if (root && !stack.length) {
          errors.push({ offset: p, message: `a second root node at ${hex(p)}: the structure block must hold exactly one tree` });
          break;
        }
        if (stack.length >= FDT_MAX_DEPTH) {
          errors.push({ offset: p, message: `nodes nested deeper than ${FDT_MAX_DEPTH} (FDT_MAX_DEPTH, drivers/of/fdt.c) at ${hex(p)}` });
          break;
        }
        if (++nodeCount > MAX_NODES) {
          errors.push({ offset: p, message: `more than ${MAX_NODES} nodes` });
          break;
        }
        const name = dec.decode(b.subarray(p + 4, z));
        const parent = stack[stack.length - 1];
        if (!parent && name !== '') warnings.push({ offset: p + 4, message: `the root node is named "${name}"; it should have an empty name` });
        const node: FdtNode = { name, path: parent ? `${parent.path === '/' ? '' : parent.path}/${name}` : '/', offset: p, props: [], children: [] };
        if (parent) {
          if (parent.children.some((c) => c.name === name)) warnings.push({ offset: p, message: `${node.path} appears twice` });
          parent.children.push(node);
        } else root = node;
        stack.push(node);
        p = (z + 1 + 3) & ~3;
        break;
      }
      case FDT_PROP: {
        const node = stack[stack.length - 1];
        if (!node) {
          errors.push({ offset: p, message: `FDT_PROP at ${hex(p)} outside any node` });
          break;
        }
        if (p + 12 > sEnd) {
          errors.push({ offset: p, message: `property header at ${hex(p)} runs past the structure block` });
          break;
        }
        const len = dv.getUint32(p + 4);
        const nameoff = dv.getUint32(p + 8);
        if (p + 12 + len > sEnd) {
          errors.push({ offset: p + 4, message: `property value of ${hex(len)} bytes at ${hex(p + 12)} runs past the structure block (ends ${hex(sEnd)})` });
          break;
        }
        if (node.children.length) warnings.push({ offset: p, message: `property at ${hex(p)} in ${node.path} comes after a subnode (DTSpec: properties first)` });
        const name = nameAt(nameoff, p);
        if (name === undefined) break;
        if (++propCount > MAX_PROPS) {
          errors.push({ offset: p, message: `more than ${MAX_PROPS} properties` });
          break;
        }
        if (node.props.some((q) => q.name === name)) warnings.push({ offset: p, message: `${node.path} has "${name}" twice; libfdt and the kernel see the first` });
        node.props.push({ name, offset: p, nameoff, value: b.subarray(p + 12, p + 12 + len) });
        p = (p + 12 + len + 3) & ~3;
        break;
      }
      case FDT_NOP:
        nops++;
        p += 4;
        break;
      case FDT_END_NODE:
        if (!stack.length) {
          errors.push({ offset: p, message: `FDT_END_NODE at ${hex(p)} closes no node` });
          break;
        }
        stack.pop();
        p += 4;
        break;
      case FDT_END:
        if (stack.length) errors.push({ offset: p, message: `FDT_END at ${hex(p)} inside ${stack[stack.length - 1]!.path} (depth ${stack.length})` });
        else if (!root) errors.push({ offset: p, message: 'FDT_END before any node: no root' });
        ended = true;
        p += 4;
        break;
      default:
        errors.push({ offset: p, message: `unknown structure token ${hex(tag, 8)} at ${hex(p)} (want 1 BEGIN_NODE, 2 END_NODE, 3 PROP, 4 NOP or 9 END)` });
    }
  }
  if (errors.length || !root) return { errors, warnings };
  if (p < sEnd) warnings.push({ offset: p, message: `${sEnd - p} bytes in the structure block after FDT_END` });
  return { fields: { header: h, reservations, root, nops, nodeCount, propCount }, errors, warnings };
}

/** The node at an absolute path ("/chosen", "/memory@40000000"); a name without '@' matches one with a unit address, as libfdt does. */
export function nodeAt(root: FdtNode, path: string): FdtNode | undefined {
  let n: FdtNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) {
    n = n.children.find((c) => c.name === part) ?? (part.includes('@') ? undefined : n.children.find((c) => c.name.startsWith(part + '@')));
    if (!n) return undefined;
  }
  return n;
}

export function prop(node: FdtNode | undefined, name: string): FdtProperty | undefined {
  return node?.props.find((q) => q.name === name);
}
