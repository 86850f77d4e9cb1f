// Command line over the same core the app runs: `inspect FILE [--json]`.
// Exit status: 0 when the file was read (even if it is not a kernel), 1 on I/O failure,
// 2 on a usage error.
import { readFile } from 'node:fs/promises';
import { inspectBytes } from '../core/inspect';
import { inspectionJson } from '../core/report';
import { printTree } from './text';

const USAGE = `usage:
  zboot-explorer inspect FILE [--json]`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const json = rest.includes('--json');
  const args = rest.filter((a) => !a.startsWith('--'));
  if (cmd === 'inspect' && args.length === 1) {
    const path = args[0] as string;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (e) {
      process.stderr.write(`inspect: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
    const ins = await inspectBytes(bytes);
    process.stdout.write(json ? JSON.stringify(inspectionJson(ins), null, 2) + '\n' : printTree(ins));
    return 0;
  }
  process.stderr.write(USAGE + '\n');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(70);
  },
);
