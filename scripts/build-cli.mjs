// Bundles the CLI (src/cli/main.ts and the core it imports) into one ES module Node runs without
// tsx or node_modules: dist-cli/zboot-explorer.mjs, the package's bin. Run by `npm run build`,
// `prepare` (so after `npm ci` and in `npm pack`) and the unit tests' global setup.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLI_BUNDLE = fileURLToPath(new URL('../dist-cli/zboot-explorer.mjs', import.meta.url));

export async function buildCli() {
  await build({
    entryPoints: [fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // kept readable: a stack trace from a user's bug report should name our functions
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
  });
  chmodSync(CLI_BUNDLE, 0o755);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
