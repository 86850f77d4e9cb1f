// Device paths (UEFI 2.10 §10.2–10.3): the nodes the arm64 stub builds or asks for — VenMedia
// of LINUX_EFI_INITRD_MEDIA_GUID (efi-stub-helper.c initrd_dev_path), and in 6.1 zboot.c
// MemoryMapped, Offset (EFI_DEV_MEDIA_REL_OFFSET) and VenMedia(LINUX_EFI_ZBOOT_MEDIA_GUID).
import { guidName } from './guids';

export interface DevicePathNode {
  type: number;
  subType: number;
  /** The whole node, header included. */
  bytes: Uint8Array;
}

const END = 0x7f;
/** A hostile path cannot make us walk forever: UEFI paths of this stub have ≤ 4 nodes. */
export const MAX_NODES = 64;

/** Reads a path node by node through `read`, stopping at the end node. */
export function readDevicePath(read: (addr: bigint, len: number) => Uint8Array | undefined, addr: bigint): { nodes: DevicePathNode[]; error?: string } {
  const nodes: DevicePathNode[] = [];
  let at = addr;
  for (let i = 0; i < MAX_NODES; i++) {
    const h = read(at, 4);
    if (!h) return { nodes, error: `device path node at 0x${at.toString(16)} is outside RAM` };
    const len = (h[2] as number) | ((h[3] as number) << 8);
    if (len < 4) return { nodes, error: `device path node at 0x${at.toString(16)} has length ${len} (< 4)` };
    const bytes = read(at, len);
    if (!bytes) return { nodes, error: `device path node at 0x${at.toString(16)} runs outside RAM` };
    nodes.push({ type: h[0] as number, subType: h[1] as number, bytes });
    if (h[0] === END) return { nodes };
    at += BigInt(len);
  }
  return { nodes, error: `device path at 0x${addr.toString(16)} has no end node within ${MAX_NODES} nodes` };
}

export function venMediaPath(guid: Uint8Array): Uint8Array {
  const b = new Uint8Array(20 + 4);
  b.set([4, 3, 20, 0], 0);
  b.set(guid, 4);
  b.set([END, 0xff, 4, 0], 20);
  return b;
}

export function pathBytes(nodes: DevicePathNode[]): Uint8Array {
  const out = new Uint8Array(nodes.reduce((n, x) => n + x.bytes.length, 0));
  let o = 0;
  for (const n of nodes) {
    out.set(n.bytes, o);
    o += n.bytes.length;
  }
  return out;
}

function nodesEqual(a: DevicePathNode, b: DevicePathNode): boolean {
  if (a.bytes.length !== b.bytes.length) return false;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}

/**
 * How many leading nodes of `path` a handle's device path `prefix` matches (LocateDevicePath,
 * §7.3.7: the handle whose path is the longest prefix wins), or -1 when `prefix` is not one.
 */
export function prefixLength(prefix: DevicePathNode[], path: DevicePathNode[]): number {
  const body = prefix.filter((n) => n.type !== END);
  if (body.length > path.length) return -1;
  for (let i = 0; i < body.length; i++) if (!nodesEqual(body[i] as DevicePathNode, path[i] as DevicePathNode)) return -1;
  return body.length;
}

const le64 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(o, true);
const le32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(o, true);

/** EDK2's DevicePathToText form of the nodes we meet; others as Path(type,subtype,hex). */
export function nodeText(n: DevicePathNode): string {
  const b = n.bytes;
  if (n.type === END) return 'End';
  if (n.type === 4 && n.subType === 3 && b.length >= 20) return `VenMedia(${guidName(b.subarray(4, 20))})`;
  if (n.type === 4 && n.subType === 8 && b.length >= 24) return `Offset(0x${le64(b, 8).toString(16)},0x${le64(b, 16).toString(16)})`;
  if (n.type === 1 && n.subType === 3 && b.length >= 24) return `MemoryMapped(0x${le32(b, 4).toString(16)},0x${le64(b, 8).toString(16)},0x${le64(b, 16).toString(16)})`;
  const data = [...b.subarray(4, 24)].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `Path(${n.type},${n.subType},${data}${b.length > 24 ? '…' : ''})`;
}

export function pathText(nodes: DevicePathNode[]): string {
  const body = nodes.filter((n) => n.type !== END);
  return body.length ? body.map(nodeText).join('/') : 'End';
}
