// Editing a flattened devicetree with the semantics of the kernel's libfdt
// (scripts/dtc/libfdt/fdt.c, fdt_ro.c, fdt_rw.c, fdt_wip.c, fdt_addresses.c of Linux 6.12), so that
// sizes and bytes come out as the kernel's do: new properties go first in their node, new nodes
// first among their parent's subnodes, names are found in the strings block by a suffix match and
// appended when absent, and never removed; a replaced property is resized in place; NOPs stay
// until something rewrites the blob. Offsets are structure-block offsets, as in libfdt; errors are
// libfdt's negative FDT_ERR_* codes (nothing here throws for bad input). Written from the C
// sources' behaviour, not translated line by line.

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_BEGIN_NODE = 1;
export const FDT_END_NODE = 2;
export const FDT_PROP = 3;
export const FDT_NOP = 4;
export const FDT_END = 9;
/** sizeof(struct fdt_header) for version 17 (fdt.h). */
export const FDT_V17_SIZE = 40;
/** FDT_ALIGN(sizeof(struct fdt_header), 8): where fdt_pack() puts the memory reservation block. */
export const MEM_RSV_OFF = 40;
const RSV_ENTRY = 16;
/** FDT_MAX_NCELLS (libfdt.h). */
const FDT_MAX_NCELLS = 4;

/** libfdt.h error codes (returned negated). */
export const FDT_ERR = {
  NOTFOUND: 1, EXISTS: 2, NOSPACE: 3, BADOFFSET: 4, BADPATH: 5, BADPHANDLE: 6, BADSTATE: 7, TRUNCATED: 8,
  BADMAGIC: 9, BADVERSION: 10, BADSTRUCTURE: 11, BADLAYOUT: 12, INTERNAL: 13, BADNCELLS: 14, BADVALUE: 15,
  BADOVERLAY: 16, NOPHANDLES: 17, BADFLAGS: 18, ALIGNMENT: 19,
} as const;
const ERR_NAMES: Record<number, string> = Object.fromEntries(Object.entries(FDT_ERR).map(([k, v]) => [v, `FDT_ERR_${k}`]));

/** fdt_strerror() names: "-FDT_ERR_NOSPACE". */
export function fdtStrerror(code: number): string {
  return code >= 0 ? 'success' : `-${ERR_NAMES[-code] ?? `error ${-code}`}`;
}

const tagAlign = (n: number) => (n + 3) & ~3;
const enc = new TextEncoder();

/** Header field offsets (struct fdt_header, fdt.h). */
const H = { magic: 0, totalsize: 4, offDtStruct: 8, offDtStrings: 12, offMemRsvmap: 16, version: 20, lastCompVersion: 24, bootCpuidPhys: 28, sizeDtStrings: 32, sizeDtStruct: 36 } as const;
type HeaderField = keyof typeof H;

/** A devicetree blob in a buffer of fixed size (its totalsize), edited in place like libfdt does. */
export class Fdt {
  readonly buf: Uint8Array;
  private readonly dv: DataView;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  hdr(f: HeaderField): number {
    return this.buf.length >= H[f] + 4 ? this.dv.getUint32(H[f]) : 0;
  }
  private setHdr(f: HeaderField, v: number): void {
    this.dv.setUint32(H[f], v >>> 0);
  }
  get totalsize(): number {
    return this.hdr('totalsize');
  }
  /** off_dt_strings + size_dt_strings: the end of the data (fdt_data_size_). */
  private dataSize(): number {
    return this.hdr('offDtStrings') + this.hdr('sizeDtStrings');
  }
  private u32(abs: number): number {
    return this.dv.getUint32(abs);
  }

  // ---- fdt.c ---------------------------------------------------------------------------------

