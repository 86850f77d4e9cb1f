// Every parser and codec wrapper as a fuzz target over real seeds. Each target's check() throws
// (an assertion failure) only when a property breaks: an exception escaping the core, a problem
// without an offset or line, output past its bound.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ZBOOT_FIXTURES, fixture } from '../fixtures';
import { walkFields } from '../../src/core/bytes/field';
import { type Codec, decompress } from '../../src/core/codecs/decompress';
import { emulate } from '../../src/core/emulator/run';
import { CodecError } from '../../src/core/codecs/sink';
import { createMachine } from '../../src/core/emulator/cpu/machine';
import { parseAuthenticode } from '../../src/core/formats/authenticode';
import { inspectBytes } from '../../src/core/inspect';
import { arm64Load, parseVersion } from '../../src/core/kexec/arm64';
import { memoryFromText } from '../../src/core/kexec/memoryMap';
import { parseIomem, parseMemblock } from '../../src/core/kexec/memoryText';
import { verifyPeSignature } from '../../src/core/signature/verify';
import { decodeHash, encodeSnapshot } from '../../src/core/permalink/codec';
import { parseConfigFile } from '../../src/core/verdict/configFile';
import { SAMPLE_SNAPSHOT } from '../../src/core/permalink/examples';
import { readFdt } from '../../src/core/devicetree/reader';
import { ofKexecAllocAndSetupFdt } from '../../src/core/devicetree/kexecFdt';
import { applyBootChain } from '../../src/core/devicetree/bootChain';
import { gunzipSync } from 'node:zlib';
import { mutateBytes, mutateText, rng } from './mutate';

export interface Target {
  name: string;
  /** Share of the default run budget. */
  weight: number;
  run(r: () => number): Promise<void>;
}

function fail(msg: string): never {
  throw new Error(msg);
}

async function checkInspect(b: Uint8Array): Promise<void> {
  const ins = await inspectBytes(b);
  for (const p of [...ins.errors, ...ins.warnings]) {
    if (!Number.isSafeInteger(p.offset) || !p.message) fail(`problem without an offset: ${JSON.stringify(p)}`);
  }
  let n = 0;
  for (const f of walkFields(ins.fields)) {
    if (++n > 20_000) fail('more than 20,000 fields: unbounded output');
    if (f.offset < 0 || f.size < 0 || f.offset + f.size > Math.max(b.length, f.offset)) fail(`field ${f.id} ${f.offset}+${f.size} outside the ${b.length}-byte buffer`);
  }
}

const seeds = {
  zboot: () => readdirSync(FIXTURES).filter((f) => f.endsWith('.vmlinuz.efi')).map((f) => fixture(f).subarray(0, 0x4000)),
  images: () => ['arm64-6.12.117-tiny-gzip-build.Image.gz', 'riscv64-6.12.117-tiny-gzip-build.Image.gz', 'arm64-6.1.192-tiny-build.Image.gz'].map((f) => fixture(f).subarray(0, 0x4000)),
  signed: () => {
    // the Debian Image's headers with its real certificate table moved to 0x1000
    const img = fixture('debian-6.1.0-50-arm64-vmlinuz.gz');
    const cert = img.subarray(0x1f6da00, 0x1f6da00 + 0x5c0);
    const b = new Uint8Array(0x1000 + cert.length);
    b.set(img.subarray(0, 0x1000));
    b.set(cert, 0x1000);
    new DataView(b.buffer).setUint32(0x40 + 4 + 20 + 112 + 4 * 8, 0x1000, true); // Certificate.VirtualAddress (PE32+)
    return [b];
  },
  der: () => [fixture('debian-6.1.0-50-arm64-vmlinuz.gz').slice(0x1f6da08, 0x1f6da00 + 0x5c0)],
  uki: () => [new Uint8Array(readFileSync(new URL('../uki/uki-arm64-zboot.efi', import.meta.url)))],
  // real devicetrees (tests/devicetree/dtbs: Debian board dtbs, QEMU virt as kernels kept it)
  dtbs: () => readdirSync(new URL('../devicetree/dtbs/', import.meta.url)).filter((f) => f.endsWith('.dtb.gz') && !f.includes('direct-1G-stage1'))
    .map((f) => new Uint8Array(gunzipSync(readFileSync(new URL(`../devicetree/dtbs/${f}`, import.meta.url))))),
  // a 7.2 zboot image with a debug directory (EX_DLLCHARACTERISTICS) and .sbat (tests/fixtures-7.2)
  zboot72: () => [new Uint8Array(readFileSync(new URL('../fixtures-7.2/arm64-7.2.13-clang-bti-sbat-zboot-gzip.vmlinuz.efi', import.meta.url)))],
  // the same, signed by sbsign (tests/signing)
  signed72: () => [new Uint8Array(readFileSync(new URL('../signing/arm64-7.2.13-clang-bti-sbat-zboot-gzip.signed.efi', import.meta.url)))],
  bzimage: () => {
    // a synthetic boot sector with the setup header magics (no x86 kernel among the fixtures)
    const b = new Uint8Array(0x1000);
    b.set([0x4d, 0x5a]);
    b[0x1f1] = 0x1b;
    b.set([0x55, 0xaa], 0x1fe);
    b.set([0x48, 0x64, 0x72, 0x53, 0x0f, 0x02], 0x202);
    return [b];
  },
};

