// The package as a user gets it: `npm pack`, installed from the tarball into an empty directory
// (offline: the bundle depends on nothing), and its bin run without tsx or the checkout.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { FIXTURES } from './fixtures';

const root = fileURLToPath(new URL('..', import.meta.url));

it('npm pack, then the tarball installed elsewhere runs zboot-explorer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zbx-pack-'));
  // --ignore-scripts: the global setup already built dist-cli from these sources; rebuilding it
  // here would rewrite the bundle under the other CLI suites running at the same time
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  expect(packed!.files.map((f) => f.path).sort()).toEqual(['README.md', 'dist-cli/zboot-explorer.mjs', 'package.json']);
  const app = join(dir, 'app');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', app, join(dir, packed!.filename)], { stdio: 'ignore' });
  const bin = join(app, 'node_modules/.bin/zboot-explorer');
  expect(execFileSync(bin, ['--version'], { encoding: 'utf8' })).toBe(`zboot-explorer ${pkg.version}\n`);
  const j = JSON.parse(execFileSync(bin, ['inspect', join(FIXTURES, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'), '--json'], { encoding: 'utf8', cwd: dir }));
  // fixtures README: sha256sum of the file; the inner Image is 4521984 bytes
  expect(j.file.sha256).toBe('e86a9e98130fa19f33ae843d7fb01748221bf2b01836094933f4a80671599544');
  expect(j.inner.file.size).toBe(4521984);
  expect(createHash('sha256').update(readFileSync(join(app, 'node_modules/zboot-explorer/dist-cli/zboot-explorer.mjs'))).digest('hex')).toBe(
    createHash('sha256').update(readFileSync(join(root, 'dist-cli/zboot-explorer.mjs'))).digest('hex'),
  );
});
