// EFI_BOOT_SERVICES as the arm64 stub uses them. Each handler names its UEFI 2.10 section and
// the libstub line (6.12 unless noted, drivers/firmware/efi/libstub/) that calls it; the
// services the stubs never call are absent and stop the run with that message (firmware.ts).
import { crc32 } from '../../bytes/crc';
import { pathBytes, pathText } from './devicePath';
import type { CallContext, Handler } from './firmware';
import { RunEnd } from './runEnd';
import { GUIDS, guidName, guidText } from './guids';
import { ALLOCATE_TYPES } from './memoryMap';
import { LI } from './tables';
import {
  DESCRIPTOR_SIZE, DESCRIPTOR_VERSION, EFI_ALREADY_STARTED, EFI_BUFFER_TOO_SMALL, EFI_INVALID_PARAMETER,
  EFI_LOAD_ERROR, EFI_NOT_FOUND, EFI_OUT_OF_RESOURCES, EFI_SUCCESS, EFI_UNSUPPORTED, MT,
  memoryTypeName, statusName,
} from './types';

const hexs = (v: bigint) => `0x${v.toString(16)}`;

/** §7.2.1 AllocatePages — mem.c:93 efi_allocate_pages, alignedmem.c:42, randomalloc.c:133 (AllocateAddress). */
function allocatePages(c: CallContext): bigint {
  const type = Number(c.x(0));
  const memType = Number(c.x(1) & 0xffffffffn);
  const pages = c.x(2);
  const ptr = c.x(3);
  c.arg('Type', ALLOCATE_TYPES[type] ?? hexs(BigInt(type)));
  c.arg('MemoryType', memoryTypeName(memType));
  c.arg('Pages', pages);
  if (ptr === 0n) return EFI_INVALID_PARAMETER;
  const want = c.fw.r64(ptr, 'AllocatePages *Memory');
  if (type !== 0) c.arg('Memory', want);
  const r = c.fw.map.allocate(type, memType, pages, want, 'AllocatePages');
  if (r.address !== undefined) {
    c.fw.w64(ptr, r.address, 'AllocatePages *Memory');
    c.out('Memory', r.address);
  }
  return r.status;
}

/** §7.2.2 FreePages — mem.c:125 efi_free, alignedmem.c:56–58 (the slack of an aligned allocation). */
function freePages(c: CallContext): bigint {
  c.arg('Memory', c.x(0));
  c.arg('Pages', c.x(1));
  return c.fw.map.free(c.x(0), c.x(1), 'FreePages');
}

/**
 * §7.2.3 GetMemoryMap — mem.c:31 (sizing call) and :55. DescriptorSize and DescriptorVersion
 * are written even when the buffer is too small, as EDK2 does (CoreGetMemoryMap): the stub
 * sizes its buffer from them plus EFI_MMAP_NR_SLACK_SLOTS (efistub.h:174) slots.
 */
function getMemoryMap(c: CallContext): bigint {
  const fw = c.fw;
  const [sizePtr, buf, keyPtr, descSizePtr, verPtr] = [c.x(0), c.x(1), c.x(2), c.x(3), c.x(4)];
  if (sizePtr === 0n) return EFI_INVALID_PARAMETER;
  const have = fw.r64(sizePtr, 'GetMemoryMap *MemoryMapSize');
  c.arg('MemoryMapSize', have);
  c.arg('MemoryMap', buf);
  const d = fw.map.descriptors();
  const need = BigInt(d.length * DESCRIPTOR_SIZE);
  if (descSizePtr) fw.w64(descSizePtr, BigInt(DESCRIPTOR_SIZE), 'GetMemoryMap *DescriptorSize');
  if (verPtr) fw.w32(verPtr, DESCRIPTOR_VERSION, 'GetMemoryMap *DescriptorVersion');
  fw.w64(sizePtr, need, 'GetMemoryMap *MemoryMapSize');
  c.out('MemoryMapSize', need);
  if (have < need) return EFI_BUFFER_TOO_SMALL;
  if (buf === 0n) return EFI_INVALID_PARAMETER;
  const out = new Uint8Array(Number(need));
  const dv = new DataView(out.buffer);
  d.forEach((e, i) => {
    const o = i * DESCRIPTOR_SIZE;
    dv.setUint32(o, e.type, true);
    dv.setBigUint64(o + 8, e.start, true);
    dv.setBigUint64(o + 24, e.pages, true);
    dv.setBigUint64(o + 32, e.attribute, true);
  });
  fw.write(buf, out, 'GetMemoryMap *MemoryMap');
  if (keyPtr) fw.w64(keyPtr, fw.map.key, 'GetMemoryMap *MapKey');
  c.out('MapKey', fw.map.key);
  c.out('entries', String(d.length));
  return EFI_SUCCESS;
}

