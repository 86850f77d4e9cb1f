// What every arm64 run that reaches the kernel must show, whatever the kernel generation, and the
// inputs the fixture runs share: QEMU virt's own devicetree and a 4 MiB initrd, as in the
// kexec-ground-truth/efi-gzip-1G-initrd4M run under EDK2.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { EmulationReport } from '../../src/core/emulator/run';
import { FIXTURES } from '../fixtures';

/** /chosen properties as dtc's fdtget reads them (`fdtget -t x` / `-t s`), the independent oracle. */
export function fdtget(fdt: Uint8Array, prop: string, type: 'x' | 's' = 'x'): string {
  const f = join(mkdtempSync(join(tmpdir(), 'emu-fdt-')), 'x0.dtb');
  writeFileSync(f, fdt);
  return execFileSync('fdtget', ['-t', type, f, '/chosen', prop], { encoding: 'utf8' }).trim();
}
const u32 = (fdt: Uint8Array, p: string) => parseInt(fdtget(fdt, p), 16);
const u64 = (fdt: Uint8Array, p: string) => {
  const [hi, lo] = fdtget(fdt, p).split(/\s+/).map((w) => BigInt(`0x${w}`));
  return ((hi as bigint) << 32n) | (lo as bigint);
};

export const QEMU_DTB = new Uint8Array(gunzipSync(readFileSync(join(FIXTURES, 'kexec-ground-truth/efi-gzip-1G-initrd4M/qemu-virt.dtb.gz'))));
export const INITRD = new Uint8Array(4 << 20).fill(0x5a); // 4 MiB, as in the efi-gzip-1G-initrd4M ground truth

export function expectKernelEntry(r: EmulationReport): void {
  expect(r.reason).toMatch(/jumped to the kernel/);
  expect(r.exit).toBe('kernel-entry');
  // arch/arm64/kernel/efi-entry.S (6.1) / libstub/arm64.c efi_enter_kernel: x0 = FDT, x1–x3 = 0.
  expect([r.registers.x1, r.registers.x2, r.registers.x3]).toEqual([0n, 0n, 0n]);
  expect(r.fdt?.addr).toBe(r.registers.x0);
  const fdt = r.fdt!.bytes;
  // fdt.c update_fdt (:100–140) and update_fdt_memmap (:153): the five linux,uefi-* properties.
  expect(u64(fdt, 'linux,uefi-system-table')).toBe(r.systemTable);
  const descSize = u32(fdt, 'linux,uefi-mmap-desc-size');
  expect(descSize).toBe(48);
  expect(u32(fdt, 'linux,uefi-mmap-desc-ver')).toBe(1);
  const size = u32(fdt, 'linux,uefi-mmap-size');
  expect(size % descSize).toBe(0);
  expect(size).toBeGreaterThan(0);
  const start = u64(fdt, 'linux,uefi-mmap-start');
  const memmap = r.configTables.find((t) => t.guid === 'LINUX_EFI_BOOT_MEMMAP')!.table;
  // struct efi_boot_memmap (efistub.h:176): 5 × 8 bytes of header, then the map itself.
  expect(start).toBe(memmap + 0x28n);
  // 2 = efi_secureboot_mode_disabled (include/linux/efi.h), SecureBoot not found.
  expect(u32(fdt, 'linux,uefi-secure-boot')).toBe(2);
  expect(r.stackPeak).toBeGreaterThan(0);
  expect(r.stackPeak).toBeLessThan(0x20000);
}

