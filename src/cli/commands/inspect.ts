// inspect FILE|DIR|- …: every field of each image, its decompressed payload, and the kexec
// verdicts for a target system. One file prints one JSON document; several (or a directory)
// print one JSON line per file, for batch use over a distribution's kernels.
import { KEY_OPTIONS } from '../../core/formats/ikconfig';
import { type Inspection, inspectBytes } from '../../core/inspect';
import { inspectionJson } from '../../core/report';
import { verifyAgainstCa } from '../../core/signature/verify';
import { type Unpacked, unpackAny } from '../../core/unpack';
import { imageFacts } from '../../core/verdict/facts';
import { type Verdict, evaluate } from '../../core/verdict/rules';
import type { TargetSystem } from '../../core/verdict/target';
import { InputError, defineCommand } from '../command';
import { emit, expandInputs, readInput, warn } from '../io';
import { jsonDocument } from '../json';
import { TARGET_HELP, targetFromFlags } from '../target';
import { printTree, printVerdicts } from '../text';

export interface InspectedFile {
  ins: Inspection;
  unpacked?: Unpacked;
  unpackError?: string;
}

/** Inspects bytes and, for a zboot image or a compressed Image, decompresses and inspects its payload. */
export async function inspectWithInner(bytes: Uint8Array, decompress: boolean): Promise<InspectedFile> {
  const ins = await inspectBytes(bytes);
  if (!decompress || (ins.format !== 'zboot' && ins.format !== 'compressed')) return { ins };
  const r = await unpackAny(bytes, ins);
  return r.ok ? { ins, unpacked: r.unpacked } : { ins, unpackError: `${r.error}${r.offset !== undefined ? ` (at 0x${r.offset.toString(16)})` : ''}` };
}

/** Re-checks the file's (and the decompressed Image's) signature against the CA of --ca. */
async function checkWithCa(f: InspectedFile, bytes: Uint8Array, ca: Uint8Array): Promise<void> {
  for (const [ins, b] of [[f.ins, bytes], [f.unpacked?.inner, f.unpacked?.data]] as const) {
    if (!ins?.signature || !b) continue;
    const r = await verifyAgainstCa(b, ca);
    if ('error' in r) throw new InputError(`--ca: ${r.error}`);
    ins.signature = { ...r.check, ...(r.check.offset !== undefined ? { offset: r.check.offset + ins.base } : {}) };
  }
}

function verdictsOf({ ins, unpacked }: InspectedFile, target: TargetSystem): Verdict[] {
  const inner = unpacked ? { inner: unpacked.inner, length: unpacked.data.length, kexecToolsLength: unpacked.kexecToolsLength } : undefined;
  return evaluate(imageFacts(ins, inner), target);
}

function inspectDocument(path: string, f: InspectedFile, preset: string, target: TargetSystem) {
  const { ins, unpacked, unpackError } = f;
  const extra: Record<string, unknown> = {};
  if (unpacked) {
    const cfg = unpacked.config;
    Object.assign(extra, {
      inner: inspectionJson(unpacked.inner, { decoder: unpacked.decoder, kexecToolsLength: unpacked.kexecToolsLength }),
      ...(unpacked.banner ? { banner: unpacked.banner.text } : {}),
      config: cfg && 'options' in cfg ? { present: true, offset: cfg.offset, options: cfg.options } : { present: false, ...(cfg && 'error' in cfg ? { error: cfg.error } : {}) },
      keyOptions: cfg && 'options' in cfg ? Object.fromEntries(Object.entries(cfg.options).filter(([k]) => KEY_OPTIONS.test(k))) : {},
    });
  }
  if (unpackError) extra.innerError = unpackError;
  Object.assign(extra, {
    targetPreset: preset,
    target,
    kexec: verdictsOf(f, target).map((v) => ({ route: v.route, verdict: v.verdict, ...(v.errno ? { errno: v.errno } : {}), message: v.message, why: v.why, ...(v.fix ? { fix: v.fix } : {}), verifies: v.verifies, rule: v.id, source: v.source })),
  });
  return jsonDocument({ path, ...inspectionJson(ins, extra as never) });
}

function inspectText(f: InspectedFile, preset: string, target: TargetSystem): string {
  const { ins, unpacked, unpackError } = f;
  let s = printTree(ins);
  if (unpacked) s += `\n--- decompressed payload (${unpacked.codec}, ${unpacked.data.length} bytes, ${unpacked.decoder}) ---\n${unpacked.banner?.text ?? '(no banner)'}\n\n${printTree(unpacked.inner)}`;
  if (unpackError) s += `decompression failed: ${unpackError}\n`;
  return `${s}\n${printVerdicts(verdictsOf(f, target), preset, target)}`;
}

export default defineCommand({
  name: 'inspect',
  summary: 'every field of a kernel image, its decompressed payload and the kexec verdicts',
  usage: 'FILE|DIR|- … [options]',
  description: [
    'Recognises EFI zboot, arm64/riscv64/LoongArch Images, bzImages, UKIs and PE files and prints every',
    'header field with its offset; a zboot payload is decompressed and inspected in turn. "-" reads',
    'standard input; a directory stands for the regular files directly in it. With --json, one file',
    'prints one JSON document; several print one JSON line each.',
    '',
    'Exit status: 0 when every file was inspected; 1 when a file could not be read, its headers are',
    'damaged (an error is reported) or its payload failed to decompress; 2 on a usage error.',
  ].join('\n'),
  options: {
    json: { kind: 'boolean', help: 'print JSON (the contract in the README) instead of text' },
    'no-decompress': { kind: 'boolean', help: 'do not decompress a zboot payload' },
    target: { kind: 'string', multiple: true, arg: 'KEY=VALUE[,…]', help: TARGET_HELP },
    ca: { kind: 'file', arg: 'CERT', help: 'a CA certificate (PEM or DER, e.g. a distribution\'s Secure Boot CA): say whether the signer chains to it, as sbverify --cert does' },
  },
  positionals: { min: 1, max: Infinity },
  examples: ['zboot-explorer inspect vmlinuz.efi', 'zboot-explorer inspect vmlinuz --json --ca debian-uefi-ca.der', 'zboot-explorer inspect /boot --json --target preset=fedora40-aarch64,kexecTools=2.0.31', 'zboot-explorer inspect - --json < vmlinuz.efi'],
  async run({ values, positionals }) {
    const { preset, target } = await targetFromFlags(values.target);
    const paths = await expandInputs(positionals);
    const batch = paths.length > 1;
    let status = 0;
    for (const path of paths) {
      let f: InspectedFile;
      try {
        const bytes = await readInput(path);
        f = await inspectWithInner(bytes, !values['no-decompress']);
        if (values.ca) await checkWithCa(f, bytes, await readInput(values.ca));
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        warn(`inspect: ${e.message}`);
        if (values.json && batch) await emit(JSON.stringify(jsonDocument({ path, error: e.message })) + '\n');
        status = 1;
        continue;
      }
      if (f.unpackError) warn(`inspect: ${path}: decompression failed: ${f.unpackError}`);
      for (const e of f.ins.errors) warn(`inspect: ${path}: error at 0x${e.offset.toString(16)}: ${e.message}`);
      if (f.unpackError || f.ins.errors.length) status = 1;
      if (values.json) await emit(batch ? JSON.stringify(inspectDocument(path, f, preset, target)) + '\n' : JSON.stringify(inspectDocument(path, f, preset, target), null, 2) + '\n');
      else await emit(`${batch ? `==> ${path} <==\n` : ''}${inspectText(f, preset, target)}${batch ? '\n' : ''}`);
    }
    return status;
  },
});
