// AllocatePool / FreePool (UEFI 2.10 §7.2.4–5). As in EDK2 (MdeModulePkg/Core/Dxe/Mem/Pool.c),
// pool memory is carved out of pages of the pool's own memory type, so a pool allocation shows
// in the memory map as that type and changes the map (and its key) only when the pool has to
// take new pages. Simplified against EDK2: one first-fit arena per type growing in 64 KiB chunks
// (EDK2 keeps size buckets), 8-byte alignment as EDK2 guarantees; requests above a chunk get
// pages of their own.
import type { MemoryMap } from './memoryMap';
import { EFI_INVALID_PARAMETER, EFI_OUT_OF_RESOURCES, EFI_PAGE_SIZE, EFI_SUCCESS, MT } from './types';

const CHUNK = 0x10000n;
const ALIGN = 8n;

interface Block { start: bigint; size: bigint }

export class Pool {
  private free = new Map<number, Block[]>();
  private live = new Map<bigint, { size: bigint; type: number; guest: boolean; own?: bigint }>();
  bytes = 0n;
  peak = 0n;

  constructor(private readonly map: MemoryMap) {}

  allocate(type: number, size: bigint, by: string, guest = true): { status: bigint; address?: bigint } {
    if (type === MT.ConventionalMemory || type === MT.PersistentMemory || (type > MT.PersistentMemory && type < 0x70000000)) {
      return { status: EFI_INVALID_PARAMETER };
    }
    const need = size === 0n ? ALIGN : (size + ALIGN - 1n) & ~(ALIGN - 1n);
    if (need > CHUNK / 2n) {
      const pages = (need + EFI_PAGE_SIZE - 1n) / EFI_PAGE_SIZE;
      const r = this.map.allocate(0, type, pages, 0n, `${by} (pool pages)`);
      if (r.address === undefined) return { status: EFI_OUT_OF_RESOURCES };
      this.track(r.address, size, type, guest, pages);
      return { status: EFI_SUCCESS, address: r.address };
    }
    let list = this.free.get(type);
    if (!list) this.free.set(type, (list = []));
    let i = list.findIndex((b) => b.size >= need);
    if (i < 0) {
      const r = this.map.allocate(0, type, CHUNK / EFI_PAGE_SIZE, 0n, `${by} (pool grows)`);
      if (r.address === undefined) return { status: EFI_OUT_OF_RESOURCES };
      list.push({ start: r.address, size: CHUNK });
      i = list.length - 1;
    }
    const b = list[i] as Block;
    const address = b.start;
    if (b.size === need) list.splice(i, 1);
    else list[i] = { start: b.start + need, size: b.size - need };
    this.track(address, need, type, guest);
    return { status: EFI_SUCCESS, address };
  }

  /** Only the guest's allocations count towards `bytes` and `peak` (the stub's pool use). */
  private track(address: bigint, size: bigint, type: number, guest: boolean, own?: bigint): void {
    this.live.set(address, { size, type, own, guest });
    if (!guest) return;
    this.bytes += size;
    if (this.bytes > this.peak) this.peak = this.bytes;
  }

  /** FreePool: INVALID_PARAMETER for a pointer AllocatePool did not return (§7.2.5). */
  release(address: bigint, by: string): bigint {
    const a = this.live.get(address);
    if (!a) return EFI_INVALID_PARAMETER;
    this.live.delete(address);
    if (a.guest) this.bytes -= a.size;
    if (a.own !== undefined) return this.map.free(address, a.own, `${by} (pool pages)`);
    const list = this.free.get(a.type) ?? [];
    list.push({ start: address, size: a.size });
    list.sort((x, y) => (x.start < y.start ? -1 : 1));
    // Coalesce neighbours so a freed run serves a later larger request.
    for (let i = list.length - 2; i >= 0; i--) {
      const x = list[i] as Block;
      const y = list[i + 1] as Block;
      if (x.start + x.size === y.start) list.splice(i, 2, { start: x.start, size: x.size + y.size });
    }
    this.free.set(a.type, list);
    return EFI_SUCCESS;
  }

  sizeOf(address: bigint): bigint | undefined {
    return this.live.get(address)?.size;
  }
}
