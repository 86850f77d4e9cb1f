// npm run fuzz -- [--runs N] [--seed S]: the same targets as the test run, deeper.
import { fuzz } from './fuzz';

const arg = (k: string, d: number) => {
  const i = process.argv.indexOf(k);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const runs = arg('--runs', 200_000);
const seed = arg('--seed', Date.now() % 1e9);
console.log(`fuzzing ${runs} inputs from seed ${seed}`);
fuzz(runs, seed, (s) => console.log(s)).then(
  (c) => console.log(`done: ${Object.values(c).reduce((a, b) => a + b, 0)} inputs, no property broken`),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