  /** fdt_ro_probe_(): magic and version, and a totalsize below INT32_MAX. */
  roProbe(): number {
    if (this.buf.length < FDT_V17_SIZE) return -FDT_ERR.TRUNCATED;
    if (this.hdr('magic') !== FDT_MAGIC) return -FDT_ERR.BADMAGIC;
    if (this.hdr('version') < 2 || this.hdr('lastCompVersion') > 17) return -FDT_ERR.BADVERSION;
    const t = this.totalsize;
    if (t >= 0x7fffffff || t > this.buf.length) return -FDT_ERR.TRUNCATED;
    return t;
  }

  /** fdt_rw_probe_(): version 17 and blocks in libfdt's order, as every write needs. */
  private rwProbe(): number {
    const e = this.roProbe();
    if (e < 0) return e;
    if (this.hdr('version') < 17) return -FDT_ERR.BADVERSION;
    if (this.misordered(RSV_ENTRY, this.hdr('sizeDtStruct'))) return -FDT_ERR.BADLAYOUT;
    if (this.hdr('version') > 17) this.setHdr('version', 17);
    return 0;
  }

  /** fdt_blocks_misordered_(). */
  private misordered(memRsvSize: number, structSize: number): boolean {
    return this.hdr('offMemRsvmap') < MEM_RSV_OFF || this.hdr('offDtStruct') < this.hdr('offMemRsvmap') + memRsvSize
      || this.hdr('offDtStrings') < this.hdr('offDtStruct') + structSize || this.totalsize < this.hdr('offDtStrings') + this.hdr('sizeDtStrings');
  }

  /** fdt_offset_ptr(): the absolute offset of [offset, offset+len) in the structure block, or -1. */
  private ptr(offset: number, len: number): number {
    if (offset < 0) return -1;
    const abs = offset + this.hdr('offDtStruct');
    if (abs + len > this.totalsize || abs + len > this.buf.length) return -1;
    if (this.hdr('version') >= 0x11 && offset + len > this.hdr('sizeDtStruct')) return -1;
    return abs;
  }

  /** fdt_next_tag(): the tag at `offset` and where the next one starts (negative on error). */
  nextTag(offset: number): { tag: number; next: number } {
    let p = this.ptr(offset, 4);
    if (p < 0) return { tag: FDT_END, next: -FDT_ERR.TRUNCATED };
    const tag = this.u32(p);
    let off = offset + 4;
    switch (tag) {
      case FDT_BEGIN_NODE:
        do {
          p = this.ptr(off++, 1);
        } while (p >= 0 && this.buf[p] !== 0);
        if (p < 0) return { tag: FDT_END, next: -FDT_ERR.BADSTRUCTURE };
        break;
      case FDT_PROP: {
        const lp = this.ptr(off, 4);
        if (lp < 0) return { tag: FDT_END, next: -FDT_ERR.BADSTRUCTURE };
        const len = this.u32(lp);
        if (len + off >= 0x7fffffff) return { tag: FDT_END, next: -FDT_ERR.BADSTRUCTURE };
        off += 8 + len; // nameoff, len, value
        if (this.hdr('version') < 0x10 && len >= 8 && (off - len) % 8 !== 0) off += 4;
        break;
      }
      case FDT_END:
      case FDT_END_NODE:
      case FDT_NOP:
        break;
      default:
        return { tag: FDT_END, next: -FDT_ERR.BADSTRUCTURE };
    }
    if (this.ptr(offset, off - offset) < 0) return { tag: FDT_END, next: -FDT_ERR.BADSTRUCTURE };
    return { tag, next: tagAlign(off) };
  }

  /** fdt_check_node_offset_(): the offset after the BEGIN_NODE tag, or an error. */
  private checkNode(offset: number): number {
    if (offset < 0 || offset % 4) return -FDT_ERR.BADOFFSET;
    const t = this.nextTag(offset);
    return t.tag === FDT_BEGIN_NODE ? t.next : -FDT_ERR.BADOFFSET;
  }

