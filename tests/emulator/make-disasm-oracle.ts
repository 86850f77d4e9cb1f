// Writes tests/oracles/a64-objdump.txt: two lines of each instruction shape (objdump.ts shape())
// that aarch64-linux-gnu-objdump prints for the arm64 fixtures' stub code and for the words of
// tests/emulator/vectors.txt. Run: npx tsx tests/emulator/make-disasm-oracle.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { OBJDUMP, fixtureLines, shape, vectorLines } from './objdump';

const kept = new Map<string, number>();
const lines: string[] = [];
for (const l of [...fixtureLines(), ...vectorLines()]) {
  const s = shape(l.text);
  const n = kept.get(s) ?? 0;
  if (n >= 2) continue;
  kept.set(s, n + 1);
  lines.push(`${l.addr.toString(16)} ${l.word.toString(16).padStart(8, '0')} ${l.text}`);
}
const version = execFileSync(OBJDUMP, ['--version']).toString().split('\n')[0];
writeFileSync(new URL('../oracles/a64-objdump.txt', import.meta.url), [`# ${lines.length} lines of \`${version}\` -d: two per instruction shape over the arm64 zboot fixtures' stub code and tests/emulator/vectors.txt's words`, '# made by: npx tsx tests/emulator/make-disasm-oracle.ts', ...lines, ''].join('\n'));
console.log(`a64-objdump.txt: ${lines.length} lines`);
