// Built-in samples shipped in public/samples (provenance: public/samples/README.md).
export interface Sample {
  file: string;
  label: string;
}

export const SAMPLES: Sample[] = [
  { file: 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', label: 'arm64 6.12 zboot, gzip' },
  { file: 'arm64-6.12.117-tiny-zboot-zstd.vmlinuz.efi', label: 'arm64 6.12 zboot, zstd' },
  { file: 'arm64-6.1.192-tiny-zboot-xz.vmlinuz.efi', label: 'arm64 6.1 zboot, xz (xzkern)' },
  { file: 'riscv64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', label: 'riscv64 6.12 zboot, gzip' },
];

export const DEFAULT_SAMPLE = SAMPLES[0] as Sample;

export function sampleUrl(s: Sample): string {
  // Relative to the page, so the app works from any sub-path.
  return `samples/${s.file}`;
}
