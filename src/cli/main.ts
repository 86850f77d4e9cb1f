// Command line over the same core the app runs. Exit status: 0 when the input was read (even if
// it is not a kernel, or a layout fails the way the kernel would), 1 on I/O or decompression
// failure, 2 on a usage error.
import { readFile, writeFile } from 'node:fs/promises';
import { jsonInt, parseRange, parseSize } from '../core/bytes/hex';
import { dtbTotalSize } from '../core/formats/dtb';
import { KEY_OPTIONS } from '../core/formats/ikconfig';
import { type Inspection, inspectBytes } from '../core/inspect';
import { DEFAULT_DTB_SIZE, kernelSpecOf } from '../core/kexec/kernelSpec';
import { phases } from '../core/handoff/phases';
import { type KernelSpec, type Layout, type LayoutMode, layout, layoutJson } from '../core/kexec/layout';
import { type MemoryMap, memoryFromText } from '../core/kexec/memoryMap';
import { PRESETS, presetById } from '../core/kexec/presets';
import { inspectionJson } from '../core/report';
import { type Unpacked, unpackZboot } from '../core/unpack';
import { imageFacts } from '../core/verdict/facts';
import { evaluate } from '../core/verdict/rules';
import { TARGET_PRESETS, type TargetSystem } from '../core/verdict/target';
import { printTree } from './text';

const USAGE = `usage:
  zboot-explorer inspect FILE [--json] [--no-decompress] [--target KEY=VALUE[,KEY=VALUE…]]
        target keys: preset (${TARGET_PRESETS.map((p) => p.id).join('|')}), arch, kernelVersion, kexecSig, kexecSigForce,
        lockdown (none|integrity|confidentiality), signerTrusted, pageSize, kexecTools, systemd (kexec-tools|direct|direct-einval-fallback)
  zboot-explorer extract FILE --out PATH
  zboot-explorer layout (--memory FILE [--reserved FILE] [--iomem FILE] | --preset ID)
        [--image FILE | --image-size N --text-offset N --kernel-size N]
        [--initrd-size N] [--dtb-size N | --dtb FILE] [--cmdline S] [--crash [--crash-region START-END]]
        [--page-size N] [--kernel-version X.Y] [--cpus N] [--cma START-END] [--no-cma]
        [--mode upstream|kexec-tools|zboot-proposal] [--json]
  zboot-explorer phases [--mode upstream|zboot-proposal] [--crash] [layout options] [--json]
presets: ${PRESETS.map((p) => p.id).join(', ')}`;

class UsageError extends Error {}
class IoError extends Error {}

function parseArgs(argv: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const boolean = new Set(['--json', '--crash', '--no-cma', '--no-decompress']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const [k, v] = a.split('=', 2) as [string, string | undefined];
      if (boolean.has(k)) flags.set(k, true);
      else {
        const val = v ?? (i + 1 < argv.length ? (argv[++i] as string) : undefined);
        if (val === undefined) throw new UsageError(`${k} needs a value`);
        // --target may repeat; its KEY=VALUE pairs accumulate
        const prev = flags.get(k);
        flags.set(k, k === '--target' && typeof prev === 'string' ? `${prev},${val}` : val);
      }
    } else positional.push(a);
  }
  return { positional, flags };
}