/** §7.2.4 AllocatePool — efi-stub-helper.c:400 (cmdline), mem.c:37 (memory map), efi-stub.c:92 (memreserve), efi-stub-helper.c:641 (initrd table). */
function allocatePool(c: CallContext): bigint {
  const type = Number(c.x(0) & 0xffffffffn);
  c.arg('PoolType', memoryTypeName(type));
  c.arg('Size', c.x(1));
  if (c.x(2) === 0n) return EFI_INVALID_PARAMETER;
  const r = c.fw.pool.allocate(type, c.x(1), 'AllocatePool');
  if (r.address !== undefined) {
    c.fw.w64(c.x(2), r.address, 'AllocatePool *Buffer');
    c.out('Buffer', r.address);
  }
  return r.status;
}

/** §7.2.5 FreePool — zboot.c:140, randomalloc.c:140, efi-stub-helper.c:105. */
function freePool(c: CallContext): bigint {
  c.arg('Buffer', c.x(0));
  return c.fw.pool.release(c.x(0), 'FreePool');
}

function protocolArg(c: CallContext, n: number): Uint8Array | undefined {
  if (c.x(n) === 0n) return undefined;
  const g = c.fw.guid(c.x(n), `${c.name} *Protocol`);
  c.arg('Protocol', guidName(g));
  return g;
}

/** §7.3.7 HandleProtocol — zboot.c:77 (6.1 :189, :196, :259), arm64-stub.c:161 (6.1 LOADED_IMAGE_FIXED), efi-stub-helper.c:564. */
function handleProtocol(c: CallContext): bigint {
  c.arg('Handle', c.x(0));
  const g = protocolArg(c, 1);
  if (!g || c.x(2) === 0n || c.x(0) === 0n) return EFI_INVALID_PARAMETER;
  if (!c.fw.handles.has(c.x(0))) return EFI_INVALID_PARAMETER;
  const p = c.fw.protocolOf(c.x(0), g);
  if (p === undefined) return EFI_UNSUPPORTED;
  c.fw.w64(c.x(2), p, 'HandleProtocol *Interface');
  c.out('Interface', p);
  return EFI_SUCCESS;
}

/** §7.3.16 OpenProtocol: HandleProtocol with attributes (none of the arm64 paths needs their effect). */
function openProtocol(c: CallContext): bigint {
  c.arg('Handle', c.x(0));
  const g = protocolArg(c, 1);
  c.arg('Attributes', c.x(5));
  if (!g || !c.fw.handles.has(c.x(0))) return EFI_INVALID_PARAMETER;
  const p = c.fw.protocolOf(c.x(0), g);
  if (p === undefined) return EFI_UNSUPPORTED;
  if (c.x(2) !== 0n) c.fw.w64(c.x(2), p, 'OpenProtocol *Interface');
  c.out('Interface', p);
  return EFI_SUCCESS;
}

/** §7.3.17 CloseProtocol. */
function closeProtocol(c: CallContext): bigint {
  c.arg('Handle', c.x(0));
  const g = protocolArg(c, 1);
  return g && c.fw.protocolOf(c.x(0), g) !== undefined ? EFI_SUCCESS : EFI_NOT_FOUND;
}

/**
 * §7.3.15 LocateProtocol — NOT_FOUND for every protocol not emulated: TCG2
 * (efi-stub-helper.c:262, tpm.c:158), CC_MEASUREMENT (:278, tpm.c:176), RNG (random.c:45, :76),
 * MEMORY_ATTRIBUTE (efi-stub-helper.c:735 via arm64.c), SMBIOS (smbios.c:43), DEVICE_PATH_FROM_TEXT (file.c).
 */
function locateProtocol(c: CallContext): bigint {
  const g = protocolArg(c, 0);
  if (!g || c.x(2) === 0n) return EFI_INVALID_PARAMETER;
  const h = c.fw.handlesWith(g)[0];
  if (h === undefined) return EFI_NOT_FOUND;
  const p = c.fw.protocolOf(h, g) as bigint;
  c.fw.w64(c.x(2), p, 'LocateProtocol *Interface');
  c.out('Interface', p);
  return EFI_SUCCESS;
}

