// Memory presets. The QEMU virt 512 MiB and 1 GiB maps are the memblock listings a real 6.12
// arm64 kernel printed (shared/fixtures/kexec-ground-truth/m512M-noinitrd and m1G-initrd4M).
// Larger QEMU sizes are extrapolated from those two; the boards are illustrative shapes.
import type { MemoryMap } from './memoryMap';
import type { MemRegion } from './memoryText';

export interface Preset {
  id: string;
  label: string;
  /** Where the numbers come from. */
  provenance: string;
  build: () => MemoryMap;
}

const GIB = 1n << 30n;
const MIB = 1n << 20n;
const r = (start: bigint, end: bigint, flags?: string): MemRegion => (flags ? { start, end, flags } : { start, end });

// Early reservations of the 6.12 tiny kernel booted directly by QEMU (m1G-initrd4M
// memblock_reserved.txt): kernel text, kernel data, and a block QEMU's boot left at 0x48600000.
const LOW = [r(0x40200000n, 0x404cffffn), r(0x40540000n, 0x4064ffffn), r(0x48600000n, 0x486fffffn)];
// The top-of-RAM reservations of the same run, as offsets below the end of RAM (0x80000000).
const TOP_1G: Array<[bigint, bigint]> = [
  [0x7ed00000n, 0x7fdfffffn], [0x7fe48000n, 0x7fe4afffn], [0x7fe4bbc0n, 0x7ffcbfc7n], [0x7ffcc000n, 0x7ffdcfffn],
  [0x7ffdf000n, 0x7ffe0fffn], [0x7ffe10c0n, 0x7ffe10cfn], [0x7ffe1100n, 0x7ffe1687n], [0x7ffe16c0n, 0x7ffe17dfn],
  [0x7ffe1800n, 0x7ffe1807n], [0x7ffe1840n, 0x7ffe1843n], [0x7ffe1880n, 0x7ffe1887n], [0x7ffe18c0n, 0x7ffe18e3n],
  [0x7ffe1900n, 0x7ffe1923n], [0x7ffe1940n, 0x7fff2ac7n], [0x7fff2ad8n, 0x7fffcffbn], [0x7fffd000n, 0x7fffffffn],
];
const TOP_512M: Array<[bigint, bigint]> = [
  [0x5f600000n, 0x5fdfffffn], [0x5fe8b000n, 0x5ff0afffn], [0x5ff0bbc0n, 0x5ffcbfc7n], [0x5ffcc000n, 0x5ffe0fffn],
  [0x5ffe1140n, 0x5ffe114fn], [0x5ffe1180n, 0x5ffe1707n], [0x5ffe1740n, 0x5ffe185fn], [0x5ffe1880n, 0x5ffe1887n],
  [0x5ffe18c0n, 0x5ffe18c3n], [0x5ffe1900n, 0x5ffe1907n], [0x5ffe1940n, 0x5ffe1947n], [0x5ffe1980n, 0x5ffe1990n],
  [0x5ffe19c0n, 0x5ffe1a9fn], [0x5ffe1ac0n, 0x5fff2ad0n], [0x5fff2ad8n, 0x5fffcffbn], [0x5fffd000n, 0x5fffffffn],
];

function qemuVirt(ram: bigint): MemoryMap {
  const end = 0x40000000n + ram - 1n;
  let top: MemRegion[];
  let provenance: string;
  if (ram === GIB / 2n) {
    top = TOP_512M.map(([s, e]) => r(s, e));
    provenance = 'real: memblock listing of a 6.12.117 arm64 kernel on QEMU virt, 512 MiB (kexec-ground-truth/m512M-noinitrd)';
  } else if (ram === GIB) {
    top = TOP_1G.map(([s, e]) => r(s, e));
    provenance = 'real: memblock listing of a 6.12.117 arm64 kernel on QEMU virt, 1 GiB (kexec-ground-truth/m1G-initrd4M)';
  } else {
    // The large top block grows with RAM (8 MiB at 512 MiB, 17 MiB at 1 GiB: the struct page
    // array is 64 bytes per 4 KiB page, plus slack); the small ones keep their distance from the end.
    const shift = end - 0x7fffffffn;
    const big = ram / 64n + MIB;
    const [, firstEnd] = TOP_1G[0] as [bigint, bigint];
    top = [r(firstEnd + shift - big + 1n, firstEnd + shift), ...TOP_1G.slice(1).map(([s, e]) => r(s + shift, e + shift))];
    provenance = 'extrapolated from the real 512 MiB and 1 GiB QEMU virt listings (top-of-RAM block scaled with RAM); not captured';
  }
  return {
    source: 'preset',
    label: `QEMU virt, ${ram >= GIB ? `${ram / GIB} GiB` : `${ram / MIB} MiB`}`,
    memory: [r(0x40000000n, end, 'NONE')],
    reserved: [...LOW, ...top],
    notes: [provenance],
  };
}

