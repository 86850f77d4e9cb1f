import { describe, expect, it } from 'vitest';
import { MemoryMap } from './memoryMap';
import { EFI_INVALID_PARAMETER, EFI_NOT_FOUND, EFI_OUT_OF_RESOURCES, EFI_SUCCESS, MT } from './types';

// QEMU virt's 1 GiB at 0x4000_0000 (hw/arm/virt.c VIRT_MEM).
const RAM = [{ base: 0x40000000n, size: 0x40000000n }];

describe('MemoryMap: EDK2 page allocation policy (MdeModulePkg/Core/Dxe/Mem/Page.c)', () => {
  it('AllocateAnyPages takes the highest free pages, AllocateMaxAddress the highest below the limit', () => {
    const m = new MemoryMap(RAM);
    expect(m.allocate(0, MT.LoaderData, 16n, 0n, 't')).toEqual({ status: EFI_SUCCESS, address: 0x7fff0000n });
    expect(m.allocate(0, MT.LoaderData, 1n, 0n, 't')).toEqual({ status: EFI_SUCCESS, address: 0x7ffef000n });
    // MaxAddress is the highest byte the allocation may include (UEFI 2.10 §7.2.1).
    expect(m.allocate(1, MT.LoaderData, 2n, 0x40001fffn, 't')).toEqual({ status: EFI_SUCCESS, address: 0x40000000n });
    expect(m.allocate(1, MT.LoaderData, 1n, 0x40001fffn, 't').status).toBe(EFI_OUT_OF_RESOURCES);
  });

  it('AllocateAddress takes exactly the range, or NOT_FOUND when any page is taken', () => {
    const m = new MemoryMap(RAM);
    expect(m.allocate(2, MT.LoaderCode, 0x450n, 0x40200000n, 't')).toEqual({ status: EFI_SUCCESS, address: 0x40200000n });
    expect(m.allocate(2, MT.LoaderCode, 1n, 0x4064f000n, 't').status).toBe(EFI_NOT_FOUND);
    expect(m.allocate(2, MT.LoaderCode, 1n, 0x40650000n, 't').status).toBe(EFI_SUCCESS);
    expect(m.allocate(2, MT.LoaderCode, 1n, 0x40650800n, 't').status).toBe(EFI_INVALID_PARAMETER);
    expect(m.allocate(2, MT.LoaderCode, 1n, 0x80000000n, 't').status).toBe(EFI_NOT_FOUND);
  });

  it('refuses ConventionalMemory, PersistentMemory and reserved types as MemoryType', () => {
    const m = new MemoryMap(RAM);
    for (const t of [MT.ConventionalMemory, MT.PersistentMemory, 0x6fffffff]) expect(m.allocate(0, t, 1n, 0n, 't').status).toBe(EFI_INVALID_PARAMETER);
    expect(m.allocate(0, 0x80000001, 1n, 0n, 't').status).toBe(EFI_SUCCESS); // OS-defined types are valid
  });

  it('frees part of an allocation (alignedmem.c frees the slack) and merges the map again', () => {
    const m = new MemoryMap(RAM);
    const k0 = m.key;
    m.allocate(2, MT.LoaderData, 0x20fn, 0x40000000n, 't');
    expect(m.key).not.toBe(k0);
    expect(m.free(0x40000000n, 0xfn, 't')).toBe(EFI_SUCCESS);
    expect(m.descriptors().map((d) => [d.type, d.start, d.pages])).toEqual([
      [MT.ConventionalMemory, 0x40000000n, 0xfn], [MT.LoaderData, 0x4000f000n, 0x200n], [MT.ConventionalMemory, 0x4020f000n, 0x3fdf1n],
    ]);
    expect(m.free(0x40000000n, 1n, 't')).toBe(EFI_NOT_FOUND); // already free
    expect(m.free(0x4000f000n, 0x200n, 't')).toBe(EFI_SUCCESS);
    expect(m.descriptors()).toHaveLength(1);
  });

  it('merges adjacent allocations of one type, as GetMemoryMap reports them', () => {
    const m = new MemoryMap(RAM);
    m.allocate(0, MT.BootServicesData, 1n, 0n, 't');
    m.allocate(0, MT.BootServicesData, 1n, 0n, 't');
    m.allocate(0, MT.LoaderData, 1n, 0n, 't');
    expect(m.descriptors().map((d) => [d.type, d.pages])).toEqual([[MT.ConventionalMemory, 0x3fffdn], [MT.LoaderData, 1n], [MT.BootServicesData, 2n]]);
  });
});
