// Snapshots used by the golden-link tests and the property tests' seeds.
import type { Snapshot } from './schema';

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

export const SAMPLE_SNAPSHOT: Snapshot = {
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
