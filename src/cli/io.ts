// The CLI's side of the world: reading inputs (a path, a directory of them, or - for standard
// input) and writing output so that every byte reaches a slow pipe before the process exits.
import { once } from 'node:events';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from './command';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

let stdin: Promise<Uint8Array> | undefined;

/**
 * All of standard input, read once: a stream gives its bytes only the first time, and one "-" may
 * be asked for twice (layout --memory - --dtb …: the memory map, then the iomem for the dtb).
 */
function readStdin(): Promise<Uint8Array> {
  stdin ??= (async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  })();
  return stdin;
}

/** The bytes of a path, or of standard input for "-". */
export async function readInput(path: string): Promise<Uint8Array> {
  try {
    return path === '-' ? await readStdin() : new Uint8Array(await readFile(path));
  } catch (e) {
    throw new InputError(`cannot read ${path === '-' ? 'standard input' : path}: ${message(e)}`);
  }
}

export async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await readInput(path));
}

/**
 * The files the arguments name: a directory stands for the regular files directly in it, in name
 * order (a distribution's /boot, not a tree walk); "-" is standard input. A path that cannot be
 * listed or read is returned as is, so its error is reported in its turn.
 */
export async function expandInputs(args: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of args) {
    if (a === '-') {
      out.push(a);
      continue;
    }
    const st = await stat(a).catch(() => undefined);
    if (!st?.isDirectory()) {
      out.push(a);
      continue;
    }
    const names = await readdir(a).catch(() => undefined);
    if (!names) {
      out.push(a);
      continue;
    }
    for (const n of names.sort()) {
      const p = join(a, n);
      if ((await stat(p).catch(() => undefined))?.isFile()) out.push(p);
    }
  }
  return out;
}

/**
 * Writes to stdout and waits when the pipe is full, so a batch over many files stays within
 * bounded memory. Nothing calls process.exit(): the exit status goes in process.exitCode and Node
 * exits once the last write has been flushed (a reader behind a pipe gets every byte).
 */
export async function emit(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

export function warn(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