const SEARCH_TYPES = ['AllHandles', 'ByRegisterNotify', 'ByProtocol'];

function searchHandles(c: CallContext): bigint[] | undefined {
  const type = Number(c.x(0));
  c.arg('SearchType', SEARCH_TYPES[type] ?? hexs(BigInt(type)));
  if (type === 0) return [...c.fw.handles.keys()];
  if (type !== 2) return undefined;
  const g = protocolArg(c, 1);
  return g ? c.fw.handlesWith(g) : undefined;
}

/** §7.3.10 LocateHandle — efi-stub.c:63 (gop.c:570) (GOP: NOT_FOUND without a display). */
function locateHandle(c: CallContext): bigint {
  const hs = searchHandles(c);
  if (!hs || c.x(3) === 0n) return EFI_INVALID_PARAMETER;
  if (!hs.length) return EFI_NOT_FOUND;
  const need = BigInt(hs.length * 8);
  const have = c.fw.r64(c.x(3), 'LocateHandle *BufferSize');
  c.fw.w64(c.x(3), need, 'LocateHandle *BufferSize');
  if (have < need) return EFI_BUFFER_TOO_SMALL;
  hs.forEach((h, i) => c.fw.w64(c.x(4) + BigInt(i * 8), h, 'LocateHandle Buffer'));
  return EFI_SUCCESS;
}

/** §7.3.14 LocateHandleBuffer — 7.2 gop.c (GOP: NOT_FOUND). */
function locateHandleBuffer(c: CallContext): bigint {
  const hs = searchHandles(c);
  if (!hs || c.x(3) === 0n || c.x(4) === 0n) return EFI_INVALID_PARAMETER;
  if (!hs.length) return EFI_NOT_FOUND;
  const r = c.fw.pool.allocate(MT.BootServicesData, BigInt(hs.length * 8), 'LocateHandleBuffer');
  if (r.address === undefined) return EFI_OUT_OF_RESOURCES;
  hs.forEach((h, i) => c.fw.w64(r.address! + BigInt(i * 8), h, 'LocateHandleBuffer'));
  c.fw.w64(c.x(3), BigInt(hs.length), 'LocateHandleBuffer *NoHandles');
  c.fw.w64(c.x(4), r.address, 'LocateHandleBuffer *Buffer');
  return EFI_SUCCESS;
}

/**
 * §7.3.8 LocateDevicePath — efi-stub-helper.c:560 (the initrd's VenMedia path); EDK2's
 * LoadImage for 6.1's zboot path (zboot.c:252). The handle whose device path is the longest
 * prefix wins; *DevicePath is advanced past the matched nodes.
 */
function locateDevicePath(c: CallContext): bigint {
  const g = protocolArg(c, 0);
  if (!g || c.x(1) === 0n || c.x(2) === 0n) return EFI_INVALID_PARAMETER;
  const dpAddr = c.fw.r64(c.x(1), 'LocateDevicePath *DevicePath');
  const path = c.fw.devicePath(dpAddr, 'LocateDevicePath DevicePath');
  c.arg('DevicePath', pathText(path));
  const m = c.fw.matchDevicePath(g, path);
  if (!m) return EFI_NOT_FOUND;
  const rest = dpAddr + BigInt(path.slice(0, m.nodes).reduce((n, x) => n + x.bytes.length, 0));
  c.fw.w64(c.x(1), rest, 'LocateDevicePath *DevicePath');
  c.fw.w64(c.x(2), m.handle, 'LocateDevicePath *Device');
  c.out('Device', m.handle);
  return EFI_SUCCESS;
}

/** §7.3.15 InstallConfigurationTable — add, replace, delete (NULL): efi-stub-helper.c:647 (INITRD_MEDIA), mem.c:49 (BOOT_MEMMAP), efi-stub.c:103 (MEMRESERVE), random.c (RANDOM_SEED). */
function installConfigurationTable(c: CallContext): bigint {
  if (c.x(0) === 0n) return EFI_INVALID_PARAMETER;
  const g = c.fw.guid(c.x(0), 'InstallConfigurationTable *Guid');
  c.arg('Guid', guidName(g));
  c.arg('Table', c.x(1));
  const r = c.fw.setConfigTable(g, c.x(1));
  c.out('result', r);
  return r === 'not-found' ? EFI_NOT_FOUND : r === 'full' ? EFI_OUT_OF_RESOURCES : EFI_SUCCESS;
}

