// Instruction semantics against qemu-aarch64 -cpu cortex-a57: every implemented encoding class
// with random fields, operands and flags (cases.ts). vectors.txt holds qemu's outcomes (made by
// make-vectors.ts), so this runs everywhere; where qemu-aarch64 and the cross gcc are installed
// (.ci/run installs them) fresh cases also run against qemu live.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Case, GENERATORS, VECTORS_PER_CLASS, formatResult, generate, parseCase } from './cases';
import { HAVE_QEMU, buildHarness, oracleMachine, runMachine, runQemu } from './oracle';

const vectors = readFileSync(new URL('./vectors.txt', import.meta.url), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))
  .map((l) => { const [input, outcome] = l.split(' => ') as [string, string]; return { c: parseCase(input), outcome }; });

/** The machine refuses what it does not implement; qemu runs some of those (SIMD, LSE…). */
const expected = (c: Case, qemu: string, ours: string) => (c.cls !== 'unsupported' ? qemu : /^undef pc=0( |$)/.test(ours) ? ours : 'undef pc=0 (not implemented: must stop)');

describe('the machine against qemu-aarch64 -cpu cortex-a57', () => {
  it(`vectors.txt: ${Object.keys(GENERATORS).length} classes × ${VECTORS_PER_CLASS} cases`, async () => {
    const m = await oracleMachine();
    const classes = new Set<string>();
    const wrong: string[] = [];
    for (const { c, outcome } of vectors) {
      classes.add(c.cls);
      const ours = formatResult(c, runMachine(m, c));
      const want = expected(c, outcome, ours);
      if (ours !== want) wrong.push(`${c.cls} ${c.word.toString(16).padStart(8, '0')}\n  qemu: ${outcome}\n  ours: ${ours}`);
    }
    expect(classes).toEqual(new Set(Object.keys(GENERATORS)));
    expect(vectors.length).toBe(Object.keys(GENERATORS).length * VECTORS_PER_CLASS);
    expect(wrong.slice(0, 20).join('\n')).toBe('');
  });

  it.skipIf(!HAVE_QEMU)('live: fresh cases under qemu-aarch64 (a new seed per day)', async () => {
    const seed = Math.floor(Date.now() / 86_400_000);
    const cases = generate(seed, 60);
    const q = runQemu(buildHarness(), cases);
    const m = await oracleMachine();
    const wrong = cases.flatMap((c, i) => {
      const ours = formatResult(c, runMachine(m, c)), want = expected(c, formatResult(c, q[i]!), ours);
      return ours === want ? [] : [`seed ${seed}: ${c.cls} ${c.word.toString(16).padStart(8, '0')}\n  qemu: ${want}\n  ours: ${ours}`];
    });
    expect(wrong.slice(0, 20).join('\n')).toBe('');
  });
});
