// Snapshots used by the golden-link tests and the property tests' seeds.
import type { Snapshot, SnapshotV1Shape } from './schema';

export const DEFAULT_LAYOUT_V1: Snapshot['layout'] = {
  memory: { kind: 'preset', id: 'qemu-virt-1G' },
  mode: 'kexec-tools',
  initrdSize: '0x400000',
  dtbSize: '0x1f00',
  cmdline: 'console=ttyAMA0',
  crash: false,
  crashRegion: '0x76e00000-0x7edfffff',
  pageSize: '4096',
  kernelVersion: '6.12',
  cpus: '1',
  cma: '',
  noCma: false,
  manualImageSize: '0x450000',
  manualTextOffset: '0',
};

/** The snapshot the golden v1 link holds. */
export const SAMPLE_SNAPSHOT_V1: SnapshotV1Shape = {
  v: 1,
  image: {
    name: 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi',
    size: 1610240,
    sha256: 'e86a9e98130fa19f33ae843d7fb01748221bf2b01836094933f4a80671599544',
    format: 'zboot',
    arch: 'arm64',
    compression: 'gzip',
    innerLength: '0x450000',
    innerImageSize: '0x450000',
    innerTextOffset: '0x0',
  },
  layout: DEFAULT_LAYOUT_V1,
  tab: 'layout',
  phase: 0,
  segment: 'dtb',
};

/** The same view as a v2 snapshot: with the Debian 13 arm64 target (the preset computed from
 * distro-configs/config-6.12.117+deb13-arm64.gz) and the verdicts the page showed for the gzip
 * zboot sample: that kernel is built without CONFIG_KEXEC_FILE, so kexec_file_load and kexec -s
 * fail with ENOSYS (kernel/sys_ni.c), and kexec_load carries the other routes. */
export const SAMPLE_SNAPSHOT: Snapshot = {
  ...SAMPLE_SNAPSHOT_V1,
  v: 2,
  target: {
    arch: 'arm64', kernelVersion: '6.12.117', kexec: true, kexecFile: false, kexecSig: false, kexecSigForce: false, kexecImageVerifySig: false,
    lockdownLsm: true, lockdownForce: 'none', lockdownInEfiSecureBoot: true, ima: true, imaSecureBootAware: true, imaAppraise: true, imaArchPolicy: true,
    crashDump: true, cma: true, efiZboot: false, pageSize: 4096, secureBoot: false, lockdown: 'none', imaPolicySecureBoot: false, kexecLoadDisabled: false,
    signerTrusted: true, kexecTools: '2.0.29', kexecToolsCodecs: ['gzip'], systemd: 'kexec-tools', systemdVersion: '257.13',
  },
  targetPreset: 'debian13-arm64',
  verdicts: [
    { route: 'kexec_file_load', verdict: 'fails', errno: 'ENOSYS', message: 'kexec_file_load: Function not implemented (ENOSYS)' },
    { route: 'kexec -s', verdict: 'fails', errno: 'ENOSYS', message: 'syscall kexec_file_load not available.' },
    { route: 'kexec -c', verdict: 'works with caveats', message: 'loads through kexec_load; nothing is verified' },
    { route: 'kexec -l', verdict: 'works with caveats', message: 'loads through kexec_load; nothing is verified' },
    { route: 'systemctl kexec', verdict: 'works with caveats', message: 'loads through kexec_load; nothing is verified' },
  ],
};
