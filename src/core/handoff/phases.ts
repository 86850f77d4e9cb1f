// The kexec handoff on arm64 as data: for each phase what runs, where in the kernel, the CPU
// state that matters and which memory is live, being written or dead. Facts and order from the
// domain notes §4.1 (load) and §4.2 (execute); the proposal path from §5.3 and §5.6.
import { hex } from '../bytes/hex';
import type { EmulationReport } from '../emulator/run';
import type { Layout } from '../kexec/layout';
import { type ObservedStep, observedStubPhases } from './observedStub';

export type Liveness = 'live' | 'writing' | 'dead' | 'idle';

export interface CpuState {
  el: string;
  mmu: string;
  dcache: string;
  icache: string;
  interrupts: string;
  cpus: string;
  /** Registers that carry meaning in this phase. */
  registers: Record<string, string>;
}

export interface Phase {
  id: string;
  title: string;
  explanation: string;
  functions: string[];
  sources: string[];
  cpu: CpuState;
  /** Liveness per memory region: segment roles plus the kimage bookkeeping and the old kernel. */
  memory: Record<string, Liveness>;
  /** Only in the not-merged emulated-EFI proposal. */
  proposal?: boolean;
  /** What the domain notes mark as not confirmed for this phase. */
  unverified?: string;
  /** Seen in a run of the image's own stub (emulator/run.ts), not modelled: its firmware calls in order. */
  observed?: ObservedStep;
}

export type HandoffPath = 'upstream' | 'zboot-proposal';

/** Regions that are not kexec segments but matter to the story. */
export const BOOKKEEPING = ['old kernel', 'kimage source pages', 'indirection list', 'control page', 'trans_pgd copy'] as const;

const RUNNING: CpuState = {
  el: 'EL1 (EL2 with VHE)',
  mmu: 'on',
  dcache: 'on',
  icache: 'on',
  interrupts: 'enabled',
  cpus: 'all online',
  registers: {},
};

function mem(roles: string[], seg: Liveness, extra: Record<string, Liveness>): Record<string, Liveness> {
  const m: Record<string, Liveness> = { 'old kernel': 'live', 'kimage source pages': 'idle', 'indirection list': 'idle', 'control page': 'idle', 'trans_pgd copy': 'idle' };
  for (const r of roles) m[r] = seg;
  return { ...m, ...extra };
}

export interface PhaseOptions {
  path: HandoffPath;
  crash: boolean;
  /** Placed segments: addresses for the registers and the roles to colour. */
  layout?: Layout;
  /** A run of the image's own stub to the kernel entry: the proposal path's stub phases come from its trace. */
  observed?: EmulationReport;
}