  private checkProp(offset: number): number {
    if (offset < 0 || offset % 4) return -FDT_ERR.BADOFFSET;
    const t = this.nextTag(offset);
    return t.tag === FDT_PROP ? t.next : -FDT_ERR.BADOFFSET;
  }

  /** fdt_next_node(): the next BEGIN_NODE after `offset`, tracking depth. */
  nextNode(offset: number, depth: { d: number } | undefined): number {
    let next = 0;
    if (offset >= 0) {
      next = this.checkNode(offset);
      if (next < 0) return next;
    }
    for (;;) {
      offset = next;
      const t = this.nextTag(offset);
      next = t.next;
      if (t.tag === FDT_BEGIN_NODE) {
        if (depth) depth.d++;
        return offset;
      }
      if (t.tag === FDT_END_NODE) {
        if (depth && --depth.d < 0) return next;
      } else if (t.tag === FDT_END) {
        return next >= 0 || (next === -FDT_ERR.TRUNCATED && !depth) ? -FDT_ERR.NOTFOUND : next;
      }
    }
  }

  /** fdt_node_end_offset_(): the offset just after the node's END_NODE. */
  private nodeEnd(offset: number): number {
    const depth = { d: 0 };
    while (offset >= 0 && depth.d >= 0) offset = this.nextNode(offset, depth);
    return offset;
  }

  // ---- fdt_ro.c ------------------------------------------------------------------------------

  /** fdt_get_string(): the name at `stroff` in the strings block, or undefined. */
  getString(stroff: number): string | undefined {
    const base = this.hdr('offDtStrings');
    const size = this.hdr('sizeDtStrings');
    if (stroff < 0 || stroff >= size || base + size > this.buf.length) return undefined;
    const end = this.buf.indexOf(0, base + stroff);
    if (end < 0 || end >= base + size) return undefined;
    return new TextDecoder().decode(this.buf.subarray(base + stroff, end));
  }

  /** fdt_get_name(): the node's name (with unit address). */
  getName(nodeoffset: number): string | number {
    const e = this.roProbe();
    if (e < 0) return e;
    const n = this.checkNode(nodeoffset);
    if (n < 0) return n;
    const p = this.hdr('offDtStruct') + nodeoffset + 4;
    return new TextDecoder().decode(this.buf.subarray(p, this.buf.indexOf(0, p)));
  }

  /** fdt_nodename_eq_(): "memory" matches "memory@40000000", a name with '@' only itself. */
  private nodenameEq(offset: number, name: string): boolean {
    const n = this.getName(offset);
    if (typeof n !== 'string') return false;
    return n === name || (!name.includes('@') && n.startsWith(name + '@'));
  }

  /** fdt_subnode_offset(). */
  subnodeOffset(parent: number, name: string): number {
    const e = this.roProbe();
    if (e < 0) return e;
    const depth = { d: 0 };
    let offset = parent;
    for (; offset >= 0 && depth.d >= 0; offset = this.nextNode(offset, depth)) {
      if (depth.d === 1 && this.nodenameEq(offset, name)) return offset;
    }
    return depth.d < 0 ? -FDT_ERR.NOTFOUND : offset;
  }

  /** fdt_path_offset() for absolute paths (aliases are not needed by the kernel's recipe). */
  pathOffset(path: string): number {
    const e = this.roProbe();
    if (e < 0) return e;
    if (!path.startsWith('/')) return -FDT_ERR.BADPATH;
    let offset = 0;
    for (const part of path.split('/')) {
      if (!part) continue;
      offset = this.subnodeOffset(offset, part);
      if (offset < 0) return offset;
    }
    return offset;
  }

  /** nextprop_(): the next FDT_PROP at or after `offset`, skipping NOPs. */
  private nextProp(offset: number): number {
    for (;;) {
      const t = this.nextTag(offset);
      if (t.tag === FDT_END) return t.next >= 0 ? -FDT_ERR.BADSTRUCTURE : t.next;
      if (t.tag === FDT_PROP) return offset;
      if (t.tag !== FDT_NOP) return -FDT_ERR.NOTFOUND;
      offset = t.next;
    }
  }

