// The default machine: QEMU `virt` RAM from 0x4000_0000 (hw/arm/virt.c VIRT_MEM), 1 GiB.
// Its own file so a view can name it without pulling the CPU into its chunk.
export const QEMU_VIRT_1G = [{ base: 0x40000000n, size: 0x40000000n }];