/** §7.3.18 InstallMultipleProtocolInterfaces — 6.1 zboot.c:242 (DEVICE_PATH + LOAD_FILE2; variadic, NULL-terminated). */
function installMultiple(c: CallContext): bigint {
  const fw = c.fw;
  if (c.x(0) === 0n) return EFI_INVALID_PARAMETER;
  let handle = fw.r64(c.x(0), 'InstallMultipleProtocolInterfaces *Handle');
  c.arg('Handle', handle);
  const pairs: [Uint8Array, bigint][] = [];
  for (let n = 1; n < 64; n += 2) {
    if (c.x(n) === 0n) break;
    const g = fw.guid(c.x(n), 'InstallMultipleProtocolInterfaces GUID');
    pairs.push([g, c.x(n + 1)]);
    c.arg(`Protocol${pairs.length}`, `${guidName(g)}=${hexs(c.x(n + 1))}`);
  }
  if (handle !== 0n && !fw.handles.has(handle)) return EFI_INVALID_PARAMETER;
  for (const [g, iface] of pairs) {
    if (handle !== 0n && fw.protocolOf(handle, g) !== undefined) return EFI_INVALID_PARAMETER;
    if (guidText(g) === guidText(GUIDS.EFI_DEVICE_PATH_PROTOCOL)) {
      // EDK2 refuses a device path another handle already carries (ALREADY_STARTED).
      const p = fw.devicePath(iface, 'InstallMultipleProtocolInterfaces device path');
      c.arg('DevicePath', pathText(p));
      if (fw.matchDevicePath(GUIDS.EFI_DEVICE_PATH_PROTOCOL, p, true)) return EFI_ALREADY_STARTED;
    }
  }
  if (handle === 0n) handle = fw.newHandle();
  for (const [g, iface] of pairs) fw.install(handle, g, iface);
  fw.w64(c.x(0), handle, 'InstallMultipleProtocolInterfaces *Handle');
  c.out('Handle', handle);
  return EFI_SUCCESS;
}

/** §7.3.19 UninstallMultipleProtocolInterfaces — 6.1 zboot.c:282 (error path). */
function uninstallMultiple(c: CallContext): bigint {
  const fw = c.fw;
  const handle = c.x(0);
  c.arg('Handle', handle);
  const ps = fw.handles.get(handle);
  if (!ps) return EFI_INVALID_PARAMETER;
  for (let n = 1; n < 64; n += 2) {
    if (c.x(n) === 0n) break;
    const t = guidText(fw.guid(c.x(n), 'UninstallMultipleProtocolInterfaces GUID'));
    if (ps.get(t) !== c.x(n + 1)) return EFI_INVALID_PARAMETER;
    ps.delete(t);
  }
  return EFI_SUCCESS;
}

/**
 * §7.4.1 LoadImage — 6.1 zboot.c:252. From a device path: LocateDevicePath(LOAD_FILE2), then
 * the guest's own LoadFile2 (zboot.c:59 load_file) twice — NULL buffer for the size
 * (BUFFER_TOO_SMALL), then into a pool buffer, which it decompresses into — as EDK2's
 * CoreLoadImageCommon does; then the PE loader, and the file buffer is freed.
 */