  firstPropertyOffset(node: number): number {
    const o = this.checkNode(node);
    return o < 0 ? o : this.nextProp(o);
  }

  nextPropertyOffset(offset: number): number {
    const o = this.checkProp(offset);
    return o < 0 ? o : this.nextProp(o);
  }

  /** fdt_get_property_by_offset_(): name offset, value length and the value's absolute offset. */
  propertyAt(offset: number): { nameoff: number; len: number; data: number } {
    const p = this.hdr('offDtStruct') + offset;
    return { nameoff: this.u32(p + 8), len: this.u32(p + 4), data: p + 12 };
  }

  /** fdt_get_property_w(): the first property of the node called `name` (offset), or an error. */
  getProperty(node: number, name: string): { offset: number; len: number; data: number } | number {
    let offset = this.firstPropertyOffset(node);
    for (; offset >= 0; offset = this.nextPropertyOffset(offset)) {
      const p = this.propertyAt(offset);
      if (this.getString(p.nameoff) === name) return { offset, len: p.len, data: p.data };
    }
    return offset;
  }

  /** fdt_getprop(): a view of the value, or an error code. */
  getprop(node: number, name: string): Uint8Array | number {
    const p = this.getProperty(node, name);
    return typeof p === 'number' ? p : this.buf.subarray(p.data, p.data + p.len);
  }

  /** fdt_num_mem_rsv(). */
  numMemRsv(): number {
    for (let i = 0; ; i++) {
      const abs = this.hdr('offMemRsvmap') + i * RSV_ENTRY;
      if (abs > this.totalsize - RSV_ENTRY || abs + RSV_ENTRY > this.buf.length) return -FDT_ERR.TRUNCATED;
      if (this.dv.getBigUint64(abs + 8) === 0n) return i;
    }
  }

  /** fdt_get_mem_rsv(). */
  getMemRsv(n: number): { address: bigint; size: bigint } | number {
    const e = this.roProbe();
    if (e < 0) return e;
    const abs = this.hdr('offMemRsvmap') + n * RSV_ENTRY;
    if (n < 0 || abs > this.totalsize - RSV_ENTRY) return -FDT_ERR.BADOFFSET;
    return { address: this.dv.getBigUint64(abs), size: this.dv.getBigUint64(abs + 8) };
  }

  /** fdt_address_cells(): 2 when absent (libfdt's default). */
  addressCells(node: number): number {
    const v = this.cells(node, '#address-cells');
    if (v === 0) return -FDT_ERR.BADNCELLS;
    return v === -FDT_ERR.NOTFOUND ? 2 : v;
  }

  /** fdt_size_cells(): 1 when absent. */
  sizeCells(node: number): number {
    const v = this.cells(node, '#size-cells');
    return v === -FDT_ERR.NOTFOUND ? 1 : v;
  }

  private cells(node: number, name: string): number {
    const v = this.getprop(node, name);
    if (typeof v === 'number') return v;
    if (v.length !== 4) return -FDT_ERR.BADNCELLS;
    const n = new DataView(v.buffer, v.byteOffset, 4).getUint32(0);
    return n > FDT_MAX_NCELLS ? -FDT_ERR.BADNCELLS : n;
  }

  // ---- fdt_rw.c ------------------------------------------------------------------------------

  /** fdt_splice_(): moves the data after [p, p+oldlen) so that it becomes newlen long. */
  private splice(p: number, oldlen: number, newlen: number): number {
    const dsize = this.dataSize();
    if (oldlen < 0 || p + oldlen > dsize || p < 0 || dsize + newlen < oldlen) return -FDT_ERR.BADOFFSET;
    if (dsize - oldlen + newlen > this.totalsize) return -FDT_ERR.NOSPACE;
    this.buf.copyWithin(p + newlen, p + oldlen, dsize);
    return 0;
  }

