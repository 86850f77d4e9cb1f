// Writes tests/emulator/vectors.txt: differential cases with what qemu-aarch64 -cpu cortex-a57
// did on each (Debian's qemu-user; the harness built with gcc-aarch64-linux-gnu). Run:
//   npx tsx tests/emulator/make-vectors.ts
// One line per case: `<input> => <outcome>` (cases.ts formatCase / formatResult).
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { VECTOR_SEED, VECTORS_PER_CLASS, formatCase, formatResult, generate } from './cases';
import { buildHarness, runQemu } from './oracle';

const cases = generate(VECTOR_SEED, VECTORS_PER_CLASS);
const outcomes = runQemu(buildHarness(), cases);
const qemu = execFileSync('qemu-aarch64', ['--version']).toString().split('\n')[0];
const lines = [
  `# ${cases.length} cases; outcomes from \`${qemu}\` -cpu cortex-a57 running tests/emulator/harness.c`,
  '# made by: npx tsx tests/emulator/make-vectors.ts',
  ...cases.map((c, i) => `${formatCase(c)} => ${formatResult(c, outcomes[i]!)}`),
];
writeFileSync(new URL('./vectors.txt', import.meta.url), `${lines.join('\n')}\n`);
console.log(`vectors.txt: ${cases.length} cases`);
