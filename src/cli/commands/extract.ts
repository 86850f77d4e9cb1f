// extract FILE --out PATH: the decompressed payload of a zboot image, byte for byte.
import { writeFile } from 'node:fs/promises';
import { inspectBytes } from '../../core/inspect';
import { unpackAny } from '../../core/unpack';
import { InputError, UsageError, defineCommand } from '../command';
import { readInput, warn } from '../io';

export default defineCommand({
  name: 'extract',
  summary: 'write the decompressed payload of a zboot image (the Image kexec-tools would load)',
  usage: 'FILE|- --out PATH [options]',
  description: [
    'Decompresses the payload of an EFI zboot image and writes it to PATH ("-" for standard output).',
    '',
    'Exit status: 0 when written; 1 when the input is not a zboot image, its payload fails to',
    'decompress, or PATH cannot be written; 2 on a usage error.',
  ].join('\n'),
  options: {
    out: { kind: 'file', short: 'o', arg: 'PATH', help: 'where to write the payload (- for standard output)' },
  },
  positionals: { min: 1, max: 1 },
  examples: ['zboot-explorer extract vmlinuz.efi --out Image'],
  async run({ values, positionals }) {
    const path = positionals[0] as string;
    const out = values.out;
    if (out === undefined) throw new UsageError('extract: --out PATH is required');
    const bytes = await readInput(path);
    const ins = await inspectBytes(bytes);
    if (ins.format !== 'zboot' && ins.format !== 'compressed') {
      warn(`extract: ${path} is not a zboot image or a compressed Image (${ins.description}); nothing to extract`);
      return 1;
    }
    const r = await unpackAny(bytes, ins);
    if (!r.ok) {
      warn(`extract: ${path}: decompression failed: ${r.error}${r.offset !== undefined ? ` (at 0x${r.offset.toString(16)})` : ''}`);
      return 1;
    }
    try {
      if (out === '-') await new Promise<void>((res, rej) => process.stdout.write(r.unpacked.data, (e) => (e ? rej(e) : res())));
      else await writeFile(out, r.unpacked.data);
    } catch (e) {
      throw new InputError(`extract: cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`);
    }
    warn(`extract: wrote ${r.unpacked.data.length} bytes (${r.unpacked.codec}) to ${out === '-' ? 'standard output' : out}`);
    return 0;
  },
});