  private spliceMemRsv(p: number, oldn: number, newn: number): number {
    const delta = (newn - oldn) * RSV_ENTRY;
    const e = this.splice(p, oldn * RSV_ENTRY, newn * RSV_ENTRY);
    if (e) return e;
    this.setHdr('offDtStruct', this.hdr('offDtStruct') + delta);
    this.setHdr('offDtStrings', this.hdr('offDtStrings') + delta);
    return 0;
  }

  /** fdt_splice_struct_(): `p` is absolute. */
  private spliceStruct(p: number, oldlen: number, newlen: number): number {
    const e = this.splice(p, oldlen, newlen);
    if (e) return e;
    this.setHdr('sizeDtStruct', this.hdr('sizeDtStruct') + newlen - oldlen);
    this.setHdr('offDtStrings', this.hdr('offDtStrings') + newlen - oldlen);
    return 0;
  }

  /**
   * fdt_find_add_string_(): fdt_find_string_() matches the name anywhere in the block, so
   * "phandle" is found inside "linux,phandle"; otherwise the name is appended.
   */
  private findAddString(name: string): { off: number; allocated: boolean } | number {
    const s = enc.encode(name + '\0');
    const base = this.hdr('offDtStrings');
    const size = this.hdr('sizeDtStrings');
    const tab = this.buf.subarray(base, base + size);
    const found = findBytes(tab, s);
    if (found >= 0) return { off: found, allocated: false };
    const e = this.splice(base + size, 0, s.length);
    if (e) return e;
    this.setHdr('sizeDtStrings', size + s.length);
    this.buf.set(s, base + size);
    return { off: size, allocated: true };
  }

  /** fdt_add_mem_rsv(): appended after the last entry. */
  addMemRsv(address: bigint, size: bigint): number {
    const e = this.rwProbe();
    if (e) return e;
    const n = this.numMemRsv();
    if (n < 0) return n;
    const p = this.hdr('offMemRsvmap') + n * RSV_ENTRY;
    const s = this.spliceMemRsv(p, 0, 1);
    if (s) return s;
    this.dv.setBigUint64(p, BigInt.asUintN(64, address));
    this.dv.setBigUint64(p + 8, BigInt.asUintN(64, size));
    return 0;
  }

  /** fdt_del_mem_rsv(). */
  delMemRsv(n: number): number {
    const e = this.rwProbe();
    if (e) return e;
    if (n >= this.numMemRsv()) return -FDT_ERR.NOTFOUND;
    return this.spliceMemRsv(this.hdr('offMemRsvmap') + n * RSV_ENTRY, 1, 0);
  }

  /** fdt_resize_property_(): splice the value of an existing property to `len`. */
  private resizeProperty(node: number, name: string, len: number): number {
    const p = this.getProperty(node, name);
    if (typeof p === 'number') return p;
    const e = this.spliceStruct(p.data, tagAlign(p.len), tagAlign(len));
    if (e) return e;
    this.dv.setUint32(p.data - 8, len);
    return p.data;
  }

  /** fdt_add_property_(): a new property right after the node's BEGIN_NODE tag and name. */
  private addProperty(node: number, name: string, len: number): number {
    const next = this.checkNode(node);
    if (next < 0) return next;
    const str = this.findAddString(name);
    if (typeof str === 'number') return str;
    const p = this.hdr('offDtStruct') + next;
    const e = this.spliceStruct(p, 0, 12 + tagAlign(len));
    if (e) {
      if (str.allocated) this.setHdr('sizeDtStrings', this.hdr('sizeDtStrings') - enc.encode(name).length - 1);
      return e;
    }
    this.dv.setUint32(p, FDT_PROP);
    this.dv.setUint32(p + 4, len);
    this.dv.setUint32(p + 8, str.off);
    return p + 12;
  }