const GT = join(FIXTURES, 'kexec-ground-truth');
const gtText = (f: string) => readdirSync(GT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => readFileSync(join(GT, d.name, f), 'utf8'));

const PAYLOADS: Array<[Codec, string]> = [
  ['gzip', 'arm64-6.1.192-tiny-zboot-gzip'], ['zstd', 'arm64-6.1.192-tiny-zboot-zstd'], ['lz4', 'arm64-6.1.192-tiny-zboot-lz4'],
  ['lzma', 'arm64-6.1.192-tiny-zboot-lzma'], ['lzo', 'arm64-6.1.192-tiny-zboot-lzo'], ['xz', 'arm64-6.1.192-tiny-zboot-xz'],
];

/** The codecs with a wasm decoder (lzdec.c) and a TypeScript twin. */
const TWINS = { lz4: true, lzma: true, lzo: true, xz: true } as const;

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function memo<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= f());
}

export function targets(): Target[] {
  const pick = <T>(xs: T[], r: () => number) => xs[Math.floor(r() * xs.length)] as T;
  const zb = memo(seeds.zboot);
  const im = memo(seeds.images);
  const sg = memo(seeds.signed);
  const der = memo(seeds.der);
  const uki = memo(seeds.uki);
  const bz = memo(seeds.bzimage);
  const dtbs = memo(seeds.dtbs);
  const z72 = memo(seeds.zboot72);
  const s72 = memo(seeds.signed72);
  /** Mutates only [at, at+n) of a copy of b: the structure under test, the rest left intact. */
  const mutateIn = (b: Uint8Array, at: number, n: number, r: () => number) => {
    const c = b.slice();
    c.set(mutateBytes(c.subarray(at, at + n), r, n).subarray(0, n), at);
    return c;
  };
  const memTexts = memo(() => [...gtText('memblock_memory.txt'), ...gtText('memblock_reserved.txt')]);
  const ioTexts = memo(() => gtText('iomem.txt'));
  const payloads = memo(() => [
    ...PAYLOADS.map(([codec, name]) => {
      const f = fixture(`${name}.vmlinuz.efi`);
      const dv = new DataView(f.buffer, f.byteOffset);
      const off = dv.getUint32(8, true);
      return [codec, f.subarray(off, off + dv.getUint32(12, true))] as const;
    }),
    // xz beyond the zboot form: ARM64 BCJ, several blocks, SHA-256 and CRC64 checks (tests/xz/)
    ...['arm64-6.12-Image-head.xz', 'mixed-blocks-sha256.xz', 'head-crc64.xz'].map((n) => ['xz', new Uint8Array(readFileSync(new URL(`../xz/${n}`, import.meta.url)))] as const),
  ]);
  // the arm64 stubs' code (from .text at 0x1000 to the payload), real instruction streams to mutate
  const stubCode = memo(() => ZBOOT_FIXTURES.filter((n) => n.startsWith('arm64')).map((n) => {
    const f = fixture(`${n}.vmlinuz.efi`);
    return f.subarray(0x1000, new DataView(f.buffer, f.byteOffset).getUint32(8, true)); // zboot header: payload offset
  }));
  const configs = memo(() => [
    new Uint8Array(readFileSync(join(FIXTURES, 'distro-configs/config-6.12.117+deb13-cloud-arm64.gz'))),
    new Uint8Array(readFileSync(join(FIXTURES, 'arm64-6.12.117-tiny-gzip-build.config'))).subarray(0, 0x3000),
  ]);
  let link: string | undefined;
  return [
    {
      // The emulator on a real zboot file whose headers and stub code (the first 48 KiB) are
      // mutated: every run ends within its budget with a reason, nothing escapes.
      name: 'emulate: zboot stub with mutated headers and code',
      weight: 1,
      run: async (r) => {
        const file = fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi').slice();
        const head = mutateBytes(file.subarray(0, 0xc000), r, 0xc000);
        file.set(head.subarray(0, 0xc000));
        const rep = await emulate(head.length < 0xc000 ? file.subarray(0, file.length - (0xc000 - head.length)) : file, { maxInstructions: 300_000, maxSeconds: 5 });
        if (!['kernel-entry', 'error', 'budget'].includes(rep.exit) || !rep.reason) fail(`emulate ended without a reason: ${rep.exit}`);
        if (rep.reason.startsWith('internal error')) fail(rep.reason);
        if (rep.instructions > 300_000 + (1 << 20)) fail(`ran ${rep.instructions} instructions past a 300,000 budget`);
      },
    },
    // a compressed plain Image is a bare stream: the zboot payloads are exactly such streams
    { name: 'inspect: compressed plain Images (the stream headers)', weight: 2, run: (r) => checkInspect(mutateBytes(pick(payloads(), r)[1].subarray(0, 0x4000), r)) },
    {
      name: 'kernel config files (text and gzip)',
      weight: 2,
      run: async (r) => {
        const res = await parseConfigFile(mutateBytes(pick(configs(), r), r));
        if (!res.fields && !res.errors.length) fail('neither fields nor an error');
        for (const p of [...res.errors, ...res.warnings]) if (!Number.isSafeInteger(p.offset) || !p.message) fail(`config problem without an offset: ${JSON.stringify(p)}`);
      },
    },
    { name: 'inspect: zboot headers (DOS, zboot, PE/COFF, sections)', weight: 30, run: (r) => checkInspect(mutateBytes(pick(zb(), r), r)) },
    { name: 'inspect: arm64/riscv64 Image headers', weight: 12, run: (r) => checkInspect(mutateBytes(pick(im(), r), r)) },
    { name: 'inspect: signed PE + certificate table', weight: 12, run: (r) => checkInspect(mutateBytes(pick(sg(), r), r)) },
    {
      name: 'PKCS#7 Authenticode (pkijs)',
      weight: 10,
      run: async (r) => {
        const res = parseAuthenticode(mutateBytes(pick(der(), r), r));
        if (!res.signer && !res.error) fail('neither signer nor error');
      },
    },
    {
      name: 'devicetree: reader, boot chain and the kexec recipe',
      weight: 4,
      run: async (r) => {
        const b = mutateBytes(pick(dtbs(), r), r);
        const t = readFdt(b);
        for (const p of [...t.errors, ...t.warnings]) if (!Number.isSafeInteger(p.offset) || p.offset < 0 || !p.message) fail(`devicetree problem without an offset: ${JSON.stringify(p)}`);
        if (!t.fields && !t.errors.length) fail('no tree and no error');
        if (t.fields && t.fields.nodeCount > b.length / 8) fail('more nodes than the blob can hold');
        // libfdt semantics must hold on anything, accepted by the reader or not: results, never exceptions
        const chain = applyBootChain(b, r() < 0.5 ? { efiStub: { cmdline: 'console=ttyAMA0', secureBoot: 2 } } : {});
        if (!chain.blob && !chain.error) fail('boot chain: neither a blob nor an error');
        const k = ofKexecAllocAndSetupFdt({ initialBootParams: chain.blob ?? b, version: { major: 6, minor: 12 }, pageSize: 4096n, initrd: { addr: 0x48000000n, len: 0x400000n }, cmdline: 'console=ttyAMA0', rngInitialized: r() < 0.5 });
        if (!k.dtb && !k.error) fail('kexec recipe: neither a blob nor an error');
        if (k.dtb && k.dtb.length > k.bufferSize) fail('packed blob larger than its buffer');
      },
    },
    {
      name: 'inspect: 7.2 zboot debug directory, EX_DLLCHARACTERISTICS and .sbat',
      weight: 1,
      run: async (r) => {
        const b = pick(z72(), r);
        const dv = new DataView(b.buffer, b.byteOffset);
        // the headers, or the debug table (data directory 6, an RVA = file offset in zboot) and its data, or .sbat
        const pe = dv.getUint32(0x3c, true);
        const debug = dv.getUint32(pe + 24 + 112 + 6 * 8, true);
        const nsec = dv.getUint16(pe + 6, true);
        const secs = pe + 24 + dv.getUint16(pe + 20, true);
        let sbat = 0;
        for (let i = 0; i < nsec; i++) if (dv.getUint32(secs + 40 * i, true) === 0x6162732e) sbat = dv.getUint32(secs + 40 * i + 20, true); // ".sba"
        const region = [[0, 0x400], [debug, 0x40], [sbat, 0x200]][Math.floor(r() * 3)] as [number, number];
        const c = mutateIn(b, region[0], region[1], r);
        await checkInspect(c);
      },
    },
    {
      name: 'Authenticode verification (mutated certificate table of a signed 7.2 image)',
      weight: 2,
      run: async (r) => {
        const b = pick(s72(), r);
        const dv = new DataView(b.buffer, b.byteOffset);
        const pe = dv.getUint32(0x3c, true);
        const dir = pe + 24 + 112 + 4 * 8;
        const at = dv.getUint32(dir, true);
        const c = r() < 0.8 ? mutateIn(b, at, Math.min(0x800, b.length - at), r) : mutateIn(b, pe, 0x200, r);
        const res = await verifyPeSignature(c);
        if (!res.message) fail('a signature check without a message');
        if (res.state === 'intact' && res.computedDigest !== res.signedDigest) fail('intact with differing digests');
      },
    },
    { name: 'inspect: bzImage setup header', weight: 5, run: (r) => checkInspect(mutateBytes(pick(bz(), r), r)) },
    {
      name: 'inspect: UKI sections and nested .linux',
      weight: 1,
      run: (r) => {
        const b = pick(uki(), r).slice();
        const head = mutateBytes(b.subarray(0, 0x400), r, 0x400);
        b.set(head.subarray(0, 0x400));
        return checkInspect(b);
      },
    },
    {
      name: 'memblock and iomem text, then layout',
      weight: 12,
      run: async (r) => {
        const memory = mutateText(pick(memTexts(), r), r);
        const reserved = mutateText(pick(memTexts(), r), r);
        for (const p of [parseMemblock(memory), parseMemblock(reserved)]) for (const e of p.errors) if (!(e.line >= 1) || !e.message) fail('memblock error without a line');
        for (const e of parseIomem(mutateText(pick(ioTexts(), r), r)).errors) if (!(e.line >= 1)) fail('iomem error without a line');
        const m = memoryFromText({ memoryText: memory, reservedText: reserved });
        if (m.map) {
          const l = arm64Load({ memory: m.map, imageSize: 0x450000n, textOffset: 0n, kernelLen: 0x3dba00n, initrdLen: 0x400000n, dtbLen: 0x2000n, crash: false, pageSize: 4096n, version: parseVersion('6.12')!, cpus: 1 });
          if (!l.error && l.segments.length !== 3) fail('layout neither placed all segments nor failed');
        } else if (!m.errors.length) fail('no map and no error');
      },
    },
    {
      name: 'permalink decode',
      weight: 8,
      run: async (r) => {
        link ??= await encodeSnapshot(SAMPLE_SNAPSHOT);
        const res = await decodeHash(mutateText(link, r));
        if (!res.ok && !res.error) fail('failure without a message');
      },
    },
    {
      name: 'AArch64 machine: mutated stub code and random words, bounded runs',
      weight: 3,
      run: async (r) => {
        const RAM = 0x4000_0000n, SIZE = 0x20_0000n, BUDGET = 20_000;
        const m = await createMachine({ ram: [{ base: RAM, size: SIZE }], trap: { base: 0x1000_0000n, size: 0x1000n }, memoryLimit: 0x10_0000n });
        const code = pick(stubCode(), r);
        const at = Math.floor(r() * Math.max(1, code.length - 0x1000)) & ~3;
        const page = r() < 0.2 ? Uint8Array.from({ length: 0x1000 }, () => Math.floor(r() * 256)) : mutateBytes(code.slice(at, at + 0x1000), r);
        m.write(RAM + 0x1_0000n, page);
        for (let n = 0; n < 31; n++) m.setX(n, r() < 0.5 ? RAM + BigInt(Math.floor(r() * Number(SIZE))) : BigInt(Math.floor(r() * 2 ** 32)) << BigInt(Math.floor(r() * 33)));
        m.setSp(RAM + SIZE - 0x1000n);
        m.setPc(RAM + 0x1_0000n + (BigInt(Math.floor(r() * page.length)) & ~3n));
        const stop = m.run(BUDGET);
        if (m.instructions > BUDGET) fail(`ran ${m.instructions} instructions on a budget of ${BUDGET}`);
        if (m.ramInUse > 0x10_0000) fail(`RAM in use ${m.ramInUse} past the limit`);
        if (stop.kind === 'undefined' && !stop.text) fail('undefined stop without text');
        if (stop.kind === 'fault' && !stop.misaligned && m.read(stop.address, stop.size)) fail(`fault at 0x${stop.address.toString(16)}, which is RAM`);
        if (!['trap', 'undefined', 'fault', 'memory', 'budget'].includes(stop.kind)) fail(`unexpected stop ${stop.kind}`);
        m.dispose();
      },
    },
    {
      name: 'codec wrappers (gzip, zstd, lz4, lzma, lzo, xz) on mutated real payloads',
      weight: 3,
      run: async (r) => {
        const [codec, src] = pick(payloads(), r);
        const max = 8 << 20;
        const bad = mutateBytes(src.subarray(0, 0x10000 + Math.floor(r() * src.length)), r);
        try {
          const out = await decompress(codec, bad, { maxOutput: max, ...(r() < 0.5 ? { expectedSize: Math.floor(r() * max) } : {}) }, r() < 0.5 ? 'fast' : 'fallback');
          if (out.data.length > max) fail(`${codec}: output ${out.data.length} past the bound`);
        } catch (e) {
          if (!(e instanceof CodecError)) fail(`${codec}: a non-codec exception escaped: ${e instanceof Error ? e.stack : String(e)}`);
          if (!Number.isSafeInteger(e.inputOffset)) fail(`${codec}: error without an offset`);
        }
      },
    },
    {
      name: 'wasm decoders against their TypeScript twins (lz4, lzma, lzo, xz): equal bytes or equal error kind',
      weight: 2,
      run: async (r) => {
        const [codec, src] = pick(payloads().filter(([c]) => c in TWINS), r);
        // a prefix of up to 272 KiB: each input is decoded twice, and the streams' bugs live in
        // their headers and first blocks as much as anywhere
        const bad = mutateBytes(src.subarray(0, 0x4000 + Math.floor(r() * 0x40000)), r);
        const opts = { maxOutput: 8 << 20, ...(r() < 0.5 ? { expectedSize: Math.floor(r() * (8 << 20)) } : {}) };
        const outcome = async (choice: 'fast' | 'fallback') => {
          try {
            const d = await decompress(codec, bad, opts, choice);
            return { data: d.data, decoder: d.decoder };
          } catch (e) {
            if (!(e instanceof CodecError)) fail(`${codec} ${choice}: a non-codec exception escaped: ${e instanceof Error ? e.stack : String(e)}`);
            return { kind: e.kind, message: e.message, decoder: choice };
          }
        };
        const [w, js] = [await outcome('fast'), await outcome('fallback')];
        if (!w.decoder.includes('wasm') && 'data' in w) fail(`${codec}: the fast path did not run the wasm decoder (${w.decoder})`);
        if ('data' in w && 'data' in js) {
          if (!equalBytes(w.data as Uint8Array, js.data as Uint8Array)) fail(`${codec}: wasm and JS decoded ${(w.data as Uint8Array).length} and ${(js.data as Uint8Array).length} bytes that differ`);
        } else if ('kind' in w && 'kind' in js) {
          if (w.kind !== js.kind) fail(`${codec}: wasm failed as ${w.kind} (${w.message}), JS as ${js.kind} (${js.message})`);
        } else fail(`${codec}: one decoder succeeded, the other failed: wasm ${'kind' in w ? w.message : 'ok'}, JS ${'kind' in js ? js.message : 'ok'}`);
      },
    },
  ];
}

/** Runs `total` inputs split by weight; returns per-target counts. */
export async function fuzz(total: number, seed: number, log?: (s: string) => void): Promise<Record<string, number>> {
  const ts = targets();
  const weights = ts.reduce((s, t) => s + t.weight, 0);
  const counts: Record<string, number> = {};
  let k = 0;
  for (const t of ts) {
    const n = Math.max(1, Math.round((total * t.weight) / weights));
    const t0 = Date.now();
    for (let i = 0; i < n; i++) {
      const s = seed + k++;
      try {
        await t.run(rng(s));
      } catch (e) {
        throw new Error(`fuzz target "${t.name}" failed on input seed ${s}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    }
    counts[t.name] = n;
    log?.(`${t.name}: ${n} inputs in ${Date.now() - t0} ms`);
  }
  return counts;
}
