// 6.1 xz and lzma: the same checks as run.test.ts, in their own file because their
// decompressors cost 383 M and 781 M instructions (efi-emulation.md §5; 10–20× gzip), so vitest
// runs them beside the rest instead of after it.
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