  /** fdt_setprop_placeholder(): resize in place if present, else add; returns the value's absolute offset. */
  setpropPlaceholder(node: number, name: string, len: number): number {
    const e = this.rwProbe();
    if (e) return e;
    let r = this.resizeProperty(node, name, len);
    if (r === -FDT_ERR.NOTFOUND) r = this.addProperty(node, name, len);
    return r;
  }

  /** fdt_setprop(). */
  setprop(node: number, name: string, value: Uint8Array): number {
    const r = this.setpropPlaceholder(node, name, value.length);
    if (r < 0) return r;
    this.buf.set(value, r);
    return 0;
  }

  setpropU64(node: number, name: string, v: bigint): number {
    return this.setprop(node, name, be64(v));
  }

  setpropU32(node: number, name: string, v: number): number {
    return this.setprop(node, name, be32(v));
  }

  /** fdt_setprop_string(): the string with its NUL. */
  setpropString(node: number, name: string, s: string): number {
    return this.setprop(node, name, enc.encode(s + '\0'));
  }

  /** fdt_setprop_inplace(): only when the length is unchanged (fdt_wip.c). */
  setpropInplace(node: number, name: string, value: Uint8Array): number {
    const p = this.getProperty(node, name);
    if (typeof p === 'number') return p;
    if (p.len !== value.length) return -FDT_ERR.NOSPACE;
    this.buf.set(value, p.data);
    return 0;
  }

  /** fdt_appendprop(): grow an existing value, or add the property. */
  appendprop(node: number, name: string, value: Uint8Array): number {
    const e = this.rwProbe();
    if (e) return e;
    const p = this.getProperty(node, name);
    if (typeof p !== 'number') {
      const s = this.spliceStruct(p.data, tagAlign(p.len), tagAlign(p.len + value.length));
      if (s) return s;
      this.dv.setUint32(p.data - 8, p.len + value.length);
      this.buf.set(value, p.data + p.len);
      return 0;
    }
    const r = this.addProperty(node, name, value.length);
    if (r < 0) return r;
    this.buf.set(value, r);
    return 0;
  }

  /** fdt_appendprop_addrrange(): <addr size> in the cells of `parent` (fdt_addresses.c). */
  appendpropAddrrange(parent: number, node: number, name: string, addr: bigint, size: bigint): number {
    const ac = this.addressCells(parent);
    if (ac < 0) return ac;
    const sc = this.sizeCells(parent);
    if (sc < 0) return sc;
    const U32 = 0xffffffffn;
    let a: Uint8Array;
    if (ac === 1) {
      if (addr > U32 || U32 + 1n - addr < size) return -FDT_ERR.BADVALUE;
      a = be32(Number(addr));
    } else if (ac === 2) a = be64(addr);
    else return -FDT_ERR.BADNCELLS;
    let s: Uint8Array;
    if (sc === 1) {
      if (size > U32) return -FDT_ERR.BADVALUE;
      s = be32(Number(size));
    } else if (sc === 2) s = be64(size);
    else return -FDT_ERR.BADNCELLS;
    const v = new Uint8Array(a.length + s.length);
    v.set(a);
    v.set(s, a.length);
    return this.appendprop(node, name, v);
  }

  /** fdt_delprop(): the property's bytes leave the structure block; its name stays in the strings. */
  delprop(node: number, name: string): number {
    const e = this.rwProbe();
    if (e) return e;
    const p = this.getProperty(node, name);
    if (typeof p === 'number') return p;
    return this.spliceStruct(p.data - 12, 12 + tagAlign(p.len), 0);
  }