function loadImage(c: CallContext): bigint {
  const fw = c.fw;
  const [bootPolicy, parent, dpAddr, src, srcSize, out] = [c.x(0), c.x(1), c.x(2), c.x(3), c.x(4), c.x(5)];
  c.arg('BootPolicy', bootPolicy & 0xffn ? 'TRUE' : 'FALSE');
  c.arg('ParentImageHandle', parent);
  if (out === 0n || !fw.images.has(parent)) return EFI_INVALID_PARAMETER;
  let bytes: Uint8Array;
  let device = 0n;
  let filePath: Uint8Array | undefined;
  if (src !== 0n) {
    c.arg('SourceBuffer', src);
    c.arg('SourceSize', srcSize);
    if (srcSize > 0x20000000n) return EFI_LOAD_ERROR;
    bytes = fw.read(src, Number(srcSize), 'LoadImage SourceBuffer');
  } else {
    if (dpAddr === 0n) return EFI_NOT_FOUND;
    const path = fw.devicePath(dpAddr, 'LoadImage DevicePath');
    c.arg('DevicePath', pathText(path));
    const m = fw.matchDevicePath(GUIDS.EFI_LOAD_FILE2_PROTOCOL, path);
    if (!m) return EFI_NOT_FOUND;
    device = m.handle;
    const rest = path.slice(m.nodes);
    filePath = pathBytes(rest);
    const restAddr = dpAddr + BigInt(path.slice(0, m.nodes).reduce((n, x) => n + x.bytes.length, 0));
    const lf2 = fw.protocolOf(m.handle, GUIDS.EFI_LOAD_FILE2_PROTOCOL) as bigint;
    const fn = fw.r64(lf2, 'EFI_LOAD_FILE2_PROTOCOL.LoadFile');
    fw.w64(fw.scratch, 0n, 'LoadImage');
    let st = fw.callGuest(fn, [lf2, restAddr, 0n, fw.scratch, 0n]);
    if (st !== EFI_BUFFER_TOO_SMALL) {
      c.out('LoadFile', statusName(st));
      return EFI_NOT_FOUND;
    }
    const size = fw.r64(fw.scratch, 'LoadImage');
    c.out('FileSize', size);
    if (size === 0n || size > 0x20000000n) return EFI_LOAD_ERROR;
    const buf = fw.pool.allocate(MT.BootServicesData, size, 'LoadImage (file buffer)', false);
    if (buf.address === undefined) return EFI_OUT_OF_RESOURCES;
    st = fw.callGuest(fn, [lf2, restAddr, 0n, fw.scratch, buf.address]);
    if (st !== EFI_SUCCESS) {
      fw.pool.release(buf.address, 'LoadImage');
      c.out('LoadFile', statusName(st));
      return st;
    }
    fw.recordLoadFile(buf.address, size);
    bytes = fw.read(buf.address, Number(size), 'LoadImage file buffer');
    fw.pool.release(buf.address, 'LoadImage (file buffer)');
  }
  const r = fw.loadPe(bytes, parent, 'LoadImage (PE loader)');
  if (!r.image) {
    c.out('error', r.error ?? 'not loadable');
    return EFI_LOAD_ERROR;
  }
  const li = r.image.protocol;
  fw.w64(li + BigInt(LI.deviceHandle), device, 'loaded image');
  if (filePath) fw.w64(li + BigInt(LI.filePath), fw.fwAlloc(MT.BootServicesData, filePath, 'LoadImage FilePath'), 'loaded image');
  fw.w64(out, r.image.handle, 'LoadImage *ImageHandle');
  c.out('ImageHandle', r.image.handle);
  c.out('ImageBase', r.image.base);
  c.out('ImageSize', r.image.size);
  return EFI_SUCCESS;
}

/** §7.4.2 StartImage — 6.1 zboot.c:270: runs the inner image's entry (efi_pe_entry) nested; it never returns on success. */
function startImage(c: CallContext): bigint {
  const fw = c.fw;
  const img = fw.images.get(c.x(0));
  c.arg('ImageHandle', c.x(0));
  if (!img || img.parent === 0n) return EFI_INVALID_PARAMETER;
  if (img.started) return EFI_INVALID_PARAMETER;
  img.started = true;
  c.out('Entry', img.entry);
  const st = fw.callGuest(img.entry, [img.handle, fw.systemTable], img.handle);
  if (c.x(1) !== 0n) fw.w64(c.x(1), 0n, 'StartImage *ExitDataSize');
  return st;
}

/** §7.4.5 Exit — 6.1 zboot.c:291, efi-stub.c efi_pe_entry error paths. */
function exit(c: CallContext): bigint {
  c.arg('ImageHandle', c.x(0));
  c.arg('ExitStatus', statusName(c.x(1)));
  return c.fw.exitImage(c.x(0), c.x(1));
}

/** §7.4.3 UnloadImage — 6.1 zboot.c:279 (error path). */
function unloadImage(c: CallContext): bigint {
  const fw = c.fw;
  c.arg('ImageHandle', c.x(0));
  const img = fw.images.get(c.x(0));
  if (!img || img.parent === 0n) return EFI_INVALID_PARAMETER;
  fw.map.free(img.allocation, img.pages, 'UnloadImage');
  fw.images.delete(img.handle);
  fw.handles.delete(img.handle);
  return EFI_SUCCESS;
}

