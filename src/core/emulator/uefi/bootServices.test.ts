// The service handlers called as the guest calls them — arguments in x0–x7, a trap served —
// over a machine with memory and no CPU (tests/emulator/fakeMachine.ts).
import { describe, expect, it } from 'vitest';
import { FakeMachine } from '../../../../tests/emulator/fakeMachine';
import { Firmware } from './firmware';
import { GUIDS } from './guids';
import { RunEnd } from './runEnd';
import { BOOT_SERVICES, RUNTIME_SERVICES, SLOT, ST } from './tables';
import { DESCRIPTOR_SIZE, EFI_BUFFER_TOO_SMALL, EFI_INVALID_PARAMETER, EFI_NOT_FOUND, EFI_SUCCESS, MT } from './types';

const RAM = [{ base: 0x40000000n, size: 0x40000000n }];
const SCRATCH = 0x50000000n; // guest memory the "stub" uses for OUT parameters

function setup(opts: Partial<ConstructorParameters<typeof Firmware>[1]> = {}) {
  const m = new FakeMachine(RAM);
  const fw = new Firmware(m, { ram: RAM, cmdline: '', maxInstructions: 1, maxSeconds: 1, ...opts });
  const call = (name: string, ...args: bigint[]): bigint => {
    args.forEach((a, i) => m.setX(i, a));
    m.setX(30, 0x40001000n);
    m.setSp(fw.stack.top);
    const bs = BOOT_SERVICES.indexOf(name as never);
    const rt = RUNTIME_SERVICES.indexOf(name as never);
    fw.serveTrap(bs >= 0 ? SLOT.boot + bs : SLOT.runtime + rt);
    expect(m.getPc()).toBe(0x40001000n); // returned to x30
    return m.getX(0);
  };
  const guid = (g: Uint8Array, at = SCRATCH + 0x800n) => (m.write(at, g), at);
  return { m, fw, call, guid };
}