  /** fdt_add_subnode(): the new node goes after the parent's properties (and NOPs), before its first subnode. */
  addSubnode(parent: number, name: string): number {
    const e = this.rwProbe();
    if (e) return e;
    const existing = this.subnodeOffset(parent, name);
    if (existing >= 0) return -FDT_ERR.EXISTS;
    if (existing !== -FDT_ERR.NOTFOUND) return existing;
    let t = this.nextTag(parent);
    if (t.tag !== FDT_BEGIN_NODE) return -FDT_ERR.INTERNAL;
    let offset: number;
    do {
      offset = t.next;
      t = this.nextTag(offset);
    } while (t.tag === FDT_PROP || t.tag === FDT_NOP);
    const nameBytes = enc.encode(name);
    const nodelen = 4 + tagAlign(nameBytes.length + 1) + 4;
    const p = this.hdr('offDtStruct') + offset;
    const s = this.spliceStruct(p, 0, nodelen);
    if (s) return s;
    this.buf.fill(0, p, p + nodelen);
    this.dv.setUint32(p, FDT_BEGIN_NODE);
    this.buf.set(nameBytes, p + 4);
    this.dv.setUint32(p + nodelen - 4, FDT_END_NODE);
    return offset;
  }

  /** fdt_del_node(): the node and its subtree leave the structure block. */
  delNode(node: number): number {
    const e = this.rwProbe();
    if (e) return e;
    const end = this.nodeEnd(node);
    if (end < 0) return end;
    return this.spliceStruct(this.hdr('offDtStruct') + node, end - node, 0);
  }

  // ---- fdt_wip.c -----------------------------------------------------------------------------

  /** fdt_nop_property(): overwrites tag, header and value (len + 12 bytes, whole words) with FDT_NOP. */
  nopProperty(node: number, name: string): number {
    const p = this.getProperty(node, name);
    if (typeof p === 'number') return p;
    this.nopRegion(p.data - 12, p.len + 12);
    return 0;
  }

  /** fdt_nop_node(). */
  nopNode(node: number): number {
    const end = this.nodeEnd(node);
    if (end < 0) return end;
    this.nopRegion(this.hdr('offDtStruct') + node, end - node);
    return 0;
  }

  private nopRegion(p: number, len: number): void {
    for (let q = p; q < p + len; q += 4) this.dv.setUint32(q, FDT_NOP);
  }

  // ---- packing -------------------------------------------------------------------------------

  /** fdt_packblocks_(): the three blocks back to back from offset 40, in place. */
  private packBlocks(memRsvSize: number, structSize: number, stringsSize: number): void {
    const structOff = MEM_RSV_OFF + memRsvSize;
    const stringsOff = structOff + structSize;
    this.buf.copyWithin(MEM_RSV_OFF, this.hdr('offMemRsvmap'), this.hdr('offMemRsvmap') + memRsvSize);
    this.setHdr('offMemRsvmap', MEM_RSV_OFF);
    this.buf.copyWithin(structOff, this.hdr('offDtStruct'), this.hdr('offDtStruct') + structSize);
    this.setHdr('offDtStruct', structOff);
    this.setHdr('sizeDtStruct', structSize);
    this.buf.copyWithin(stringsOff, this.hdr('offDtStrings'), this.hdr('offDtStrings') + stringsSize);
    this.setHdr('offDtStrings', stringsOff);
    this.setHdr('sizeDtStrings', stringsSize);
  }

  /** fdt_pack(): totalsize becomes the end of the strings block. */
  pack(): number {
    const e = this.rwProbe();
    if (e) return e;
    const n = this.numMemRsv();
    if (n < 0) return n;
    this.packBlocks((n + 1) * RSV_ENTRY, this.hdr('sizeDtStruct'), this.hdr('sizeDtStrings'));
    this.setHdr('totalsize', this.dataSize());
    return 0;
  }

  /** The blob as it stands: the first totalsize bytes. */
  bytes(): Uint8Array {
    return this.buf.slice(0, Math.min(this.totalsize, this.buf.length));
  }
}

