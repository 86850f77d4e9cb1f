// The long runs, in their own file so vitest runs them beside the rest instead of after it:
// 6.1 xz and lzma (383 M and 781 M instructions, efi-emulation.md §5; 10–20× gzip), and a 32 MiB
// distro Image relocated three times.
import { describe, expect, it } from 'vitest';
import { SHA_61_IMAGES, fixture } from '../../../tests/fixtures';
import { INITRD, QEMU_DTB, expectKernelEntry } from '../../../tests/emulator/kernelEntry';
import { emulate } from './run';

describe('emulate: 6.1 xz and lzma zboot', () => {
  it.each(['xz', 'lzma'])('%s: runs to primary_entry with the LoadFile2 output equal to the Image', async (codec) => {
    const r = await emulate(fixture(`arm64-6.1.192-tiny-zboot-${codec}.vmlinuz.efi`), { dtb: QEMU_DTB, initrd: INITRD });
    expectKernelEntry(r);
    expect(r.loadFile).toEqual([{ size: 3639808n, sha256: SHA_61_IMAGES[codec] }]);
    expect(r.registers.pc - r.image!.addr).toBe(0x29494cn);
  }, 400_000);
});

describe('emulate: KASLR with --rng (Debian 6.1 arm64 Image, RANDOMIZE_BASE=y, run as the EFI application it is)', () => {
  // shared/fixtures/README.md: Debian's signed /boot/vmlinuz-6.1.0-50-arm64, a plain Image whose
  // own EFI stub (efi_pe_entry, 6.1 arm64-stub.c handle_kernel_image) places the kernel.
  const deb = fixture('debian-6.1.0-50-arm64-vmlinuz.gz');
  it('no RNG: "EFI_RNG_PROTOCOL unavailable" and the kernel runs where it was loaded; seeds move it', async () => {
    const none = await emulate(deb, { dtb: QEMU_DTB });
    expectKernelEntry(none);
    expect(none.messages).toContain('EFI stub: EFI_RNG_PROTOCOL unavailable'); // arm64-stub.c:156
    expect(none.image!.addr).toBe(none.loaded!.base); // arm64-stub.c:197 "execute from wherever we were loaded"
    const placed: bigint[] = [];
    for (const seed of [1n, 2n]) {
      const r = await emulate(deb, { dtb: QEMU_DTB, rngSeed: seed });
      expectKernelEntry(r);
      expect(r.messages).not.toContain('EFI stub: EFI_RNG_PROTOCOL unavailable');
      // efi_random_alloc (randomalloc.c:133): AllocateAddress of LoaderCode at the slot the seed picked
      const alloc = r.services.find((c) => c.name === 'AllocatePages' && c.args.Type === 'AllocateAddress')!;
      expect(alloc.args.MemoryType).toBe('LoaderCode');
      expect(BigInt(alloc.args.Memory as string)).toBe(r.image!.addr);
      // the entry is the same offset into the Image wherever it lands (the `b primary_entry` at +4)
      expect(r.registers.pc - r.image!.addr).toBe(none.registers.pc - none.image!.addr);
      placed.push(r.image!.addr);
    }
    expect(placed[0]).not.toBe(placed[1]);
  }, 120_000);
});