async function read(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new IoError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function size(flags: Map<string, string | true>, key: string): bigint | undefined {
  const v = flags.get(key);
  if (v === undefined) return undefined;
  const n = typeof v === 'string' ? parseSize(v) : undefined;
  if (n === undefined) throw new UsageError(`${key}: not a size: ${String(v)}`);
  return n;
}

function range(flags: Map<string, string | true>, key: string): { start: bigint; end: bigint } | undefined {
  const v = flags.get(key);
  if (v === undefined) return undefined;
  const r = typeof v === 'string' ? parseRange(v) : undefined;
  if (!r) throw new UsageError(`${key}: expected START-END (inclusive), e.g. 0x76e00000-0x7edfffff`);
  return r;
}

async function inspectWithInner(bytes: Uint8Array, decompress: boolean): Promise<{ ins: Inspection; unpacked?: Unpacked; unpackError?: string }> {
  const ins = await inspectBytes(bytes);
  if (!decompress || ins.format !== 'zboot') return { ins };
  const r = await unpackZboot(bytes, ins);
  return r.ok ? { ins, unpacked: r.unpacked } : { ins, unpackError: `${r.error}${r.offset !== undefined ? ` (at 0x${r.offset.toString(16)})` : ''}` };
}

/** The default target (Debian 13 arm64), with --target KEY=VALUE overrides. */
function targetFromFlag(spec: string | true | undefined): TargetSystem {
  const pairs = typeof spec === 'string' ? spec.split(',').filter(Boolean).map((kv) => kv.split('=', 2) as [string, string | undefined]) : [];
  const presetId = pairs.find(([k]) => k === 'preset')?.[1] ?? 'debian13-arm64';
  const preset = TARGET_PRESETS.find((p) => p.id === presetId);
  if (!preset) throw new UsageError(`unknown target preset ${presetId}`);
  const t: Record<string, unknown> = { ...preset.target };
  for (const [k, v] of pairs) {
    if (k === 'preset') continue;
    if (!(k in t) || v === undefined) throw new UsageError(`--target: unknown key or missing value in ${k}=${v ?? ''}`);
    const cur = t[k];
    t[k] = typeof cur === 'boolean' ? ['1', 'y', 'yes', 'true'].includes(v.toLowerCase()) : typeof cur === 'number' ? Number(v) : v;
  }
  return t as unknown as TargetSystem;
}

async function cmdInspect(args: ReturnType<typeof parseArgs>): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError('inspect takes one FILE');
  const bytes = await read(args.positional[0] as string);
  const { ins, unpacked, unpackError } = await inspectWithInner(bytes, !args.flags.has('--no-decompress'));
  if (!args.flags.has('--json')) {
    process.stdout.write(printTree(ins));
    if (unpacked) process.stdout.write(`\n--- decompressed payload (${unpacked.codec}, ${unpacked.data.length} bytes) ---\n${unpacked.banner?.text ?? '(no banner)'}\n\n${printTree(unpacked.inner)}`);
    if (unpackError) process.stdout.write(`decompression failed: ${unpackError}\n`);
    return 0;
  }
  const extra: Record<string, never> | Record<string, unknown> = {};
  if (unpacked) {
    const cfg = unpacked.config;
    Object.assign(extra, {
      inner: inspectionJson(unpacked.inner, { decoder: unpacked.decoder, kexecToolsLength: unpacked.kexecToolsLength }),
      ...(unpacked.banner ? { banner: unpacked.banner.text } : {}),
      config: cfg && 'options' in cfg ? { present: true, offset: jsonInt(cfg.offset), options: cfg.options } : { present: false, ...(cfg && 'error' in cfg ? { error: cfg.error } : {}) },
      keyOptions: cfg && 'options' in cfg ? Object.fromEntries(Object.entries(cfg.options).filter(([k]) => KEY_OPTIONS.test(k))) : {},
    });
  }
  if (unpackError) Object.assign(extra, { innerError: unpackError });
  const target = targetFromFlag(args.flags.get('--target'));
  const facts = imageFacts(ins, unpacked ? { inner: unpacked.inner, length: unpacked.data.length, kexecToolsLength: unpacked.kexecToolsLength } : undefined);
  Object.assign(extra, {
    target,
    kexec: evaluate(facts, target).map((v) => ({ route: v.route, verdict: v.verdict, ...(v.errno ? { errno: v.errno } : {}), message: v.message, why: v.why, ...(v.fix ? { fix: v.fix } : {}), verifies: v.verifies, rule: v.id, source: v.source })),
  });
  process.stdout.write(JSON.stringify(inspectionJson(ins, extra as never), null, 2) + '\n');
  return 0;
}

async function cmdExtract(args: ReturnType<typeof parseArgs>): Promise<number> {
  const out = args.flags.get('--out');
  if (args.positional.length !== 1 || typeof out !== 'string') throw new UsageError('extract takes FILE --out PATH');
  const bytes = await read(args.positional[0] as string);
  const ins = await inspectBytes(bytes);
  if (ins.format !== 'zboot') {
    process.stderr.write(`extract: ${args.positional[0]} is not a zboot image (${ins.description}); nothing to extract\n`);
    return 1;
  }
  const r = await unpackZboot(bytes, ins);
  if (!r.ok) {
    process.stderr.write(`extract: decompression failed: ${r.error}${r.offset !== undefined ? ` (at 0x${r.offset.toString(16)})` : ''}\n`);
    return 1;
  }
  try {
    await writeFile(out, r.unpacked.data);
  } catch (e) {
    throw new IoError(`cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`);
  }
  process.stderr.write(`extract: wrote ${r.unpacked.data.length} bytes (${r.unpacked.codec}) to ${out}\n`);
  return 0;
}

