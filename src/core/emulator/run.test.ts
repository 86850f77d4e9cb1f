// The real stubs of the arm64 zboot fixtures, run to the kernel entry under the emulated UEFI
// (efi-emulation.md §7.3). Expected values come from outside the emulator: the Image sha256s
// from shared/fixtures/README.md (sha256sum of each build's arch/arm64/boot/Image, which the
// payload decompresses to with gzip -dc / zstd -dc …), the console lines from the kernel source
// (path:line at each), the devicetree read back with a separate minimal FDT walker.
import { describe, expect, it } from 'vitest';
import { SHA_61_IMAGES, fixture } from '../../../tests/fixtures';
import { INITRD, QEMU_DTB, expectKernelEntry, fdtget } from '../../../tests/emulator/kernelEntry';
import { chosenProperties } from './chosen';
import { emulate } from './run';
import { peLoadPlan } from './peImage';

const efi = (n: string) => fixture(`arm64-${n}.vmlinuz.efi`);

const LINES_612 = [
  'EFI stub: Decompressing Linux Kernel...', // 6.12 zboot.c:90
  'EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path', // efi-stub-helper.c:624
  'EFI stub: Using DTB from configuration table', // fdt.c:274
  'EFI stub: Exiting boot services...', // fdt.c:280
];
const LINES_61 = ['EFI stub: Booting Linux Kernel...', ...LINES_612.slice(1)]; // 6.1 efi-stub.c:194; zboot itself is silent