describe('UEFI host: boot services', () => {
  it('GetMemoryMap sets DescriptorSize and DescriptorVersion even on BUFFER_TOO_SMALL (mem.c:31–36 relies on it)', () => {
    const { m, fw, call } = setup();
    m.write64(SCRATCH, 0n);
    const st = call('GetMemoryMap', SCRATCH, 0n, SCRATCH + 8n, SCRATCH + 16n, SCRATCH + 24n);
    expect(st).toBe(EFI_BUFFER_TOO_SMALL);
    expect(m.read64(SCRATCH + 16n)).toBe(48n);
    expect(m.read32(SCRATCH + 24n)).toBe(1);
    const need = m.read64(SCRATCH)!;
    expect(need).toBe(BigInt(fw.map.descriptors().length * DESCRIPTOR_SIZE));
    expect(call('GetMemoryMap', SCRATCH, SCRATCH + 0x100n, SCRATCH + 8n, SCRATCH + 16n, SCRATCH + 24n)).toBe(EFI_SUCCESS);
    expect(m.read64(SCRATCH + 8n)).toBe(fw.map.key);
    // The first descriptor as written: type, PhysicalStart, NumberOfPages, Attribute.
    const d0 = fw.map.descriptors()[0]!;
    expect(m.read32(SCRATCH + 0x100n)).toBe(d0.type);
    expect(m.read64(SCRATCH + 0x108n)).toBe(d0.start);
    expect(m.read64(SCRATCH + 0x118n)).toBe(d0.pages);
  });

  it('ExitBootServices refuses a stale map key, then accepts the current one (efi-stub-helper.c:446–479)', () => {
    const { m, fw, call } = setup();
    const { image } = fw.loadPe(minimalPe(), 0n, 'test');
    m.write64(SCRATCH, 0x10000n);
    call('GetMemoryMap', SCRATCH, SCRATCH + 0x100n, SCRATCH + 8n, SCRATCH + 16n, SCRATCH + 24n);
    const key = m.read64(SCRATCH + 8n)!;
    m.write64(SCRATCH + 0x40n, 0n);
    expect(call('AllocatePages', 0n, BigInt(MT.LoaderData), 1n, SCRATCH + 0x40n)).toBe(EFI_SUCCESS); // the map changes
    expect(call('ExitBootServices', image!.handle, key)).toBe(EFI_INVALID_PARAMETER);
    expect(fw.calls.at(-1)!.out['expected MapKey']).toBe(`0x${fw.map.key.toString(16)}`);
    expect(call('ExitBootServices', image!.handle, fw.map.key)).toBe(EFI_SUCCESS);
    expect(fw.exited).toBe(true);
    // Boot services are gone after a successful ExitBootServices (UEFI 2.10 §7.4.6).
    expect(() => call('AllocatePool', BigInt(MT.LoaderData), 16n, SCRATCH)).toThrow(RunEnd);
  });

  it('InstallConfigurationTable adds, replaces and deletes, keeping the system table in step', () => {
    const { m, fw, call, guid } = setup();
    const g = guid(GUIDS.LINUX_EFI_MEMRESERVE_TABLE);
    const count = () => m.read64(fw.systemTable + BigInt(ST.numberOfTableEntries));
    expect(call('InstallConfigurationTable', g, 0x41000000n)).toBe(EFI_SUCCESS);
    expect(count()).toBe(1n);
    expect(call('InstallConfigurationTable', g, 0x42000000n)).toBe(EFI_SUCCESS);
    expect(count()).toBe(1n);
    const tables = m.read64(fw.systemTable + BigInt(ST.configurationTable))!;
    expect(m.read(tables, 16)).toEqual(GUIDS.LINUX_EFI_MEMRESERVE_TABLE);
    expect(m.read64(tables + 16n)).toBe(0x42000000n);
    expect(call('InstallConfigurationTable', g, 0n)).toBe(EFI_SUCCESS);
    expect(count()).toBe(0n);
    expect(call('InstallConfigurationTable', g, 0n)).toBe(EFI_NOT_FOUND);
  });

  it('the devicetree is a DEVICE_TREE configuration table holding the bytes given', () => {
    const dtb = Uint8Array.of(0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 8);
    const { m, fw } = setup({ dtb });
    const tables = m.read64(fw.systemTable + BigInt(ST.configurationTable))!;
    expect(m.read(tables, 16)).toEqual(GUIDS.DEVICE_TREE);
    expect(m.read(m.read64(tables + 16n)!, 8)).toEqual(dtb);
  });

  it('LocateProtocol answers NOT_FOUND for every protocol not emulated; RNG only with a seed', () => {
    const absent = [GUIDS.EFI_RNG_PROTOCOL, GUIDS.EFI_TCG2_PROTOCOL, GUIDS.EFI_CC_MEASUREMENT_PROTOCOL, GUIDS.EFI_SMBIOS_PROTOCOL,
      GUIDS.EFI_MEMORY_ATTRIBUTE_PROTOCOL, GUIDS.EFI_GRAPHICS_OUTPUT_PROTOCOL, GUIDS.EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL];
    const a = setup();
    for (const g of absent) expect(a.call('LocateProtocol', a.guid(g), 0n, SCRATCH)).toBe(EFI_NOT_FOUND);
    const b = setup({ rngSeed: 1n });
    expect(b.call('LocateProtocol', b.guid(GUIDS.EFI_RNG_PROTOCOL), 0n, SCRATCH)).toBe(EFI_SUCCESS);
    const proto = b.m.read64(SCRATCH)!;
    expect(b.m.read64(proto + 8n)).toBe(b.fw.slot(SLOT.rngGetRng));
  });

  it('LocateDevicePath finds the initrd LoadFile2 handle and advances the path to its end node', () => {
    const initrd = new Uint8Array(0x1234).fill(7);
    const { m, call, guid } = setup({ initrd });
    // efi-stub-helper.c initrd_dev_path: VenMedia(LINUX_EFI_INITRD_MEDIA_GUID)/End
    const dp = SCRATCH + 0x200n;
    m.write(dp, Uint8Array.of(4, 3, 20, 0, ...GUIDS.LINUX_EFI_INITRD_MEDIA, 0x7f, 0xff, 4, 0));
    m.write64(SCRATCH, dp);
    expect(call('LocateDevicePath', guid(GUIDS.EFI_LOAD_FILE2_PROTOCOL), SCRATCH, SCRATCH + 8n)).toBe(EFI_SUCCESS);
    expect(m.read64(SCRATCH)).toBe(dp + 20n);
    const none = SCRATCH + 0x300n;
    m.write(none, Uint8Array.of(4, 3, 20, 0, ...GUIDS.LINUX_EFI_ZBOOT_MEDIA, 0x7f, 0xff, 4, 0));
    m.write64(SCRATCH, none);
    expect(call('LocateDevicePath', guid(GUIDS.EFI_LOAD_FILE2_PROTOCOL), SCRATCH, SCRATCH + 8n)).toBe(EFI_NOT_FOUND);
  });

  it('AllocatePool changes the map only when the pool takes new pages; FreePool refuses a foreign pointer', () => {
    const { m, fw, call } = setup();
    expect(call('AllocatePool', BigInt(MT.LoaderData), 0x10n, SCRATCH)).toBe(EFI_SUCCESS);
    const key = fw.map.key;
    expect(call('AllocatePool', BigInt(MT.LoaderData), 0x10n, SCRATCH + 8n)).toBe(EFI_SUCCESS);
    expect(fw.map.key).toBe(key);
    expect(m.read64(SCRATCH + 8n)! - m.read64(SCRATCH)!).toBe(0x10n);
    expect(call('FreePool', m.read64(SCRATCH)! + 4n)).toBe(EFI_INVALID_PARAMETER);
    expect(call('FreePool', m.read64(SCRATCH)!)).toBe(EFI_SUCCESS);
    expect(fw.pool.peak).toBe(0x20n);
  });

  it('CopyMem has memmove semantics and SetMem fills; both stop the run when they reach past RAM', () => {
    const { m, call } = setup();
    m.write(SCRATCH, Uint8Array.of(1, 2, 3, 4, 5, 6));
    call('CopyMem', SCRATCH + 2n, SCRATCH, 4n);
    expect(m.read(SCRATCH, 6)).toEqual(Uint8Array.of(1, 2, 1, 2, 3, 4));
    call('SetMem', SCRATCH, 3n, 0x1ffn);
    expect(m.read(SCRATCH, 4)).toEqual(Uint8Array.of(0xff, 0xff, 0xff, 2));
    expect(() => call('CopyMem', 0x7ffff000n, SCRATCH, 0x2000n)).toThrow(/reaches outside RAM/);
  });

  it('GetVariable: NOT_FOUND by default; Secure Boot on reports SecureBoot=1, SetupMode=0', () => {
    const name = (s: string, at: bigint, m: FakeMachine) => {
      m.write(at, new Uint8Array([...s].flatMap((c) => [c.charCodeAt(0), 0]).concat([0, 0])));
      return at;
    };
    const a = setup();
    a.m.write64(SCRATCH + 8n, 1n);
    expect(a.call('GetVariable', name('SecureBoot', SCRATCH + 0x100n, a.m), a.guid(GUIDS.EFI_GLOBAL_VARIABLE), 0n, SCRATCH + 8n, SCRATCH + 16n)).toBe(EFI_NOT_FOUND);
    const b = setup({ secureBoot: true });
    b.m.write64(SCRATCH + 8n, 1n);
    expect(b.call('GetVariable', name('SecureBoot', SCRATCH + 0x100n, b.m), b.guid(GUIDS.EFI_GLOBAL_VARIABLE), 0n, SCRATCH + 8n, SCRATCH + 16n)).toBe(EFI_SUCCESS);
    expect(b.m.read(SCRATCH + 16n, 1)).toEqual(Uint8Array.of(1));
  });

  it('a trap slot no table points at ends the run with its address', () => {
    const { fw } = setup();
    expect(() => fw.serveTrap(120)).toThrow(RunEnd);
    try {
      fw.serveTrap(120);
    } catch (e) {
      expect((e as RunEnd).reason).toMatch(/trap slot 120/);
    }
  });
});

