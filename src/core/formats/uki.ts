// Unified Kernel Image: a systemd-stub PE whose sections carry the kernel, initrd, cmdline…
// (systemd src/fundamental/uki.c, uki.h; domain notes §2.6). The stub reads each payload's
// size from VirtualSize; raw data may be padded to FileAlignment.
import type { PeHeaders } from './pe';

export interface UkiSection {
  name: string;
  offset: number;
  size: number;
  sha256?: string;
  /** Printable text sections (.cmdline, .osrel, .uname), first 4 KiB. */
  text?: string;
}

export function isUki(pe: PeHeaders): boolean {
  return pe.sections.some((s) => s.name === '.linux');
}

const TEXT_SECTIONS = new Set(['.cmdline', '.osrel', '.uname', '.sbat']);

export function ukiSections(pe: PeHeaders, fileLen: number, bytes: Uint8Array): UkiSection[] {
  return pe.sections.map((s) => {
    const size = Math.max(0, Math.min(s.virtualSize || s.sizeOfRawData, s.sizeOfRawData, fileLen - s.pointerToRawData));
    const out: UkiSection = { name: s.name, offset: s.pointerToRawData, size };
    if (TEXT_SECTIONS.has(s.name)) {
      out.text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(s.pointerToRawData, s.pointerToRawData + Math.min(size, 4096))).replace(/\0+$/, '');
    }
    return out;
  });
}
