// aarch64-linux-gnu-objdump (Debian's binutils-aarch64-linux-gnu) as the disassembler's oracle:
// its lines for the arm64 zboot fixtures' stub code and for the differential vectors' words.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ZBOOT_FIXTURES } from '../fixtures';
import { SLOT, parseCase } from './cases';

export const OBJDUMP = 'aarch64-linux-gnu-objdump';
export const HAVE_OBJDUMP = spawnSync('sh', ['-c', `command -v ${OBJDUMP}`]).status === 0;

export interface DisLine { addr: bigint; word: number; text: string }

/** objdump -d lines as address, word and text (whitespace collapsed, `// …` comments and `<symbol>` dropped). */
export function parseObjdump(out: string): DisLine[] {
  return out.split('\n').flatMap((l) => {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$/.exec(l);
    if (!m) return [];
    const text = m[3]!.split('//')[0]!.replace(/ <[^>]*>/, '').replace(/\s+/g, ' ').trim();
    return [{ addr: BigInt(`0x${m[1]}`), word: parseInt(m[2]!, 16) >>> 0, text }];
  });
}

/** The arm64 fixtures' stub code, .text from 0x1000 up to the payload (zboot header offset 8). */
export function fixtureLines(): DisLine[] {
  return ZBOOT_FIXTURES.filter((n) => n.startsWith('arm64')).flatMap((n) => {
    const f = join(FIXTURES, `${n}.vmlinuz.efi`);
    const payload = readFileSync(f).readUInt32LE(8);
    return parseObjdump(execFileSync(OBJDUMP, ['-d', `--stop-address=0x${payload.toString(16)}`, f], { maxBuffer: 1 << 28 }).toString());
  });
}

/** The differential vectors' words, one after another from SLOT. */
export function vectorLines(): DisLine[] {
  const words = readFileSync(new URL('./vectors.txt', import.meta.url), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => parseCase(l.split(' => ')[0]!).word);
  const bin = join(mkdtempSync(join(tmpdir(), 'a64-words-')), 'words.bin');
  const b = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => b.writeUInt32LE(w, i * 4));
  writeFileSync(bin, b);
  return parseObjdump(execFileSync(OBJDUMP, ['-D', '-b', 'binary', '-m', 'aarch64', `--adjust-vma=0x${SLOT.toString(16)}`, bin], { maxBuffer: 1 << 28 }).toString());
}

/** An instruction's shape: its text with registers and numbers abstracted (the oracle file keeps two of each). */
export const shape = (text: string) => text.replace(/\b[xw](\d+|zr)\b/g, 'R').replace(/#-?(0x)?[0-9a-f]+/g, '#N').replace(/\b0x[0-9a-f]+\b/g, 'A');
