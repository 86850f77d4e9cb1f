// The command line over the same core the app runs: `zboot-explorer COMMAND [options]`.
// Exit status: 0 done, 1 the requested work failed (each command's --help says when), 2 a usage
// error, 70 an internal error. Output goes to stdout, every diagnostic to stderr. The status is
// set in process.exitCode, never by process.exit(): Node then exits once stdout is flushed, so a
// slow reader behind a pipe gets every byte.
import pkg from '../../package.json' with { type: 'json' };
import { type Command, InputError, PROGRAM, UsageError, helpText, parseCommandArgs } from './command';
import { COMMANDS } from './commands/index';
import { emit, warn } from './io';

function overview(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `usage: ${PROGRAM} COMMAND [options]`,
    `       ${PROGRAM} COMMAND --help | ${PROGRAM} --help | ${PROGRAM} --version`,
    '',
    'Inspect Linux kernel images (EFI zboot, Image, bzImage, UKI), decompress them, say whether they will kexec,\nand place them in memory exactly as arm64 kexec_file_load does — the command line of the zboot-explorer app.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    '',
    `Exit status: 0 done; 1 the requested work failed; 2 a usage error. Run "${PROGRAM} COMMAND --help" for a command's options.`,
    '',
  ].join('\n');
}

const byName = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name);

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  let cmd: Command | undefined;
  try {
    if (first === undefined) throw new UsageError('no command given');
    if (first === '-h' || first === '--help' || (first === 'help' && rest.length === 0)) {
      await emit(overview());
      return 0;
    }
    if (first === '--version' || first === '-V') {
      await emit(`${PROGRAM} ${pkg.version}\n`);
      return 0;
    }
    if (first === 'help') {
      const c = byName(rest[0] as string);
      if (!c) throw new UsageError(`unknown command ${JSON.stringify(rest[0])}`);
      await emit(helpText(c));
      return 0;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first} before the command`);
    cmd = byName(first);
    if (!cmd) throw new UsageError(`unknown command ${JSON.stringify(first)} (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    const args = parseCommandArgs(cmd, rest);
    if (args.help) {
      await emit(helpText(cmd));
      return 0;
    }
    return await cmd.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      warn(`${PROGRAM}: ${e.message} (try '${PROGRAM} ${cmd ? `${cmd.name} ` : ''}--help')`);
      return 2;
    }
    if (e instanceof InputError) {
      warn(`${PROGRAM}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

// A reader that goes away (`| head`) is not an error of ours: stop quietly, as cat does.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    warn(`${PROGRAM}: internal error: ${e instanceof Error ? e.stack : String(e)}`);
    process.exitCode = 70;
  },
);
