// Segment colours: the Okabe–Ito hues (distinguishable with the common colour-vision
// deficiencies), darkened in the light theme and lightened in the dark one so every band keeps
// a 3:1 contrast with the background (WCAG 1.4.11, checked by e2e/a11y.spec.ts); the proposal's
// emulator and its parameter block took the two hues left (vermillion, black/grey), chosen so
// every pair stays apart under protanopia, deuteranopia and tritanopia (colors.test.ts).
const ROLE_VAR: Record<string, string> = {
  kernel: '--seg-kernel',
  initrd: '--seg-initrd',
  dtb: '--seg-dtb',
  elfcorehdr: '--seg-elfcorehdr',
  emulator: '--seg-emulator',
  'emulator param + stack + heap': '--seg-param',
};
export const segmentColor = (role: string) => `var(${ROLE_VAR[role] ?? '--seg-other'})`;
export const SEGMENT_VARS = [...Object.values(ROLE_VAR), '--seg-other'];
