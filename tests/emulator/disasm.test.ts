// The disassembler against aarch64-linux-gnu-objdump (binutils): every word it decodes prints as
// objdump prints it; what it leaves as .inst is what the machine does not execute. The committed
// oracle (tests/oracles/a64-objdump.txt) runs everywhere; with binutils-aarch64-linux-gnu
// installed the whole of the fixtures' stub code and the vectors' words are compared live.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../src/core/emulator/cpu/disasm';
import { type DisLine, HAVE_OBJDUMP, fixtureLines, vectorLines } from './objdump';

/** objdump's mnemonics for what the machine refuses: exception generation, exclusives and
 * acquire/release, LSE, MTE, FP, PAuth branches, and anything with a SIMD&FP register operand. */
const REFUSED = /^(\.inst|svc|hvc|smc|brk|hlt|dcps\d|eret\w*|ld[ax]\w*|ldlar\w*|ld(add|clr|eor|set|smax|smin|umax|umin)\w*|st[lx]\w*|st(add|clr|eor|set|smax|smin|umax|umin)\w*|stg\w*|stz\w*|st2g|cas\w*|swp\w*|f\w+|[su]cvtf|reta[ab]|bra[ab]\w*|blra[ab]\w*)$/;
const refused = (text: string) => REFUSED.test(text.split(' ')[0]!) || /(^| |\[|\{)[vqdsbh]\d+(\.|,|$| )/.test(text.slice(text.indexOf(' ')));

function compare(lines: DisLine[]): string[] {
  const wrong: string[] = [];
  for (const l of lines) {
    const ours = disassemble(l.word, l.addr);
    if (ours.startsWith('.inst')) {
      if (!refused(l.text)) wrong.push(`${l.word.toString(16).padStart(8, '0')}: objdump "${l.text}", ours not decoded`);
    } else if (ours !== l.text) wrong.push(`${l.word.toString(16).padStart(8, '0')} at 0x${l.addr.toString(16)}: objdump "${l.text}", ours "${ours}"`);
  }
  return wrong;
}

describe('disassemble', () => {
  it('prints what aarch64-linux-gnu-objdump prints (tests/oracles/a64-objdump.txt)', () => {
    const lines = readFileSync(new URL('../oracles/a64-objdump.txt', import.meta.url), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
      const [addr, word, ...text] = l.split(' ');
      return { addr: BigInt(`0x${addr}`), word: parseInt(word!, 16) >>> 0, text: text.join(' ') };
    });
    expect(lines.length).toBeGreaterThan(1000);
    expect(compare(lines).slice(0, 20)).toEqual([]);
  });

  it.skipIf(!HAVE_OBJDUMP)('live: all the arm64 fixtures\' stub code and the vectors\' words', () => {
    const lines = [...fixtureLines(), ...vectorLines()];
    expect(lines.length).toBeGreaterThan(40_000);
    expect(compare(lines).slice(0, 20)).toEqual([]);
  });

  it('names the Armv8.0 TLBI operations as objdump does', () => {
    // aarch64-linux-gnu-as + objdump -d (binutils 2.40) of `tlbi vmalle1is`, `tlbi vae1is, x1`, …
    const objdump = 'd508831f tlbi vmalle1is|d5088321 tlbi vae1is, x1|d5088342 tlbi aside1is, x2|d5088363 tlbi vaae1is, x3|d50883a4 tlbi vale1is, x4|d50883e5 tlbi vaale1is, x5|d508871f tlbi vmalle1|d5088721 tlbi vae1, x1|d5088742 tlbi aside1, x2|d5088763 tlbi vaae1, x3|d50887a4 tlbi vale1, x4|d50887e5 tlbi vaale1, x5|d50c8021 tlbi ipas2e1is, x1|d50c80a1 tlbi ipas2le1is, x1|d50c831f tlbi alle2is|d50c8321 tlbi vae2is, x1|d50c839f tlbi alle1is|d50c83a1 tlbi vale2is, x1|d50c83df tlbi vmalls12e1is|d50c8421 tlbi ipas2e1, x1|d50c84a1 tlbi ipas2le1, x1|d50c871f tlbi alle2|d50c8721 tlbi vae2, x1|d50c879f tlbi alle1|d50c87a1 tlbi vale2, x1|d50c87df tlbi vmalls12e1|d5088703 tlbi vmalle1';
    for (const line of objdump.split('|')) {
      const [word, ...text] = line.split(' ');
      expect(disassemble(parseInt(word!, 16), 0n)).toBe(text.join(' '));
    }
  });

  it('names what it does not decode by its class', () => {
    expect(disassemble(0x4ea08400, 0n)).toBe('.inst 0x4ea08400 ; SIMD&FP data processing'); // add v0.4s, v0.4s, v0.4s
    expect(disassemble(0xd4000001, 0n)).toBe('.inst 0xd4000001 ; svc #0x0 (exception generation)');
  });
});