/**
 * fdt_open_into(): a copy of `src` in a buffer of `bufsize` bytes with version 17; blocks already
 * in order are copied as they are (free space and padding kept), otherwise repacked.
 */
export function fdtOpenInto(src: Uint8Array, bufsize: number): { fdt: Fdt } | { error: number } {
  const s = new Fdt(src);
  const p = s.roProbe();
  if (p < 0) return { error: p };
  const n = s.numMemRsv();
  if (n < 0) return { error: n };
  const memRsvSize = (n + 1) * RSV_ENTRY;
  let structSize: number;
  if (s.hdr('version') >= 17) structSize = s.hdr('sizeDtStruct');
  else if (s.hdr('version') === 16) {
    structSize = 0;
    for (let i = 0; ; i++) {
      const t = s.nextTag(structSize);
      if (t.next < 0) return { error: t.next };
      structSize = t.next;
      if (t.tag === FDT_END) break;
      if (i > src.length) return { error: -FDT_ERR.BADSTRUCTURE };
    }
  } else return { error: -FDT_ERR.BADVERSION };
  if (bufsize < 0) return { error: -FDT_ERR.NOSPACE };
  const buf = new Uint8Array(bufsize);
  const fdt = new Fdt(buf);
  const ordered = !(s.hdr('offMemRsvmap') < MEM_RSV_OFF || s.hdr('offDtStruct') < s.hdr('offMemRsvmap') + memRsvSize
    || s.hdr('offDtStrings') < s.hdr('offDtStruct') + structSize || s.totalsize < s.hdr('offDtStrings') + s.hdr('sizeDtStrings'));
  if (ordered) {
    // fdt_move()
    if (s.totalsize > bufsize) return { error: -FDT_ERR.NOSPACE };
    buf.set(src.subarray(0, s.totalsize));
    const dv = new DataView(buf.buffer);
    dv.setUint32(H.version, 17);
    dv.setUint32(H.sizeDtStruct, structSize);
    dv.setUint32(H.totalsize, bufsize);
    return { fdt };
  }
  const newsize = MEM_RSV_OFF + memRsvSize + structSize + s.hdr('sizeDtStrings');
  if (bufsize < newsize) return { error: -FDT_ERR.NOSPACE };
  // libfdt builds the reordered copy beside the old tree, then moves it down; separate buffers here.
  const dv = new DataView(buf.buffer);
  const put = (dst: number, from: number, len: number) => buf.set(src.subarray(from, from + len), dst);
  put(MEM_RSV_OFF, s.hdr('offMemRsvmap'), memRsvSize);
  put(MEM_RSV_OFF + memRsvSize, s.hdr('offDtStruct'), structSize);
  put(MEM_RSV_OFF + memRsvSize + structSize, s.hdr('offDtStrings'), s.hdr('sizeDtStrings'));
  dv.setUint32(H.magic, FDT_MAGIC);
  dv.setUint32(H.totalsize, bufsize);
  dv.setUint32(H.offDtStruct, MEM_RSV_OFF + memRsvSize);
  dv.setUint32(H.offDtStrings, MEM_RSV_OFF + memRsvSize + structSize);
  dv.setUint32(H.offMemRsvmap, MEM_RSV_OFF);
  dv.setUint32(H.version, 17);
  dv.setUint32(H.lastCompVersion, 16);
  dv.setUint32(H.bootCpuidPhys, s.hdr('bootCpuidPhys'));
  dv.setUint32(H.sizeDtStrings, s.hdr('sizeDtStrings'));
  dv.setUint32(H.sizeDtStruct, structSize);
  return { fdt };
}

export function be64(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v));
  return b;
}

export function be32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0);
  return b;
}

/** First index of `needle` in `hay`, or -1 (fdt_find_string_'s byte-by-byte scan). */
function findBytes(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  for (let i = hay.indexOf(first as number); i >= 0 && i <= hay.length - needle.length; i = hay.indexOf(first as number, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}