export function phases({ path, crash, layout, observed }: PhaseOptions): Phase[] {
  const segs = layout?.segments ?? [];
  const roles = segs.map((s) => s.role);
  const dtb = segs.find((s) => s.role === 'dtb');
  const entry = layout?.entry;
  const emulator = segs.find((s) => s.role === 'emulator');
  const param = segs.find((s) => s.role.startsWith('emulator param'));
  const proposal = path === 'zboot-proposal';
  const dtbPa = dtb ? hex(dtb.mem) : 'dtb PA';
  const entryPa = entry !== undefined ? hex(entry) : 'image->start';
  const out: Phase[] = [];

  out.push({
    id: 'syscall',
    title: 'kexec_file_load()',
    explanation:
      'User space hands the kernel file descriptors, not addresses: kernel_fd, initrd_fd and the command line. The kernel checks the caller may kexec (CAP_SYS_BOOT, kexec_load_permitted) and takes the kexec lock. The old kernel runs normally throughout loading.',
    functions: ['SYSCALL_DEFINE5(kexec_file_load)', 'kexec_load_permitted', 'kexec_trylock'],
    sources: ['kernel/kexec_file.c'],
    cpu: { ...RUNNING, registers: { x0: 'kernel_fd', x1: 'initrd_fd', x2: 'cmdline_len', x3: 'cmdline_ptr', x4: crash ? 'flags (KEXEC_FILE_ON_CRASH)' : 'flags' } },
    memory: mem(roles, 'idle', {}),
  });
  out.push({
    id: 'probe',
    title: proposal ? 'Read and probe: a PE file' : 'Read and probe the Image',
    explanation: proposal
      ? 'The file is read into a vmalloc buffer. In the proposal a PE loader recognises the zboot (or UKI) file instead of requiring the "ARM\\x64" magic, and takes the whole file as the kernel segment without decompressing it.'
      : 'The file is read into a vmalloc buffer and each registered loader probes it. arm64 has one, the Image loader: it needs the "ARM\\x64" magic at 0x38, so a zboot vmlinuz.efi fails here with EINVAL.',
    functions: proposal ? ['kernel_read_file_from_fd', 'pe_image_probe [RFC]'] : ['kernel_read_file_from_fd', 'arch_kexec_kernel_image_probe', 'image_probe'],
    sources: proposal ? ['kernel/kexec_file.c', 'kernel/kexec_pe_image.c [RFCv2, not merged]'] : ['kernel/kexec_file.c', 'arch/arm64/kernel/kexec_image.c'],
    cpu: RUNNING,
    memory: mem(roles, 'idle', {}),
    ...(proposal ? { proposal: true } : {}),
  });
  out.push({
    id: 'verify',
    title: 'Verify the signature (CONFIG_KEXEC_SIG)',
    explanation: proposal
      ? 'The buffer as given is verified, so here the outer zboot PE signature counts — the signed vmlinuz.efi distributions ship. That is the point of the proposal: no separately signed inner Image is needed.'
      : 'The buffer as given is verified as a PE: against the secondary keyring, then the platform keyring. With KEXEC_SIG_FORCE or lockdown a failure is fatal. When kexec-tools decompressed a zboot file, this checks the inner Image, which must then be signed itself.',
    functions: ['kimage_validate_signature', 'kexec_image_verify_sig', 'kexec_kernel_verify_pe_sig', 'verify_pefile_signature'],
    sources: ['kernel/kexec_file.c', 'crypto/asymmetric_keys/verify_pefile.c'],
    cpu: RUNNING,
    memory: mem(roles, 'idle', {}),
  });
  out.push({
    id: 'layout',
    title: 'Decide the addresses',
    explanation: `Only addresses are chosen here: the kernel bottom-up at 2 MiB alignment, then ${crash ? 'the ELF core header, ' : ''}initrd and dtb above it (kexec_add_buffer for each, searching ${crash ? 'inside crashk_res' : 'free memblock ranges'}). Nothing is copied to these destinations yet: the old kernel may still be using those pages.`,
    functions: ['image_load', 'load_other_segments', 'kexec_add_buffer', 'kexec_locate_mem_hole', ...(proposal ? ['(emulator + param segments) [RFC]'] : [])],
    sources: ['arch/arm64/kernel/kexec_image.c', 'arch/arm64/kernel/machine_kexec_file.c', 'kernel/kexec_file.c', 'drivers/of/kexec.c'],
    cpu: RUNNING,
    memory: mem(roles, 'idle', {}),
  });
  out.push({
    id: 'load',
    title: crash ? 'Copy straight into the crash region' : 'Copy into source pages, build the IND_* list',
    explanation: crash
      ? 'For a crash kernel the reserved crashk_res is unused by the running kernel, so each segment is copied directly to its destination; the entry list stays empty (head = IND_DONE). The region is then protected.'
      : 'Each segment page is copied into a freshly allocated source page that is not a destination. An indirection page records IND_DESTINATION once per segment and one IND_SOURCE per page; kimage_terminate writes IND_DONE. machine_kexec_post_load copies the relocation code into the control page and builds its page tables.',
    functions: crash ? ['kimage_load_segment', 'kimage_terminate', 'arch_kexec_protect_crashkres'] : ['kimage_load_segment', 'kimage_alloc_control_pages', 'kimage_terminate', 'machine_kexec_post_load', 'trans_pgd_create_copy', 'trans_pgd_idmap_page'],
    sources: ['kernel/kexec_core.c', 'arch/arm64/kernel/machine_kexec.c', 'arch/arm64/mm/trans_pgd.c'],
    cpu: RUNNING,
    memory: crash ? mem(roles, 'writing', { 'control page': 'writing' }) : mem(roles, 'idle', { 'kimage source pages': 'writing', 'indirection list': 'writing', 'control page': 'writing', 'trans_pgd copy': 'writing' }),
  });
  out.push({
    id: 'reboot',
    title: crash ? 'panic() → __crash_kexec()' : 'reboot(LINUX_REBOOT_CMD_KEXEC)',
    explanation: crash
      ? 'On a panic the loaded crash image is started at once: machine_crash_shutdown stops the other CPUs with an IPI and saves their registers for the dump. No device shutdown happens: the crashed kernel cannot be trusted to do it.'
      : 'The loaded image is started by reboot(). Reboot notifiers and device shutdown run, the task moves to the reboot CPU, and machine_shutdown takes every secondary CPU offline (PSCI CPU_OFF).',
    functions: crash ? ['panic', '__crash_kexec', 'machine_crash_shutdown'] : ['kernel_kexec', 'kernel_restart_prepare', 'migrate_to_reboot_cpu', 'syscore_shutdown', 'machine_shutdown', 'smp_shutdown_nonboot_cpus'],
    sources: crash ? ['kernel/panic.c', 'kernel/crash_core.c', 'arch/arm64/kernel/machine_kexec.c'] : ['kernel/reboot.c', 'kernel/kexec_core.c', 'arch/arm64/kernel/process.c'],
    cpu: { ...RUNNING, cpus: crash ? 'panicking CPU; others stopped by IPI' : 'reboot CPU only; secondaries off', registers: crash ? {} : { x0: '0xfee1dead', x1: '672274793', x2: 'LINUX_REBOOT_CMD_KEXEC (0x45584543)' } },
    memory: crash ? mem(roles, 'live', {}) : mem(roles, 'idle', { 'kimage source pages': 'live', 'indirection list': 'live', 'control page': 'live', 'trans_pgd copy': 'live' }),
  });
  out.push({
    id: 'machine-kexec',
    title: 'machine_kexec(): last words',
    explanation: 'The last C code of the old kernel: it checks only one CPU is left (for a normal kexec), prints "Bye!" and masks all exceptions (DAIF). From here nothing may sleep or take an interrupt.',
    functions: ['machine_kexec', 'local_daif_mask'],
    sources: ['arch/arm64/kernel/machine_kexec.c'],
    cpu: { ...RUNNING, interrupts: 'masked (DAIF)', cpus: 'one' },
    memory: crash ? mem(roles, 'live', {}) : mem(roles, 'idle', { 'kimage source pages': 'live', 'indirection list': 'live', 'control page': 'live', 'trans_pgd copy': 'live' }),
  });
  if (crash) {
    out.push({
      id: 'soft-restart',
      title: 'cpu_soft_restart: no copy needed',
      explanation: 'The segments are already in place (head has IND_DONE), so no relocation runs. The CPU jumps through the idmap into cpu_soft_restart, which turns the MMU off and branches to the crash kernel.',
      functions: ['cpu_install_idmap', 'cpu_soft_restart'],
      sources: ['arch/arm64/kernel/machine_kexec.c', 'arch/arm64/kernel/cpu-reset.S'],
      cpu: { el: 'EL1 (EL2 with VHE)', mmu: 'on → off (SCTLR_EL1 = INIT_SCTLR_EL1_MMU_OFF)', dcache: 'off', icache: 'on', interrupts: 'masked (DAIF)', cpus: 'one', registers: { x0: 'el2_switch', x1: `entry ${entryPa}`, x2: `dtb ${dtbPa}` } },
      memory: mem(roles, 'live', { 'old kernel': 'dead' }),
    });
  } else {
    out.push({
      id: 'relocate',
      title: 'arm64_relocate_new_kernel: the page copy',
      explanation: 'Running from the control page with the MMU still on (TTBR0 = identity map of that page, TTBR1 = a copy of the linear map), the relocation code walks the IND_* list: for every IND_SOURCE it copies one page to the current destination and cleans it to the point of coherency (dc civac). The old kernel\'s memory is overwritten as it goes.',
      functions: ['cpu_install_ttbr0', 'arm64_relocate_new_kernel', 'copy_page'],
      sources: ['arch/arm64/kernel/machine_kexec.c', 'arch/arm64/kernel/relocate_kernel.S'],
      cpu: { el: 'EL1 (EL2 with VHE)', mmu: 'on (idmap of the control page + linear-map copy)', dcache: 'on, cacheable copy', icache: 'on', interrupts: 'masked (DAIF)', cpus: 'one', registers: { x28: `KIMAGE_START ${entryPa}`, x26: `KIMAGE_ARCH_DTB_MEM ${dtbPa}`, x16: 'head (entry list)', x13: 'destination', x14: 'list pointer' } },
      memory: mem(roles, 'writing', { 'old kernel': 'dead', 'kimage source pages': 'live', 'indirection list': 'live', 'control page': 'live', 'trans_pgd copy': 'live' }),
    });
    out.push({
      id: 'mmu-off',
      title: proposal ? 'Leave the old page tables' : 'Caches and MMU off',
      explanation: 'The copy is done: barriers, the instruction cache is invalidated, and turn_off_mmu writes SCTLR_EL1 with the MMU and D-cache off. Every destination page was already cleaned to PoC, so the new kernel sees its bytes in memory.',
      functions: ['turn_off_mmu', 'pre_disable_mmu_workaround'],
      sources: ['arch/arm64/kernel/relocate_kernel.S'],
      cpu: { el: 'EL1 (EL2 with VHE)', mmu: 'off', dcache: 'off', icache: 'invalidated (ic iallu)', interrupts: 'masked (DAIF)', cpus: 'one', registers: { x28: `entry ${entryPa}`, x26: `dtb ${dtbPa}` } },
      memory: mem(roles, 'live', { 'old kernel': 'dead', 'kimage source pages': 'dead', 'indirection list': 'dead', 'control page': 'live', 'trans_pgd copy': 'dead' }),
    });
  }
  if (proposal) {
    const p = param ? hex(param.mem) : 'param segment';
    out.push({
      id: 'emulator-mmu-on',
      title: 'Identity map, stack, MMU on',
      explanation: 'Instead of the kernel, control goes to the emulator segment with x0 = the param segment. The emulator installs the identity map prepared in the control pages (its memory, the EFI runtime regions, the UART), sets sp inside the param segment and turns the MMU on itself — zboot\'s C code needs caches and a stack.',
      functions: ['efi_emulator entry [RFC]'],
      sources: ['arch/arm64/kernel/relocate_kernel.S [RFC: second payload kind]', 'drivers/firmware/efi/efi_emulator/ [RFCv2, not merged]'],
      cpu: { el: 'EL1 or EL2', mmu: 'on (emulator identity map)', dcache: 'on', icache: 'on', interrupts: 'masked', cpus: 'one', registers: { x0: `param ${p}`, pc: emulator ? hex(emulator.mem) : 'emulator', sp: param ? hex(param.mem + 0x20000n) : 'param + 128 KiB' } },
      memory: mem(roles, 'live', { 'old kernel': 'dead', 'kimage source pages': 'dead', 'indirection list': 'dead', 'control page': 'live', 'trans_pgd copy': 'dead' }),
      proposal: true,
      unverified: 'Step 3 of the 2023 plan; the RFC let the reset path turn the MMU off and the emulator turn it on again (domain notes §5.6).',
    });
    // the control pages hold the emulator's identity map while the stub runs
    const after = { 'old kernel': 'dead', 'kimage source pages': 'dead', 'indirection list': 'dead', 'control page': 'live', 'trans_pgd copy': 'dead' } as const;
    const seen = observed && observedStubPhases(observed, (extra) => mem(roles, 'live', { ...after, ...extra }));
    if (seen) return [...out, ...seen];
    out.push({
      id: 'efi-zboot-entry',
      title: 'efi_zboot_entry() under emulated boot services',
      explanation: 'The unmodified zboot EFI stub runs: it asks for memory with AllocatePages/AllocatePool (served from the param segment\'s heap), decompresses the payload there (efi_zboot_decompress), cleans the caches and prepares the kernel\'s boot.',
      functions: ['efi_zboot_entry', 'efi_zboot_decompress', 'emulated AllocatePages / AllocatePool [RFC]'],
      sources: ['drivers/firmware/efi/libstub/zboot.c', 'drivers/firmware/efi/libstub/efi-stub.c'],
      cpu: { el: 'EL1 or EL2', mmu: 'on (emulator identity map)', dcache: 'on', icache: 'on', interrupts: 'masked', cpus: 'one', registers: { x0: 'image handle', x1: 'emulated EFI system table' } },
      memory: mem(roles, 'live', { 'old kernel': 'dead', 'kimage source pages': 'dead', 'indirection list': 'dead', 'trans_pgd copy': 'dead', 'emulator param + stack + heap': 'writing' }),
      proposal: true,
      unverified: 'Which services v6.2+ zboot really needs is larger than step 4 of the plan suggested (HandleProtocol, GetMemoryMap, RNG, InstallConfigurationTable…; domain notes §5.3).',
    });
    out.push({
      id: 'exit-boot-services',
      title: 'ExitBootServices, then the decompressed kernel',
      explanation: 'The stub builds /chosen in the DTB, calls ExitBootServices (emulated) and enters the decompressed Image the way it would under firmware. From here it is a normal boot of the new kernel.',
      functions: ['efi_boot_kernel', 'efi_exit_boot_services', 'efi_enter_kernel'],
      sources: ['drivers/firmware/efi/libstub/efi-stub.c', 'drivers/firmware/efi/libstub/fdt.c', 'arch/arm64/kernel/efi-entry.S'],
      cpu: { el: 'EL1 or EL2', mmu: 'on (entered with MMU and caches on, 6.2+)', dcache: 'on', icache: 'on', interrupts: 'masked', cpus: 'one', registers: { x0: 'DTB built by the stub' } },
      memory: mem(roles, 'live', { 'old kernel': 'dead', 'kimage source pages': 'dead', 'indirection list': 'dead', 'control page': 'dead', 'trans_pgd copy': 'dead' }),
      proposal: true,
    });
    return out;
  }
  out.push({
    id: 'jump',
    title: 'Jump to the new kernel',
    explanation: 'The boot protocol of Documentation/arch/arm64/booting.rst: x0 = physical address of the dtb, x1–x3 = 0, MMU off, interrupts masked, at EL2 when the kernel was entered at EL2 (nVHE goes back up with HVC_SOFT_RESTART). The branch goes to the start of the Image (code0), not to the PE entry point.',
    functions: crash ? ['cpu_soft_restart'] : ['arm64_relocate_new_kernel (br x28)', 'HVC_SOFT_RESTART (nVHE)'],
    sources: crash ? ['arch/arm64/kernel/cpu-reset.S'] : ['arch/arm64/kernel/relocate_kernel.S', 'arch/arm64/kernel/hyp-stub.S'],
    cpu: { el: 'EL2 (or EL1)', mmu: 'off', dcache: 'off', icache: 'on (no stale lines)', interrupts: 'masked (DAIF)', cpus: 'one', registers: { x0: dtbPa, x1: '0', x2: '0', x3: '0', pc: entryPa } },
    memory: mem(roles, 'live', { 'old kernel': 'dead', 'kimage source pages': 'dead', 'indirection list': 'dead', 'control page': 'dead', 'trans_pgd copy': 'dead' }),
  });
  out.push({
    id: 'new-kernel',
    title: 'primary_entry: the new kernel starts',
    explanation: `The new kernel saves x0–x3 (preserve_boot_args warns if x1–x3 are not zero), settles its exception level and builds its own page tables. It finds its memory, initrd and command line in the dtb's /chosen${crash ? ', and linux,usable-memory-range / linux,elfcorehdr tell the crash kernel what it may use and where the dump header is' : ''}.`,
    functions: ['primary_entry', 'record_mmu_state', 'preserve_boot_args', 'init_kernel_el', '__primary_switch'],
    sources: ['arch/arm64/kernel/head.S'],
    cpu: { el: 'EL2 → EL1 (or VHE)', mmu: 'off → on', dcache: 'off → on', icache: 'on', interrupts: 'masked until later in boot', cpus: 'one (secondaries later via PSCI)', registers: { x0: dtbPa } },
    memory: mem(roles, 'live', { 'old kernel': 'dead', 'kimage source pages': 'dead', 'indirection list': 'dead', 'control page': 'dead', 'trans_pgd copy': 'dead' }),
  });
  return out;
}
