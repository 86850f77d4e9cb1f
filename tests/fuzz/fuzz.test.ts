// The normal test run fuzzes every parser and codec wrapper with ≥ 20,000 inputs (FUZZ_RUNS to
// change it; `npm run fuzz -- --runs N` goes deeper). Seed: FUZZ_SEED, default fixed so a
// failure reproduces.
import { expect, it } from 'vitest';
import { fuzz } from './fuzz';

it('no exception escapes, every problem has an offset or line, output stays bounded', async () => {
  const total = Number(process.env.FUZZ_RUNS ?? 21_000);
  const counts = await fuzz(total, Number(process.env.FUZZ_SEED ?? 20261124), (s) => console.log(s));
  const sum = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`fuzzed ${sum} inputs`);
  expect(sum).toBeGreaterThanOrEqual(Math.min(total, 20_000));
}, 600_000);