/** The layout the flags describe; phases uses it too (default: QEMU virt 1 GiB, the tiny Image). */
async function layoutFromArgs(f: Map<string, string | true>, defaults = false): Promise<Layout | number> {
  let memory: MemoryMap;
  if (defaults && !f.has('--memory') && !f.has('--preset')) f.set('--preset', 'qemu-virt-1G');
  if (defaults && !f.has('--image') && !f.has('--image-size')) f.set('--image-size', '0x450000');
  const presetId = f.get('--preset');
  if (typeof presetId === 'string') {
    const p = presetById(presetId);
    if (!p) throw new UsageError(`unknown preset ${presetId}`);
    memory = p.build();
  } else {
    const mem = f.get('--memory');
    if (typeof mem !== 'string') throw new UsageError('layout needs --memory FILE or --preset ID');
    const text = async (k: string) => {
      const v = f.get(k);
      return typeof v === 'string' ? new TextDecoder().decode(await read(v)) : undefined;
    };
    const reservedText = await text('--reserved');
    const iomemText = await text('--iomem');
    const r = memoryFromText({ memoryText: (await text('--memory')) as string, ...(reservedText ? { reservedText } : {}), ...(iomemText ? { iomemText } : {}) });
    if (!r.map) {
      process.stderr.write(r.errors.map((e) => `${r.errorsIn}: line ${e.line}: ${e.message}`).join('\n') + '\n');
      return 1;
    }
    memory = r.map;
  }
  const crashRegion = range(f, '--crash-region');
  if (crashRegion) memory = { ...memory, crashRegion };
  const mode = (f.get('--mode') ?? 'upstream') as LayoutMode;
  if (!['upstream', 'kexec-tools', 'zboot-proposal'].includes(mode)) throw new UsageError(`unknown --mode ${String(mode)}`);

  let kernel: KernelSpec;
  const image = f.get('--image');
  if (typeof image === 'string') {
    const bytes = await read(image);
    const { ins, unpacked, unpackError } = await inspectWithInner(bytes, mode !== 'upstream');
    if (unpackError && mode === 'kexec-tools') {
      process.stderr.write(`layout: kexec-tools would fail to decompress this image: ${unpackError}\n`);
      return 1;
    }
    kernel = kernelSpecOf(ins, unpacked);
  } else {
    const imageSize = size(f, '--image-size');
    if (imageSize === undefined) throw new UsageError('layout needs --image FILE or --image-size N');
    kernel = { format: mode === 'zboot-proposal' ? 'zboot' : 'sizes', fileLen: size(f, '--kernel-size') ?? imageSize, imageSize, textOffset: size(f, '--text-offset') ?? 0n };
  }
  let dtbSize = size(f, '--dtb-size');
  const dtb = f.get('--dtb');
  if (typeof dtb === 'string') {
    const t = dtbTotalSize(await read(dtb));
    if (t.error) {
      process.stderr.write(`layout: ${dtb}: ${t.error}\n`);
      return 1;
    }
    dtbSize = BigInt(t.size as number);
  }
  const cma = range(f, '--cma');
  return layout({
    memory,
    mode,
    kernel,
    ...(size(f, '--initrd-size') ? { initrdSize: size(f, '--initrd-size') as bigint } : {}),
    dtbSize: dtbSize ?? DEFAULT_DTB_SIZE,
    cmdline: typeof f.get('--cmdline') === 'string' ? (f.get('--cmdline') as string) : '',
    crash: f.has('--crash'),
    pageSize: size(f, '--page-size') ?? 4096n,
    kernelVersion: typeof f.get('--kernel-version') === 'string' ? (f.get('--kernel-version') as string) : '6.12',
    cpus: Number(f.get('--cpus') ?? 1),
    ...(cma ? { cma } : {}),
    ...(f.has('--no-cma') ? { noCma: true } : {}),
  });
}

async function cmdLayout(args: ReturnType<typeof parseArgs>): Promise<number> {
  const l = await layoutFromArgs(args.flags);
  if (typeof l === 'number') return l;
  const f = args.flags;
  const j = layoutJson(l);
  if (f.has('--json')) process.stdout.write(JSON.stringify(j, null, 2) + '\n');
  else {
    for (const s of j.segments) process.stdout.write(`${s.role.padEnd(12)} mem ${s.mem.padStart(12)}  memsz ${s.memsz.padStart(10)}  bufsz ${s.bufsz.padStart(10)}  align ${s.align}\n`);
    if (j.error) process.stdout.write(`error: ${j.error}\n`);
    for (const n of j.notes) process.stdout.write(`note: ${n}\n`);
  }
  return 0;
}

async function cmdPhases(args: ReturnType<typeof parseArgs>): Promise<number> {
  const f = args.flags;
  const mode = f.get('--mode') ?? 'upstream';
  if (mode !== 'upstream' && mode !== 'zboot-proposal') throw new UsageError('phases --mode is upstream or zboot-proposal');
  if (f.has('--crash') && !f.has('--crash-region') && !f.has('--iomem')) f.set('--crash-region', '0x76e00000-0x7edfffff');
  const l = await layoutFromArgs(f, true);
  if (typeof l === 'number') return l;
  const ps = phases({ path: mode, crash: f.has('--crash'), layout: l });
  if (f.has('--json')) process.stdout.write(JSON.stringify({ path: mode, crash: f.has('--crash'), layout: layoutJson(l), phases: ps }, null, 2) + '\n');
  else for (const [i, p] of ps.entries()) process.stdout.write(`${String(i + 1).padStart(2)}. ${p.title}${p.proposal ? ' [proposal]' : ''}\n    ${p.functions.join(', ')} — ${p.sources.join(', ')}\n    MMU ${p.cpu.mmu}; ${Object.entries(p.cpu.registers).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    const args = parseArgs(rest);
    if (cmd === 'inspect') return await cmdInspect(args);
    if (cmd === 'extract') return await cmdExtract(args);
    if (cmd === 'layout') return await cmdLayout(args);
    if (cmd === 'phases') return await cmdPhases(args);
    throw new UsageError(cmd ? `unknown command ${cmd}` : 'no command');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof IoError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(70);
  },
);