describe('emulate: 6.12 zboot (zboot is the EFI stub)', () => {
  it.each([
    ['gzip', '5f249e2c3d4421f1976edebda7604a94bc0e7785262efb8979465491f8bf5e1f'],
    ['zstd', 'ab7f2e748ecd06a81bea425e311927e25f42f3c1b36532c4e3f546dc08ce91d6'],
  ])('%s: runs to the kernel entry with the Image byte-identical to the native decompression', async (codec, sha) => {
    const r = await emulate(efi(`6.12.117-tiny-zboot-${codec}`), { dtb: QEMU_DTB, initrd: INITRD });
    expectKernelEntry(r);
    expect(r.messages).toEqual(LINES_612);
    // 6.12 libstub/arm64.c: the jump lands on the decompressed buffer's first word (the MZ ccmp).
    expect(r.registers.pc).toBe(r.image!.addr);
    expect(r.image!.sha256).toBe(sha);
    expect(r.image!.size).toBe(4045312n); // the Image's size, shared/fixtures/README.md
    // RANDOMIZE_BASE is off in these builds (the fixture .config), so the seed is 0 and
    // efi_random_alloc takes the lowest 2 MiB slot (randomalloc.c:107): the first above the stack.
    expect(r.image!.addr).toBe(0x40200000n);
    // alloc_size = round_up(le32 at _gzdata_end - 4, EFI_ALLOC_ALIGN) = SizeOfImage 0x450000.
    const alloc = r.services.find((c) => c.name === 'AllocatePages' && c.args.Type === 'AllocateAddress')!;
    expect(alloc.args).toMatchObject({ MemoryType: 'LoaderCode', Pages: '0x450', Memory: '0x40200000' });
    // The order the source makes: LOADED_IMAGE first (zboot.c:77), the initrd through LoadFile2
    // (efi-stub-helper.c:562–580), the memory map and ExitBootServices last (efi-stub-helper.c:427–446).
    const names = r.services.filter((c) => c.kind === 'boot' && c.name !== 'CopyMem' && c.name !== 'SetMem').map((c) => c.name);
    expect(names[0]).toBe('HandleProtocol');
    expect(names.slice(-4)).toEqual(['AllocatePool', 'InstallConfigurationTable', 'GetMemoryMap', 'ExitBootServices']);
    expect(r.services.find((c) => c.name === 'LocateDevicePath')!.args.DevicePath).toBe('VenMedia(LINUX_EFI_INITRD_MEDIA)');
    expect(r.services.filter((c) => c.name === 'LoadFile2.LoadFile').map((c) => c.status)).toEqual(['EFI_BUFFER_TOO_SMALL', 'EFI_SUCCESS']);
    // 6.12 tiny is a 52-bit VA build: efi_novamap (arm64.c:67), so no SetVirtualAddressMap.
    expect(r.counts.SetVirtualAddressMap).toBeUndefined();
    // 6.2+ leaves the MMU and caches on (efi-emulation.md §2; arm64.c efi_enter_kernel).
    expect(r.mmu).toBe(true);
  });

  it('with no devicetree the stub generates an empty one (fdt.c:278)', async () => {
    const r = await emulate(efi('6.12.117-tiny-zboot-gzip'));
    expectKernelEntry(r);
    expect(r.messages).toEqual(['EFI stub: Decompressing Linux Kernel...', 'EFI stub: Generating empty DTB', 'EFI stub: Exiting boot services...']);
  });

  it('a command line reaches LoadOptions and /chosen/bootargs', async () => {
    const r = await emulate(efi('6.12.117-tiny-zboot-gzip'), { dtb: QEMU_DTB, cmdline: 'console=ttyAMA0 rdinit=/init' });
    expectKernelEntry(r);
    expect(fdtget(r.fdt!.bytes, 'bootargs', 's')).toBe('console=ttyAMA0 rdinit=/init');
    // The app's own /chosen reader agrees with fdtget.
    const props = chosenProperties(r.fdt!.bytes);
    expect(props.error).toBeUndefined();
    expect(props.props.find((p) => p.name === 'bootargs')?.text).toBe('"console=ttyAMA0 rdinit=/init"');
    expect(props.props.find((p) => p.name === 'linux,uefi-mmap-size')?.text).toBe(`0x${fdtget(r.fdt!.bytes, 'linux,uefi-mmap-size')}`);
    // A non-empty command line is measured first: TCG2, then CC (efi-stub-helper.c:262, :278).
    const locates = r.services.filter((c) => c.name === 'LocateProtocol').map((c) => c.args.Protocol);
    expect(locates.slice(0, 2)).toEqual(['EFI_TCG2_PROTOCOL', 'EFI_CC_MEASUREMENT_PROTOCOL']);
  });

  it('--rng: the stub finds EFI_RNG_PROTOCOL and installs a RANDOM_SEED table (random.c efi_random_get_seed)', async () => {
    const r = await emulate(efi('6.12.117-tiny-zboot-gzip'), { dtb: QEMU_DTB, rngSeed: 42n });
    expectKernelEntry(r);
    expect(r.services.some((c) => c.name === 'Rng.GetRNG' && c.status === 'EFI_SUCCESS')).toBe(true);
    expect(r.configTables.map((t) => t.guid)).toContain('LINUX_EFI_RANDOM_SEED_TABLE');
  });
});

