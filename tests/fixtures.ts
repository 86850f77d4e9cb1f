// Access to ../shared/fixtures (read in place, never copied) and to tests/oracles (what
// independent tools printed about each fixture; regenerate with scripts/make-oracles.sh).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = process.env.FIXTURES ?? resolve(here, '../../shared/fixtures');
const ORACLES = join(here, 'oracles');

const cache = new Map<string, Uint8Array>();
/** A fixture's bytes; `.gz` fixtures are the gzip of an Image and are returned decompressed. */
export function fixture(name: string): Uint8Array {
  let b = cache.get(name);
  if (!b) {
    const raw = readFileSync(join(FIXTURES, name));
    b = new Uint8Array(name.endsWith('.gz') ? gunzipSync(raw) : raw);
    cache.set(name, b);
  }
  return b;
}

export const ZBOOT_FIXTURES = [
  'arm64-6.12.117-tiny-zboot-gzip', 'arm64-6.12.117-tiny-zboot-zstd',
  'arm64-6.1.192-tiny-zboot-gzip', 'arm64-6.1.192-tiny-zboot-lz4', 'arm64-6.1.192-tiny-zboot-lzma',
  'arm64-6.1.192-tiny-zboot-lzo', 'arm64-6.1.192-tiny-zboot-xz', 'arm64-6.1.192-tiny-zboot-zstd',
  'riscv64-6.12.117-tiny-zboot-gzip', 'riscv64-6.12.117-tiny-zboot-zstd',
] as const;

export const IMAGE_FIXTURES = [
  'arm64-6.12.117-tiny-gzip-build.Image', 'arm64-6.12.117-tiny-zstd-build.Image', 'arm64-6.1.192-tiny-build.Image',
  'riscv64-6.12.117-tiny-gzip-build.Image', 'riscv64-6.12.117-tiny-zstd-build.Image',
] as const;

export function oracleText(name: string): string {
  return readFileSync(join(ORACLES, name), 'utf8');
}

export interface ReadobjOracle {
  file: Record<string, string>;
  optional: Record<string, string>;
  dos: Record<string, string>;
  sections: Array<Record<string, string>>;
}

/** Parses `llvm-readobj --file-headers --sections` text into its key/value blocks. */
export function readobj(name: string): ReadobjOracle {
  const out: ReadobjOracle = { file: {}, optional: {}, dos: {}, sections: [] };
  let block: Record<string, string> | undefined;
  for (const line of oracleText(`${name}.llvm-readobj.txt`).split('\n')) {
    const t = line.trim();
    if (t.startsWith('ImageFileHeader {')) block = out.file;
    else if (t.startsWith('ImageOptionalHeader {')) block = out.optional;
    else if (t.startsWith('DOSHeader {')) block = out.dos;
    else if (t === 'Section {') out.sections.push((block = {}));
    const m = /^([A-Za-z]+): (.*)$/.exec(t);
    if (m && block && !(m[1] as string in block)) block[m[1] as string] = m[2] as string;
    const c = /^Characteristics \[ \((0x[0-9A-F]+)\)$/.exec(t);
    if (c && block) block.Characteristics = c[1] as string;
  }
  return out;
}

/** First bytes of a fixture as `xxd -l 64` printed them. */
export function xxdBytes(name: string): Uint8Array {
  const bytes: number[] = [];
  for (const line of oracleText(`${name}.xxd.txt`).split('\n')) {
    const m = /^[0-9a-f]{8}: ((?:[0-9a-f]{4} ?)+)/.exec(line);
    if (m) for (const h of (m[1] as string).replace(/ /g, '').match(/../g) ?? []) bytes.push(parseInt(h, 16));
  }
  return new Uint8Array(bytes);
}

/** Parses "0x1A" / "160" / "IMAGE_FILE_MACHINE_ARM64 (0xAA64)" as llvm-readobj prints numbers. */
export function num(s: string | undefined): number {
  if (s === undefined) throw new Error('oracle value missing');
  const paren = /\((0x[0-9A-Fa-f]+)\)/.exec(s);
  return Number(paren ? paren[1] : s.split(' ')[0]);
}

/** sha256 of each 6.1 build's Image (= what its zboot payload decompresses to), as listed in
 * shared/fixtures/README.md (computed there with sha256sum on the Kbuild output). */
export const SHA_61_IMAGES: Record<string, string> = {
  gzip: '9b7eba2fd28f598cc5f4b4e3208c7110fafaac7167ed922cc79f75c170cab99d',
  lz4: '44d7668769193da3e051be1fdd445e23730a278749b704819de035d3fe201b1d',
  lzma: '607fab32c9ce119ac053f6069ec6ffd241089fe3da44364acdb08b49712d10d9',
  lzo: '112128968370577b1576f6ff654ff4fb3ff881f131cfcb044a926a37fe0de0a9',
  xz: '96a0adc410bb9b5898306ab26f5644a377c61f5cda8656ee670624a0a6f6e61b',
  zstd: '9b53a5334e12f6b696895291de4d043d9807f0de9569c9ef9d569b17cca1afee',
};