export const PRESETS: Preset[] = [
  ...[GIB / 2n, GIB, 2n * GIB, 4n * GIB, 8n * GIB].map((ram) => ({
    id: `qemu-virt-${ram >= GIB ? `${ram / GIB}G` : `${ram / MIB}M`}`,
    label: `QEMU virt, ${ram >= GIB ? `${ram / GIB} GiB` : `${ram / MIB} MiB`}`,
    provenance: ram <= GIB ? 'real kernel listing' : 'extrapolated',
    build: () => qemuVirt(ram),
  })),
  {
    id: 'qemu-virt-uefi-1G',
    label: 'QEMU virt + UEFI (EDK2), 1 GiB, NOMAP holes',
    provenance: 'real: 6.12.117 booted as a gzip zboot image by EDK2 (kexec-ground-truth/efi-gzip-1G-initrd4M)',
    build: () => ({
      source: 'preset',
      label: 'QEMU virt + UEFI, 1 GiB',
      memory: [
        r(0x04000000n, 0x07ffffffn, 'NOMAP'), r(0x40000000n, 0x7c43ffffn, 'NONE'), r(0x7c440000n, 0x7c72ffffn, 'NOMAP'),
        r(0x7c730000n, 0x7fbfffffn, 'NONE'), r(0x7fc00000n, 0x7ffdffffn, 'NOMAP'), r(0x7ffe0000n, 0x7fffffffn, 'NONE'),
      ],
      reserved: [
        r(0x40000000n, 0x402cffffn), r(0x40340000n, 0x4044ffffn), r(0x7bb10000n, 0x7bb21ec2n), r(0x7c275f98n, 0x7c275fa7n),
        r(0x7e58c018n, 0x7e58c417n), r(0x7e600000n, 0x7f9fffffn), r(0x7fa5f000n, 0x7fbfffffn), r(0x7ffe3000n, 0x7ffe8fffn),
        r(0x7ffe97c0n, 0x7ffe9bc7n), r(0x7ffe9c00n, 0x7ffe9fffn), r(0x7ffec000n, 0x7ffedfffn), r(0x7ffee0c0n, 0x7ffee0cfn),
        r(0x7ffee100n, 0x7ffee287n), r(0x7ffee2c0n, 0x7ffee3dfn), r(0x7ffee400n, 0x7ffee407n), r(0x7ffee440n, 0x7ffee443n),
        r(0x7ffee480n, 0x7ffee487n), r(0x7ffee4c0n, 0x7ffee4f1n), r(0x7ffee500n, 0x7ffee531n), r(0x7ffee540n, 0x7ffee827n),
        r(0x7ffee840n, 0x7ffef847n), r(0x7ffef868n, 0x7fff9ffbn), r(0x7fffa000n, 0x7fffffffn),
      ],
      notes: ['real kernel listing: EFI runtime and reserved regions are NOMAP in memblock and never used by kexec'],
    }),
  },
  {
    id: 'board-rpi4-4G',
    label: 'Raspberry Pi 4 shape, 4 GiB (illustrative)',
    provenance: 'illustrative: DRAM banks with the VideoCore carve-out and the 0xfc000000 peripheral hole, firmware and reserved-memory blocks; not captured',
    build: () => ({
      source: 'preset',
      label: 'Raspberry Pi 4 shape, 4 GiB',
      memory: [r(0x00000000n, 0x3b3fffffn, 'NONE'), r(0x40000000n, 0xfbffffffn, 'NONE'), r(0x100000000n, 0x13fffffffn, 'NONE')],
      reserved: [
        r(0x00000000n, 0x00000fffn), // spin table
        r(0x00200000n, 0x025fffffn), // running kernel
        r(0x02600000n, 0x0260ffffn), // DT
        r(0x02700000n, 0x02efffffn), // boot initrd
        r(0x2c000000n, 0x3bffffffn), // CMA reserved-memory (linux,cma)
        r(0xf9e00000n, 0xfbffffffn), // top-of-low-RAM page tables, swiotlb
        r(0x13fe00000n, 0x13fffffffn), // memblock allocations at the top
      ],
      notes: ['illustrative shape, not a captured listing'],
    }),
  },
  {
    id: 'server-64G-holes',
    label: 'Server shape, 64 GiB over two banks with a PCI hole (illustrative)',
    provenance: 'illustrative: DRAM at 0x80000000 (2 GiB) and 0x8_80000000 (62 GiB), firmware NOMAP, reserved-memory for a secure monitor; not captured',
    build: () => ({
      source: 'preset',
      label: 'Server shape, 64 GiB',
      memory: [
        r(0x80000000n, 0x80ffffffn, 'NOMAP'), r(0x81000000n, 0xffffffffn, 'NONE'), r(0x880000000n, 0x107fffffffn, 'NONE'),
      ],
      reserved: [
        r(0x81000000n, 0x8100ffffn), // EFI memreserve table
        r(0x90000000n, 0x93ffffffn), // secure monitor reserved-memory (no-map would be NOMAP; this one is not)
        r(0xc0200000n, 0xc3ffffffn), // running kernel
        r(0xfe000000n, 0xffffffffn), // swiotlb below 4 GiB
        r(0x107f000000n, 0x107fffffffn), // memblock top allocations
      ],
      notes: ['illustrative shape, not a captured listing'],
    }),
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