describe('emulate: 6.1 zboot (LoadImage/StartImage of the inner PE)', () => {
  it.each(['gzip', 'lz4', 'lzo', 'zstd'])('%s: LoadFile2 output equals the Image; the inner stub runs to primary_entry', async (codec) => {
    const r = await emulate(efi(`6.1.192-tiny-zboot-${codec}`), { dtb: QEMU_DTB, initrd: INITRD });
    expectKernelEntry(r);
    expect(r.messages).toEqual(LINES_61);
    expect(r.loadFile).toEqual([{ size: 3639808n, sha256: SHA_61_IMAGES[codec] }]);
    // efi-entry.S: br to image + primary_entry_offset; the Image's `b primary_entry` at +4 says 0x29494c.
    expect(r.registers.pc - r.image!.addr).toBe(0x29494cn);
    // 6.1 efi-entry.S clears SCTLR_EL1.M and .C before the jump.
    expect(r.mmu).toBe(false);
    expect(r.dcache).toBe(false);
    const names = r.services.filter((c) => c.name !== 'CopyMem' && c.name !== 'SetMem').map((c) => c.name);
    expect(names.slice(0, 5)).toEqual(['HandleProtocol', 'HandleProtocol', 'AllocatePool', 'InstallMultipleProtocolInterfaces', 'LoadImage']); // zboot.c:189–252
    expect(r.services.find((c) => c.name === 'StartImage')!.status).toBe('did not return');
    expect(names.filter((n) => n === 'SetVirtualAddressMap')).toHaveLength(1); // 39-bit VA build: 6.1 fdt.c:307
  });

  it('gzip: the relocated Image differs from the native one only in the efi_system_table slot the stub wrote', async () => {
    const r = await emulate(efi('6.1.192-tiny-zboot-gzip'), { dtb: QEMU_DTB, initrd: INITRD });
    const native = fixture('arm64-6.1.192-tiny-build.Image.gz');
    const got = r.image!.bytes!;
    expect(got.length).toBe(native.length);
    const diff: number[] = [];
    for (let i = 0; i < got.length; i++) if (got[i] !== native[i]) diff.push(i);
    // efi-emulation.md §7.3(a): 0x2ce0b8 in the gzip fixture, 8 bytes: the system table pointer.
    expect(diff[0]).toBeGreaterThanOrEqual(0x2ce0b8);
    expect(diff.at(-1)!).toBeLessThan(0x2ce0b8 + 8);
    expect(new DataView(got.buffer, got.byteOffset).getBigUint64(0x2ce0b8, true)).toBe(r.systemTable);
  });
});

describe('emulate: damaged and hostile images end with a clear reason', () => {
  const base = efi('6.12.117-tiny-zboot-gzip');
  const entryOff = peLoadPlan(base).plan!.entry; // .text has VirtualAddress == PointerToRawData (0x1000)
  const patched = (words: number[]) => {
    const b = base.slice();
    words.forEach((w, i) => new DataView(b.buffer).setUint32(entryOff + 4 * i, w, true));
    return b;
  };

  it('an endless loop at the entry uses up the instruction budget', async () => {
    const r = await emulate(patched([0x14000000]), { maxInstructions: 2_000_000 }); // b .
    expect(r.exit).toBe('budget');
    expect(r.reason).toMatch(/instruction budget of 2000000 used up at pc 0x[0-9a-f]+/);
  });

  it('a jump to nowhere faults with the address', async () => {
    const r = await emulate(patched([0xd2a02010, 0xd61f0200])); // movz x16, #0x100, lsl #16; br x16
    expect(r.exit).toBe('error');
    expect(r.reason).toMatch(/0x1000000/);
  });

  it('a write past the end of RAM faults with the address and the pc', async () => {
    const r = await emulate(patched([0xd2b00010, 0xf9000200])); // movz x16, #0x8000, lsl #16; str x0, [x16]
    expect(r.exit).toBe('error');
    expect(r.reason).toMatch(/write of 8 bytes at 0x80000000 outside RAM at pc 0x[0-9a-f]+/);
  });

  it('an undefined instruction stops with its word', async () => {
    const r = await emulate(patched([0x00000000])); // udf #0
    expect(r.exit).toBe('error');
    expect(r.reason).toMatch(/word 0x00000000/);
  });

  it('a payload cut short: decompression fails and the stub returns its error', async () => {
    const b = base.slice();
    const start = new DataView(b.buffer).getUint32(0x08, true); // zboot header payload_offset (zboot-header.S)
    b.fill(0, start + 0x1000, start + 0x100000);
    const r = await emulate(b);
    expect(r.exit).toBe('error');
    expect(r.reason).toMatch(/returned to the firmware with status EFI_DEVICE_ERROR/); // zboot.c:133
    expect(r.messages.join('\n')).toMatch(/Decompression failed/);
  });

  it('a file cut short is refused by the PE loader, naming the section', async () => {
    const r = await emulate(base.subarray(0, 0x8000));
    expect(r.exit).toBe('error');
    expect(r.reason).toMatch(/cannot load the image: .*section \.text .*past the end of the file \(0x8000\)/);
  });
});
