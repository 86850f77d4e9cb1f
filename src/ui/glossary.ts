// Terms a first-time reader meets in the field and phase explanations, in one place.
export const GLOSSARY: Record<string, string> = {
  'EFI zboot': 'A small EFI application (vmlinuz.efi) whose payload is the compressed kernel Image; the firmware runs it and it decompresses the kernel. Since Linux 6.1 on arm64, riscv64, loongarch64.',
  text_offset: 'arm64 Image header field: how far above a 2 MiB-aligned base the Image must be placed. 0 since about v5.8 (0x80000 before).',
  image_size: 'arm64 Image header field: memory the kernel needs from its start, including BSS — what kexec reserves, larger than the file.',
  memblock: 'The early boot memory allocator. arm64 keeps it after boot (ARCH_KEEP_MEMBLOCK), and kexec_file_load searches its free ranges: memory minus what was reserved at boot.',
  NOMAP: 'A memblock flag for memory the kernel must not map, such as EFI runtime regions; kexec never places anything there.',
  crashk_res: 'The crash kernel region reserved by crashkernel=; a kdump load puts every segment inside it.',
  kexec_file_load: 'The syscall that takes file descriptors and lets the kernel parse, verify and place the new kernel (as opposed to kexec_load, where user space places segments).',
  kexec_load: 'The classic syscall: user space (kexec-tools) hands over ready-made segments; nothing is signature-checked.',
  IND_SOURCE: 'An entry in the kimage list: "copy one page from this source page to the current destination". IND_DESTINATION sets the destination, IND_INDIRECTION links the next list page, IND_DONE ends it.',
  IND_DESTINATION: 'An entry in the kimage list that sets where the following IND_SOURCE pages are copied to.',
  PoC: 'Point of Coherency: the level of the memory system where all observers see the same data. The new kernel starts with caches off, so its pages must be cleaned to PoC.',
  PoU: 'Point of Unification: where instruction and data caches see the same copy; relevant for code that was just written.',
  EL2: 'Exception level 2, the hypervisor level on arm64. The kernel prefers to be entered at EL2 so it can run KVM.',
  EL1: 'Exception level 1, where an ordinary kernel runs.',
  DAIF: 'The arm64 interrupt mask bits (Debug, SError, IRQ, FIQ). "DAIF masked" means no exception can interrupt the handoff.',
  VHE: 'Virtualization Host Extensions: the host kernel runs at EL2 directly.',
  MMU: 'The memory management unit: on, the CPU translates virtual addresses through page tables; off, addresses are physical. The arm64 boot protocol wants it off.',
  dtb: 'Flattened devicetree blob: the hardware description the new kernel reads, with /chosen carrying the command line, initrd location and EFI details. x0 holds its physical address at entry.',
  initrd: 'Initial RAM disk (initramfs) handed to the new kernel; arm64 wants it within a 1 GiB-aligned 32 GiB window above the kernel.',
  elfcorehdr: 'The ELF header describing the crashed kernel\'s memory, prepared for a kdump kernel and passed in the dtb (linux,elfcorehdr).',
  Authenticode: 'The PE signature format (PKCS#7 in the certificate table) the kernel checks under KEXEC_SIG.',
  KEXEC_SIG: 'Kernel option: verify the PE signature of a kexec_file_load image; with KEXEC_SIG_FORCE (or lockdown) a bad or missing signature is fatal.',
  lockdown: 'A kernel mode (usually on under Secure Boot) that forbids unsigned kexec and the classic kexec_load.',
  CMA: 'Contiguous Memory Allocator; since 6.17 kexec may place non-crash segments in a CMA area so they need no copy at reboot.',
  'kexec-tools': 'The user-space kexec tool (kexec -s uses kexec_file_load, -c kexec_load); since 2.0.27 it decompresses zboot images itself.',
  trans_pgd: 'A copy of the kernel\'s linear-map page tables that the relocation code uses while it overwrites the old kernel (arm64, 5.15+).',
};

const TERMS = Object.keys(GLOSSARY).sort((a, b) => b.length - a.length);
export const GLOSSARY_RE = new RegExp(`\\b(${TERMS.map((t) => t.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')})\\b`, 'g');