/** The smallest PE the loader accepts: arm64, PE32+, one section, no relocations. */
function minimalPe(): Uint8Array {
  const b = new Uint8Array(0x400);
  const dv = new DataView(b.buffer);
  b.set([0x4d, 0x5a]);
  dv.setUint32(0x3c, 0x40, true);
  b.set([0x50, 0x45, 0, 0], 0x40);
  dv.setUint16(0x44, 0xaa64, true);
  dv.setUint16(0x46, 1, true); // sections
  dv.setUint16(0x54, 0xf0, true); // SizeOfOptionalHeader
  dv.setUint16(0x58, 0x20b, true);
  dv.setUint32(0x58 + 16, 0x1000, true); // AddressOfEntryPoint
  dv.setUint32(0x58 + 32, 0x1000, true); // SectionAlignment
  dv.setUint32(0x58 + 36, 0x200, true); // FileAlignment
  dv.setUint32(0x58 + 56, 0x2000, true); // SizeOfImage
  dv.setUint32(0x58 + 60, 0x200, true); // SizeOfHeaders
  dv.setUint16(0x58 + 68, 10, true); // EFI application
  dv.setUint32(0x58 + 108, 16, true); // NumberOfRvaAndSizes
  const sec = 0x58 + 0xf0;
  b.set([0x2e, 0x74, 0x65, 0x78, 0x74], sec);
  dv.setUint32(sec + 8, 0x1000, true);
  dv.setUint32(sec + 12, 0x1000, true);
  dv.setUint32(sec + 16, 0x200, true);
  dv.setUint32(sec + 20, 0x200, true);
  return b;
}
