// What a CLI command is: its options as a table (kind, help), its positional arguments and its
// handler. The runner parses argv with node:util parseArgs in strict mode, then checks each value
// against its kind, so a handler only ever sees typed, validated values. Adding a flag is one row
// in a command's table; adding a command is one file under commands/ and one line in
// commands/index.ts.
import { parseArgs } from 'node:util';
import { parseRange, parseSize } from '../core/bytes/hex';

export const PROGRAM = 'zboot-explorer';

/** A kernel release as uname -r or a distro prints it: 6.12, 6.12.117, 6.12.117-1~deb12u1. */
export const KERNEL_VERSION = /^\d+\.\d+(\.\d+)?([-+~][\w.+~-]*)?$/;

/**
 * How a flag's value is read: `boolean` takes none; `string` any text; `size` "0x…", decimal or
 * K/M/G/T suffixed (a bigint); `range` an inclusive START-END; `count` a positive integer;
 * `version` a kernel version X.Y[.Z]; `file` a path (or - for standard input where the command
 * says so); a list of strings is the set of accepted words.
 */
export type Kind = 'boolean' | 'string' | 'size' | 'range' | 'count' | 'version' | 'file' | readonly string[];

export interface OptionSpec {
  kind: Kind;
  /** One-letter alias. */
  short?: string;
  /** The flag may repeat; the handler gets every value in order. */
  multiple?: boolean;
  /** Placeholder in the help text (defaults from the kind). */
  arg?: string;
  help: string;
}

export type Options = Record<string, OptionSpec>;

export interface Range {
  start: bigint;
  end: bigint;
}

type ValueOf<K> = K extends 'boolean'
  ? boolean
  : K extends 'size'
    ? bigint
    : K extends 'range'
      ? Range
      : K extends 'count'
        ? number
        : K extends 'string' | 'version' | 'file'
          ? string
          : K extends readonly (infer C)[]
            ? C
            : never;

export type Values<O extends Options> = {
  [K in keyof O]?: O[K]['multiple'] extends true ? ValueOf<O[K]['kind']>[] : ValueOf<O[K]['kind']>;
};

export interface Command<O extends Options = Options> {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** What follows the command name in the usage line, e.g. "FILE|DIR|- … [options]". */
  usage: string;
  /** The paragraph(s) --help prints under the usage line. */
  description: string;
  options: O;
  positionals: { min: number; max: number };
  /** Whole command lines. */
  examples?: string[];
  /** Returns the exit status: 0 done, 1 the requested work failed. Throws UsageError for 2. */
  run(args: { values: Values<O>; positionals: string[] }): Promise<number>;
}

/** Keeps the literal types of an options table so the handler's values are typed from it. */
export function defineCommand<const O extends Options>(c: Command<O>): Command<O> {
  return c;
}

/** Exit 2: the command line itself is wrong. The message is one line and names the flag. */
export class UsageError extends Error {}
/** Exit 1: the work asked for could not be done (unreadable input, unwritable output). */
export class InputError extends Error {}

const HELP: OptionSpec = { kind: 'boolean', short: 'h', help: 'show this help and exit' };

function placeholder(o: OptionSpec): string {
  if (o.arg) return o.arg;
  if (Array.isArray(o.kind)) return (o.kind as readonly string[]).join('|');
  return { size: 'N', range: 'START-END', count: 'N', version: 'X.Y', file: 'FILE', string: 'TEXT' }[o.kind as string] ?? 'VALUE';
}

export function helpText(c: Command): string {
  const rows = Object.entries({ ...c.options, help: HELP }).map(([name, o]) => [
    `${o.short ? `-${o.short}, ` : '    '}--${name}${o.kind === 'boolean' ? '' : ` ${placeholder(o)}`}`,
    o.help + (o.multiple ? ' (may repeat)' : ''),
  ]);
  const w = Math.max(...rows.map(([l]) => (l as string).length)) + 2;
  // help text wrapped to 100 columns, continuation lines under the help column
  const wrap = (text: string) => {
    const out: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && 2 + w + line.length + 1 + word.length > 100) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
    return out.join(`\n${' '.repeat(2 + w)}`);
  };
  return [
    `usage: ${PROGRAM} ${c.name} ${c.usage}`,
    '',
    c.description,
    '',
    'options:',
    ...rows.map(([l, h]) => `  ${(l as string).padEnd(w)}${wrap(h as string)}`),
    ...(c.examples?.length ? ['', 'examples:', ...c.examples.map((e) => `  ${e}`)] : []),
    '',
  ].join('\n');
}

function checkValue(flag: string, o: OptionSpec, raw: string): unknown {
  const bad = (what: string) => new UsageError(`--${flag}: ${JSON.stringify(raw)} is not ${what}`);
  if (Array.isArray(o.kind)) {
    if (!(o.kind as readonly string[]).includes(raw)) throw bad(`one of ${(o.kind as readonly string[]).join(', ')}`);
    return raw;
  }
  switch (o.kind) {
    case 'size': {
      const n = parseSize(raw);
      if (n === undefined) throw bad('a size (0x450000, 4096, 64M)');
      return n;
    }
    case 'range': {
      const r = parseRange(raw);
      if (!r || r.end < r.start) throw bad('an inclusive START-END range (0x76e00000-0x7edfffff)');
      return r;
    }
    case 'count': {
      if (!/^\s*[1-9]\d*\s*$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw bad('a positive integer');
      return Number(raw);
    }
    case 'version':
      if (!KERNEL_VERSION.test(raw.trim())) throw bad('a kernel version X.Y[.Z]');
      return raw.trim();
    case 'file':
    case 'string':
      if (raw === '' && o.kind === 'file') throw bad('a path');
      return raw;
    default:
      return raw;
  }
}

/** node:util parseArgs messages run to a paragraph; keep the sentence that names the flag. */
function firstSentence(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  const first = (m.split(/\.\s/)[0] ?? m).replace(/\.$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** Parses and checks argv for one command; `help` is set when -h/--help was given. */
export function parseCommandArgs<O extends Options>(c: Command<O>, argv: string[]): { help: boolean; values: Values<O>; positionals: string[] } {
  const spec = { ...c.options, help: HELP };
  const parseSpec = Object.fromEntries(
    Object.entries(spec).map(([name, o]) => [name, { type: o.kind === 'boolean' ? ('boolean' as const) : ('string' as const), ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: parseSpec, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${c.name}: ${firstSentence(e)}`);
  }
  if (parsed.values.help) return { help: true, values: {}, positionals: [] };
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(parsed.values)) {
    const o = spec[name] as OptionSpec;
    if (o.kind === 'boolean') values[name] = raw;
    else {
      try {
        values[name] = Array.isArray(raw) ? raw.map((r) => checkValue(name, o, String(r))) : checkValue(name, o, String(raw));
      } catch (e) {
        throw e instanceof UsageError ? new UsageError(`${c.name}: ${e.message}`) : e;
      }
    }
  }
  const { min, max } = c.positionals;
  const n = parsed.positionals.length;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new UsageError(`${c.name}: expected ${want} argument${want === '1' ? '' : 's'} (${c.usage.replace(/\s*\[options\]/, '')}), got ${n}${n ? `: ${parsed.positionals.join(' ')}` : ''}`);
  }
  return { help: false, values: values as Values<O>, positionals: parsed.positionals };
}
