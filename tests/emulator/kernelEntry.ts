// What every arm64 run that reaches the kernel must show, whatever the kernel generation, and the
// inputs the fixture runs share: QEMU virt's own devicetree and a 4 MiB initrd, as in the
// kexec-ground-truth/efi-gzip-1G-initrd4M run under EDK2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { EmulationReport } from '../../src/core/emulator/run';
import { FIXTURES } from '../fixtures';
import { be32, be64, chosenProps } from './fdtChosen';

export const QEMU_DTB = new Uint8Array(gunzipSync(readFileSync(join(FIXTURES, 'kexec-ground-truth/efi-gzip-1G-initrd4M/qemu-virt.dtb.gz'))));
export const INITRD = new Uint8Array(4 << 20).fill(0x5a); // 4 MiB, as in the efi-gzip-1G-initrd4M ground truth

export function expectKernelEntry(r: EmulationReport): void {
  expect(r.reason).toMatch(/jumped to the kernel/);
  expect(r.exit).toBe('kernel-entry');
  // arch/arm64/kernel/efi-entry.S (6.1) / libstub/arm64.c efi_enter_kernel: x0 = FDT, x1–x3 = 0.
  expect([r.registers.x1, r.registers.x2, r.registers.x3]).toEqual([0n, 0n, 0n]);
  expect(r.fdt?.addr).toBe(r.registers.x0);
  const chosen = chosenProps(r.fdt!.bytes);
  // fdt.c update_fdt (:100–140) and update_fdt_memmap (:153): the five linux,uefi-* properties.
  expect(be64(chosen.get('linux,uefi-system-table'))).toBe(r.systemTable);
  const descSize = be32(chosen.get('linux,uefi-mmap-desc-size'))!;
  expect(descSize).toBe(48);
  expect(be32(chosen.get('linux,uefi-mmap-desc-ver'))).toBe(1);
  const size = be32(chosen.get('linux,uefi-mmap-size'))!;
  expect(size % descSize).toBe(0);
  expect(size).toBeGreaterThan(0);
  const start = be64(chosen.get('linux,uefi-mmap-start'))!;
  const memmap = r.configTables.find((t) => t.guid === 'LINUX_EFI_BOOT_MEMMAP')!.table;
  // struct efi_boot_memmap (efistub.h:176): 5 × 8 bytes of header, then the map itself.
  expect(start).toBe(memmap + 0x28n);
  // 2 = efi_secureboot_mode_disabled (include/linux/efi.h), SecureBoot not found.
  expect(be32(chosen.get('linux,uefi-secure-boot'))).toBe(2);
  expect(r.stackPeak).toBeGreaterThan(0);
  expect(r.stackPeak).toBeLessThan(0x20000);
}

