// The Pages workflow deploys only what passed the tests, on the Node version "engines" names:
// checked here so the two files cannot drift apart.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };

const yml = readFileSync(new URL('../.github/workflows/pages.yml', import.meta.url), 'utf8');

it('every job of pages.yml runs the oldest Node that engines accepts', () => {
  const min = /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(pkg.engines.node)?.[1];
  expect(min).toBeDefined();
  const versions = [...yml.matchAll(/node-version:\s*'?([\d.]+)'?/g)].map((m) => m[1]);
  expect(versions.length).toBeGreaterThanOrEqual(2);
  for (const v of versions) expect(v).toBe(min);
  expect(yml).not.toMatch(/node-version-file/);
});

it('deploy needs the test job, and the test job runs .ci/run', () => {
  // each job's text, from its "  name:" line to the next job's
  const job = (name: string) => (new RegExp(`\\n  ${name}:\\n((?:    .*\\n|\\s*\\n)*)`).exec(yml)?.[1] ?? '');
  expect(job('test')).toMatch(/run: .*bash \.ci\/run/);
  expect(job('build')).toMatch(/needs: test\n/);
  expect(job('deploy')).toMatch(/needs: \[test, build\]/);
});
