// EFI_RUNTIME_SERVICES the arm64 stub calls: GetVariable/SetVariable (UEFI 2.10 §8.2) and
// SetVirtualAddressMap (§8.4.1). The variable store is empty unless Secure Boot is switched on.
import type { CallContext, Handler } from './firmware';
import { GUIDS, guidName, guidText } from './guids';
import {
  EFI_BUFFER_TOO_SMALL, EFI_INVALID_PARAMETER, EFI_NOT_FOUND, EFI_SUCCESS, EFI_UNSUPPORTED, MT,
} from './types';

const key = (name: string, guid: Uint8Array) => `${guidText(guid)}:${name}`;

/** What a Secure Boot-on machine reports (include/linux/efi.h:1159 efi_get_secureboot_mode reads these two). */
export function secureBootVariables(): Map<string, { attributes: number; data: Uint8Array }> {
  const bs = 0x6; // BOOTSERVICE_ACCESS | RUNTIME_ACCESS
  return new Map([
    [key('SecureBoot', GUIDS.EFI_GLOBAL_VARIABLE), { attributes: bs, data: Uint8Array.of(1) }],
    [key('SetupMode', GUIDS.EFI_GLOBAL_VARIABLE), { attributes: bs, data: Uint8Array.of(0) }],
  ]);
}

/**
 * §8.2.1 GetVariable — SecureBoot/SetupMode (fdt.c:229 → secureboot.c efi_get_secureboot,
 * include/linux/efi.h:1159, :1167), MokSBStateRT (secureboot.c:50, only with Secure Boot on),
 * RandomSeed (random.c:81). NOT_FOUND for all of them by default.
 */
function getVariable(c: CallContext): bigint {
  const fw = c.fw;
  if (c.x(0) === 0n || c.x(1) === 0n || c.x(3) === 0n) return EFI_INVALID_PARAMETER;
  const name = fw.utf16(c.x(0), 'GetVariable VariableName', 512);
  const guid = fw.guid(c.x(1), 'GetVariable VendorGuid');
  c.arg('VariableName', name);
  c.arg('VendorGuid', guidName(guid));
  const v = fw.variables.get(key(name, guid));
  if (!v) return EFI_NOT_FOUND;
  const have = fw.r64(c.x(3), 'GetVariable *DataSize');
  fw.w64(c.x(3), BigInt(v.data.length), 'GetVariable *DataSize');
  if (have < BigInt(v.data.length)) return EFI_BUFFER_TOO_SMALL;
  if (c.x(4) === 0n) return EFI_INVALID_PARAMETER;
  fw.write(c.x(4), v.data, 'GetVariable Data');
  if (c.x(2) !== 0n) fw.w32(c.x(2), v.attributes, 'GetVariable *Attributes');
  c.out('Data', [...v.data].map((b) => b.toString(16).padStart(2, '0')).join(' '));
  return EFI_SUCCESS;
}

/** §8.2.3 SetVariable — random.c:142 deletes RandomSeed (DataSize 0) only when it existed. */
function setVariable(c: CallContext): bigint {
  const fw = c.fw;
  if (c.x(0) === 0n || c.x(1) === 0n) return EFI_INVALID_PARAMETER;
  const name = fw.utf16(c.x(0), 'SetVariable VariableName', 512);
  const guid = fw.guid(c.x(1), 'SetVariable VendorGuid');
  const size = c.x(3);
  c.arg('VariableName', name);
  c.arg('VendorGuid', guidName(guid));
  c.arg('Attributes', c.x(2));
  c.arg('DataSize', size);
  const k = key(name, guid);
  if (size === 0n || (Number(c.x(2)) & 7) === 0) return fw.variables.delete(k) ? EFI_SUCCESS : EFI_NOT_FOUND;
  if (size > 0x10000n) return EFI_INVALID_PARAMETER;
  fw.variables.set(k, { attributes: Number(c.x(2) & 0xffffffffn), data: fw.read(c.x(4), Number(size), 'SetVariable Data') });
  return EFI_SUCCESS;
}

/**
 * §8.4.1 SetVirtualAddressMap — fdt.c:307 (6.1; 6.12 tiny has efi_novamap: VA_BITS_MIN ≥ 48,
 * arm64.c:67). Allowed once, after ExitBootServices. The new virtual addresses of the runtime
 * regions are recorded; the host does not convert its own pointers (nothing runs after it here).
 */
function setVirtualAddressMap(c: CallContext): bigint {
  const fw = c.fw;
  const [size, descSize, ver, map] = [c.x(0), c.x(1), c.x(2), c.x(3)];
  c.arg('MemoryMapSize', size);
  c.arg('DescriptorSize', descSize);
  c.arg('DescriptorVersion', ver);
  c.arg('VirtualMap', map);
  if (!fw.exited || fw.virtualMapSet) return EFI_UNSUPPORTED;
  if (descSize < 40n || size % descSize !== 0n || size > 0x100000n) return EFI_INVALID_PARAMETER;
  const remapped: string[] = [];
  for (let o = 0n; o < size; o += descSize) {
    const type = fw.r32(map + o, 'SetVirtualAddressMap');
    const phys = fw.r64(map + o + 8n, 'SetVirtualAddressMap');
    const virt = fw.r64(map + o + 16n, 'SetVirtualAddressMap');
    const attr = fw.r64(map + o + 32n, 'SetVirtualAddressMap');
    if (attr >> 63n) remapped.push(`${type === MT.RuntimeServicesCode ? 'code' : 'data'} 0x${phys.toString(16)}→0x${virt.toString(16)}`);
  }
  fw.virtualMapSet = true;
  c.out('runtime', remapped.join('; ') || 'none');
  return EFI_SUCCESS;
}

export const RUNTIME_SERVICE_HANDLERS: Record<string, Handler> = {
  GetVariable: getVariable,
  SetVariable: setVariable,
  SetVirtualAddressMap: setVirtualAddressMap,
};
