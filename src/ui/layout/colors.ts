// Okabe–Ito palette: distinguishable with the common colour-vision deficiencies, and readable on
// light and dark backgrounds (labels sit beside bands, not on them).
export const SEGMENT_COLORS: Record<string, string> = {
  kernel: '#0072B2',
  initrd: '#E69F00',
  dtb: '#009E73',
  elfcorehdr: '#CC79A7',
  emulator: '#D55E00',
  'emulator param + stack + heap': '#56B4E9',
};
export const segmentColor = (role: string) => SEGMENT_COLORS[role] ?? '#F0E442';