/**
 * §7.4.6 ExitBootServices — efi-stub-helper.c:446, retried after one INVALID_PARAMETER
 * (:462–479). A MapKey other than the current one is refused (the map changed since the
 * caller's GetMemoryMap).
 */
function exitBootServices(c: CallContext): bigint {
  const fw = c.fw;
  c.arg('ImageHandle', c.x(0));
  c.arg('MapKey', c.x(1));
  if (!fw.images.has(c.x(0))) return EFI_INVALID_PARAMETER;
  if (c.x(1) !== fw.map.key) {
    c.out('expected MapKey', fw.map.key);
    return EFI_INVALID_PARAMETER;
  }
  fw.exited = true;
  fw.armKernelEntry();
  return EFI_SUCCESS;
}

/** §7.5.4 CopyMem (memmove semantics) — intrinsics.c:18 (memcpy and memmove of the stub). */
function copyMem(c: CallContext): undefined {
  c.arg('Destination', c.x(0));
  c.arg('Source', c.x(1));
  c.arg('Length', c.x(2));
  if (!c.fw.machine.copy(c.x(0), c.x(1), c.x(2))) throw new RunEnd('error', `CopyMem(0x${c.x(0).toString(16)}, 0x${c.x(1).toString(16)}, 0x${c.x(2).toString(16)}) reaches outside RAM`);
  return undefined;
}

/** §7.5.5 SetMem(Buffer, Size, Value) — intrinsics.c:30 (memset of the stub). */
function setMem(c: CallContext): undefined {
  c.arg('Buffer', c.x(0));
  c.arg('Size', c.x(1));
  c.arg('Value', hexs(c.x(2) & 0xffn));
  if (!c.fw.machine.fill(c.x(0), c.x(1), Number(c.x(2) & 0xffn))) throw new RunEnd('error', `SetMem(0x${c.x(0).toString(16)}, 0x${c.x(1).toString(16)}) reaches outside RAM`);
  return undefined;
}

/** §7.5.6 CalculateCrc32. */
function calculateCrc32(c: CallContext): bigint {
  c.arg('Data', c.x(0));
  c.arg('DataSize', c.x(1));
  if (c.x(2) === 0n || c.x(1) === 0n || c.x(1) > 0x10000000n) return EFI_INVALID_PARAMETER;
  const crc = crc32(c.fw.read(c.x(0), Number(c.x(1)), 'CalculateCrc32'));
  c.fw.w32(c.x(2), crc, 'CalculateCrc32 *Crc32');
  c.out('Crc32', BigInt(crc));
  return EFI_SUCCESS;
}

/** §7.1.2–3 RaiseTPL / RestoreTPL: no events here, so the TPL is only echoed (RaiseTPL returns the old one). */
function raiseTpl(c: CallContext): bigint {
  c.arg('NewTpl', c.x(0));
  return 4n; // TPL_APPLICATION
}
function restoreTpl(c: CallContext): undefined {
  c.arg('OldTpl', c.x(0));
  return undefined;
}

/** §7.5.1 SetWatchdogTimer and §7.5.2 Stall: accepted, nothing to time. */
function accepted(c: CallContext): bigint {
  c.arg('arg0', c.x(0));
  return EFI_SUCCESS;
}

export const BOOT_SERVICE_HANDLERS: Record<string, Handler> = {
  RaiseTPL: raiseTpl, RestoreTPL: restoreTpl,
  AllocatePages: allocatePages, FreePages: freePages, GetMemoryMap: getMemoryMap,
  AllocatePool: allocatePool, FreePool: freePool,
  HandleProtocol: handleProtocol, OpenProtocol: openProtocol, CloseProtocol: closeProtocol,
  LocateProtocol: locateProtocol, LocateHandle: locateHandle, LocateHandleBuffer: locateHandleBuffer,
  LocateDevicePath: locateDevicePath, InstallConfigurationTable: installConfigurationTable,
  InstallMultipleProtocolInterfaces: installMultiple, UninstallMultipleProtocolInterfaces: uninstallMultiple,
  LoadImage: loadImage, StartImage: startImage, Exit: exit, UnloadImage: unloadImage,
  ExitBootServices: exitBootServices, CopyMem: copyMem, SetMem: setMem, CalculateCrc32: calculateCrc32,
  Stall: accepted, SetWatchdogTimer: accepted,
};

