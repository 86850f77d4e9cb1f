// npm run bench [-- --json] [--runs N] [--app-only]: our decoders in a headless Chromium worker against the
// native CLIs on the same bytes, measured in the same run; plus layout speed and bundle size.
// Inputs are built once from the fixtures (a real 32 MiB arm64 Image, compressed the way Kbuild
// does) into node_modules/.cache/zboot-bench. Nothing is installed at run time: a missing native
// tool is reported and its row skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { parseVersion, arm64Load } from '../src/core/kexec/arm64';
import { memoryFromText } from '../src/core/kexec/memoryMap';
import { presetById } from '../src/core/kexec/presets';
import { inspectBytes } from '../src/core/inspect';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIX = process.env.FIXTURES ?? resolve(root, '../shared/fixtures');
const CACHE = join(root, 'node_modules/.cache/zboot-bench');
const json = process.argv.includes('--json');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const skipCodecs = process.argv.includes('--app-only'); // the app rows alone, while working on them
const log = (s: string) => process.stderr.write(s + '\n');
const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Row { metric: string; ours: number; reference: number; ratio: number; unit: string; note?: string }
const rows: Row[] = [];
const add = (metric: string, ours: number, reference: number, unit: string, note?: string) =>
  rows.push({ metric, ours: round(ours), reference: round(reference), ratio: round(ours / reference, 3), unit, ...(note ? { note } : {}) });
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

// ---- inputs ---------------------------------------------------------------------------------
mkdirSync(CACHE, { recursive: true });
const imagePath = join(CACHE, 'Image');
if (!existsSync(imagePath)) writeFileSync(imagePath, gunzipSync(readFileSync(join(FIX, 'debian-6.1.0-50-arm64-vmlinuz.gz'))));
const image = readFileSync(imagePath);
const imageSha = createHash('sha256').update(image).digest('hex');
const MB = image.length / 1e6;

// codec, file, compress command (Kbuild's: scripts/Makefile.lib, perf-notes "Setup"), native decompress
const CODECS: Array<{ codec: string; file: string; tool: string; make: string; unmake: string[]; label: string }> = [
  { codec: 'gzip', file: 'Image.gz', tool: 'gzip', make: 'gzip -n -9 -c', unmake: ['gzip', '-dc'], label: 'gzip -9' },
  { codec: 'zstd', file: 'Image.zst22', tool: 'zstd', make: 'cat | zstd -q -22 --ultra -c', unmake: ['zstd', '-q', '-dc'], label: 'zstd --ultra -22 (pipe: no content size, 128 MiB window)' },
  { codec: 'lz4', file: 'Image.lz4', tool: 'lz4', make: 'lz4 -q -l -9 - -', unmake: ['lz4', '-q', '-dc'], label: 'lz4 -l -9 (legacy frame)' },
  { codec: 'xz', file: 'Image.xz', tool: 'xz', make: 'xz --check=crc32 --lzma2=,dict=32MiB -c', unmake: ['xz', '-dc'], label: 'xz --check=crc32, dict 32 MiB (6.1 xz_wrap.sh)' },
  { codec: 'lzma', file: 'Image.lzma', tool: 'lzma', make: 'cat | lzma -9 -c', unmake: ['lzma', '-dc'], label: 'lzma -9' },
  { codec: 'lzo', file: 'Image.lzo', tool: 'lzop', make: 'lzop -9 -c', unmake: ['lzop', '-dc'], label: 'lzop -9' },
];
for (const c of CODECS) {
  const p = join(CACHE, c.file);
  if (existsSync(p) || !have(c.tool)) continue;
  log(`bench: building ${c.file} (${c.make}) — once, cached in ${CACHE}`);
  execFileSync('sh', ['-c', `${c.make} < "${imagePath}" > "${p}"`]);
}

// ---- native -----------------------------------------------------------------------------------
// Each native CLI runs RUNS times before the browser decodes and RUNS times after them; its
// reference is the median over both sessions (perf-notes "Setup"), so load that comes and goes on
// this shared machine weighs on both sides of the ratio alike.
const nativeTimes: Record<string, number[]> = {};
/** RUNS wall-clock times (ms) of a native decompressor reading `file` and writing to /dev/null. */
const timeCli = (cmd: string[], file: string): number[] =>
  Array.from({ length: RUNS }, () => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('sh', ['-c', `${cmd.join(' ')} < "${file}" > /dev/null`]);
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  });
const measureNative = (c: (typeof CODECS)[number]) => {
  const p = join(CACHE, c.file);
  if (have(c.tool) && existsSync(p)) (nativeTimes[c.codec] ??= []).push(...timeCli(c.unmake, p));
};
for (const c of CODECS) {
  if (have(c.tool)) measureNative(c);
  else log(`bench: ${c.tool} not installed; ${c.codec} has no native reference (apt-get install ${c.tool === 'lzop' ? 'lzop' : c.tool})`);
}

// ---- browser ----------------------------------------------------------------------------------
log('bench: building the bench page');
execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', 'bench/vite.config.ts'], { cwd: root, stdio: 'inherit' });
const distBench = join(root, 'bench/dist');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };
const server = createServer((req, res) => {
  const url = decodeURIComponent((req.url ?? '/').split('?')[0] as string);
  const appDist = join(root, 'dist');
  const p = url.startsWith('/inputs/')
    ? join(CACHE, url.slice(8))
    : url.startsWith('/app/')
      ? join(appDist, url.slice(5) || 'index.html')
      : join(distBench, url === '/' ? 'index.html' : url);
  if (!p.startsWith(CACHE) && !p.startsWith(distBench) && !p.startsWith(appDist)) return res.writeHead(403).end();
  if (!existsSync(p) || !statSync(p).isFile()) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(p)] ?? 'application/octet-stream' }).end(readFileSync(p));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const launch = (extra: string[] = []) =>
  chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extra],
  });
const browser = await launch();
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${port}/`);
await page.waitForFunction(() => 'runDecode' in window);

type R = { ok: boolean; ms: number; outLen: number; sha: string; decoder: string; error?: string };
type Choice = 'fast' | 'fallback' | 'reference';
// warm and cold MB/s per codec and choice; a wrong output is reported and leaves no figure
const speed: Record<string, Partial<Record<Choice, { warm: number; cold: number; decoder: string }>>> = {};
for (const c of skipCodecs ? [] : CODECS) {
  if (!existsSync(join(CACHE, c.file))) continue;
  // fallback: pako, fzstd and the JS twins of lzdec.c
  const choices: Choice[] = ['fast', 'fallback', ...(['lz4', 'xz', 'lzma'].includes(c.codec) ? (['reference'] as const) : [])];
  for (const choice of choices) {
    const results: R[] = [];
    // run 0 on a fresh worker (cold: wasm compile, JIT warm-up), then RUNS warm runs on the same worker
    for (let i = 0; i <= RUNS; i++) {
      results.push((await page.evaluate(([codec, url, size, ch, fresh]) => (window as unknown as { runDecode: (...a: unknown[]) => Promise<unknown> }).runDecode(codec, url, size, ch, fresh), [c.codec, `/inputs/${c.file}`, image.length, choice, i === 0] as const)) as R);
    }
    const bad = results.find((r) => !r.ok || r.sha !== imageSha);
    if (bad) {
      log(`bench: ${c.codec} ${choice} (${results[0]?.decoder ?? '?'}): ${bad.ok ? `WRONG OUTPUT (${bad.outLen} bytes, sha ${bad.sha.slice(0, 12)}…)` : bad.error}`);
      continue;
    }
    (speed[c.codec] ??= {})[choice] = { warm: MB / (median(results.slice(1).map((r) => r.ms)) / 1000), cold: MB / ((results[0] as R).ms / 1000), decoder: (results[0] as R).decoder };
  }
  measureNative(c);
  const s = speed[c.codec] ?? {};
  const times = nativeTimes[c.codec];
  const nat = times ? MB / (median(times) / 1000) : NaN;
  const natName = c.unmake.join(' ');
  // the budget's reference: native for gzip and zstd; for the rest the lower of native and the
  // fastest correct npm decoder measured above in the same worker
  const ref = s.reference && s.reference.warm < nat ? { mbs: s.reference.warm, name: `${s.reference.decoder} in the same worker, below native ${natName}` } : { mbs: nat, name: `native ${natName}` };
  const what = (d: string) => `${c.codec} worker decompress (${d}), 32 MiB Image, ${c.label}`;
  for (const choice of choices) {
    const m = s[choice];
    if (!m) continue;
    if (choice === 'reference') {
      add(what(m.decoder), m.warm, nat, 'MB/s', `npm reference decoder, against native ${natName}`);
      continue;
    }
    const r = choice === 'fast' ? ref : { mbs: nat, name: `native ${natName}` };
    add(what(m.decoder), m.warm, r.mbs, 'MB/s', `${choice === 'fast' ? 'the worker\'s path' : 'fallback'}; reference: ${r.name}`);
    add(`${what(m.decoder)}, first run (fresh worker)`, m.cold, r.mbs, 'MB/s');
  }
}
// ---- the emulator: the 6.12 gzip zboot's own stub to the kernel entry, in a browser worker ------
/** A zboot file's compressed payload: payload_offset and payload_size at 8 and 12 (libstub/zboot-header.S). */
const zbootPayload = (f: Buffer) => f.subarray(f.readUInt32LE(8), f.readUInt32LE(8) + f.readUInt32LE(12));
/**
 * The reference: median ms of qemu-aarch64 running the kernel's lib/zlib_inflate (6.12, built
 * static from KSRC: bench/zinflate/main.c) on a gzip `payload` (written to the cache as `name`),
 * checked to inflate to `len` bytes; NaN when a tool is missing.
 */
function qemuInflateMs(name: string, gz: Buffer, len: number): number {
  const KSRC = process.env.KSRC ?? resolve(root, '../ksrc/linux-source-6.12');
  const zi = join(CACHE, 'zinflate');
  if (!existsSync(zi) && have('aarch64-linux-gnu-gcc') && existsSync(join(KSRC, 'lib/zlib_inflate/inflate.c'))) {
    const inc = join(CACHE, 'zinflate-inc/linux');
    mkdirSync(inc, { recursive: true });
    for (const h of ['zlib.h', 'zconf.h', 'zutil.h']) copyFileSync(join(KSRC, 'include/linux', h), join(inc, h));
    const src = join(KSRC, 'lib/zlib_inflate');
    execFileSync('aarch64-linux-gnu-gcc', ['-O2', '-static', '-w', `-I${join(root, 'bench/zinflate/shim')}`, `-I${join(CACHE, 'zinflate-inc')}`, `-I${src}`, '-o', zi, join(root, 'bench/zinflate/main.c'), ...['inflate.c', 'inffast.c', 'inftrees.c'].map((f) => join(src, f))]);
  }
  if (!existsSync(zi) || !have('qemu-aarch64')) return NaN;
  const payload = join(CACHE, `${name}.payload.gz`);
  writeFileSync(payload, gz);
  const t: number[] = [];
  for (let i = 0; i < 5; i++) {
    const out = spawnSync('qemu-aarch64', ['-cpu', 'cortex-a57', zi, payload], { encoding: 'buffer', maxBuffer: 512 << 20 });
    const [rc, n, tms] = out.stdout.toString().trim().split(' ');
    if (out.status === 0 && rc === '1' && n === String(len)) t.push(Number(tms));
  }
  return t.length ? median(t) : NaN;
}
{
  // Reference, measured now: the same decompressor — the kernel's lib/zlib_inflate, which the
  // stub runs (6.12 zboot.c → lib/decompress_inflate.c) — built as a static aarch64 user-mode
  // program (bench/zinflate/main.c) and run by qemu-aarch64's JIT on the same payload. It times
  // inflate alone (~51 of the stub's ~52 M instructions, efi-emulation.md §5); ours is the whole
  // run: machine, firmware, stub, inflate, devicetree, ExitBootServices.
  const zb = 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi';
  copyFileSync(join(FIX, zb), join(CACHE, zb));
  const dtbGz = join(FIX, 'kexec-ground-truth/efi-gzip-1G-initrd4M/qemu-virt.dtb.gz');
  writeFileSync(join(CACHE, 'qemu-virt.dtb'), gunzipSync(readFileSync(dtbGz)));
  type E = { exit: string; reason: string; sha: string; size: number; instructions: number; ms: number; long: number[] };
  const runs: E[] = [];
  for (let i = 0; i < Math.max(3, Math.min(RUNS, 5)); i++) runs.push((await page.evaluate(([u, d]) => (window as unknown as { runEmulate: (u: string, d: string) => Promise<unknown> }).runEmulate(u, d), [`/inputs/${zb}`, '/inputs/qemu-virt.dtb'] as const)) as E);
  // shared/fixtures/README.md: the gzip build's Image
  const bad = runs.find((r) => r.exit !== 'kernel-entry' || r.sha !== '5f249e2c3d4421f1976edebda7604a94bc0e7785262efb8979465491f8bf5e1f');
  if (bad) log(`bench: emulate ${zb}: ${bad.exit} ${bad.reason} (sha ${bad.sha.slice(0, 12)}…) — no emulator figures`);
  else {
    const ms = median(runs.map((r) => r.ms));
    const instr = (runs[0] as E).instructions;
    const refMs = qemuInflateMs(zb, zbootPayload(readFileSync(join(FIX, zb))), 0x450000);
    if (Number.isNaN(refMs)) log('bench: no qemu-aarch64 zinflate reference (qemu-aarch64, aarch64-linux-gnu-gcc and the 6.12 source in KSRC are needed)');
    add('emulate 6.12 gzip zboot to the kernel entry (browser worker, whole run)', ms, refMs, 'ms', 'budget < 2000 ms; reference: qemu-aarch64 JIT running the kernel\'s lib/zlib_inflate on the same payload (inflate only)');
    add('emulator speed, 6.12 gzip zboot stub', instr / (ms / 1000) / 1e6, instr / (refMs / 1000) / 1e6, 'MIPS', `${(instr / 1e6).toFixed(1)} M instructions; reference: the same count over the qemu-aarch64 time (its JIT on inflate)`);
    const long = runs.flatMap((r) => r.long);
    rows.push({ metric: 'main-thread long tasks > 50 ms while the stub runs', ours: long.filter((d) => d > 50).length, reference: 0, ratio: NaN, unit: 'count', note: `budget 0; ${runs.length} runs; longest ${Math.round(Math.max(0, ...long))} ms` });
  }
  // A distro-sized image: Debian's 46 MiB 7.2 arm64 Image packed by the 7.2 zboot build
  // (scripts/make-distro-zboot.sh writes it into the cache; EMU_BIG_ZBOOT names another). Budget
  // < 20 s. Its Image is checked against the payload inflated natively (node's zlib), cut where
  // the Image's own PE header ends it (Debian's file goes on with its signature).
  const big = process.env.EMU_BIG_ZBOOT ?? join(CACHE, 'debian-7.2.13-arm64-zboot-gzip.efi');
  if (existsSync(big)) {
    if (big !== join(CACHE, 'big.vmlinuz.efi')) copyFileSync(big, join(CACHE, 'big.vmlinuz.efi'));
    const r = (await page.evaluate(([u, d]) => (window as unknown as { runEmulate: (u: string, d: string) => Promise<unknown> }).runEmulate(u, d), ['/inputs/big.vmlinuz.efi', '/inputs/qemu-virt.dtb'] as const)) as E;
    const f = readFileSync(big);
    const gz = zbootPayload(f);
    const native = gunzipSync(gz);
    const want = createHash('sha256').update(native.subarray(0, r.size)).digest('hex');
    if (r.exit !== 'kernel-entry' || r.sha !== want) log(`bench: emulate ${big}: ${r.exit} ${r.reason} (Image sha ${r.sha.slice(0, 12)}…, native ${want.slice(0, 12)}…) — no figure`);
    else {
      const ref = qemuInflateMs('big.vmlinuz.efi', gz, native.length);
      add(`emulate ${big.split('/').pop()} (${(f.length / 1048576).toFixed(0)} MiB zboot, ${(r.size / 1048576).toFixed(0)} MiB Image) to the kernel entry (browser worker)`, r.ms / 1000, ref / 1000, 's', `budget < 20 s; ${(r.instructions / 1e6).toFixed(0)} M instructions, ${(r.instructions / r.ms / 1e3).toFixed(1)} MIPS; reference: qemu-aarch64 JIT on lib/zlib_inflate of the same payload (inflate only)`);
    }
  } else log(`bench: no distro-sized zboot at ${big}: scripts/make-distro-zboot.sh makes one (downloads Debian's 7.2 Image and source); its row is skipped`);
}
// ---- the app itself: drop to everything drawn, long tasks, heap, hex scrolling ----------------
{
  // a 60 MiB zboot built from the Debian Image: the 6.12 gzip zboot's header around a gzip payload
  // of the Image followed by 49 MiB of incompressible bytes (so the file, not just the Image, is big)
  const zbPath = join(CACHE, 'zboot-60MiB.vmlinuz.efi');
  const payloadPath = join(CACHE, 'zboot-60MiB.payload.gz');
  if (!existsSync(zbPath)) {
    const tail = new Uint8Array(49 << 20);
    for (let o = 0; o < tail.length; o += 65536) crypto.getRandomValues(tail.subarray(o, o + 65536));
    const gz = gzipSync(Buffer.concat([image, tail]), { level: 9 });
    writeFileSync(payloadPath, gz);
    const head = Buffer.from(readFileSync(join(FIX, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi')).subarray(0, 0xb6a8));
    head.writeUInt32LE(gz.length, 0xc);
    writeFileSync(zbPath, Buffer.concat([head, gz]));
  }
  const zbSize = statSync(zbPath).size;
  const nativeMs = (file: string) => median(timeCli(['gzip', '-dc'], file));
  const app = await browser.newPage();
  // tsx (esbuild keepNames) wraps named inner functions in __name(); the page needs the helper
  await app.addInitScript({ content: 'window.__name = (f) => f;' });
  const cdp = await app.context().newCDPSession(app);
  await app.goto(`http://127.0.0.1:${port}/app/`);
  await app.waitForSelector('[data-testid="unpack-done"]');
  // a user drops a file into a page that has finished loading: its idle-time prefetch of the
  // layout and stepper chunks included
  await app.waitForLoadState('networkidle');
  type Drawn = { ms: number; long: number[]; stages: string };
  const dropAndDraw = async (url: string, name: string, zboot: boolean): Promise<Drawn> =>
    (await app.evaluate(
      async ({ url, name, zboot }) => {
        const file = new File([await (await fetch(url)).blob()], name);
        const long: number[] = [];
        const po = new PerformanceObserver((l) => l.getEntries().forEach((e) => long.push(e.duration)));
        po.observe({ type: 'longtask' });
        const seen = (sel: string, text?: string) =>
          new Promise<void>((resolve) => {
            const ok = () => {
              const el = document.querySelector(sel);
              return !!el && (!text || (el.textContent ?? '').includes(text));
            };
            if (ok()) return resolve();
            const mo = new MutationObserver(() => ok() && (mo.disconnect(), resolve()));
            mo.observe(document.body, { subtree: true, childList: true, characterData: true });
          });
        (document.querySelector('[role="tab"]#tab-inspect') as HTMLElement).click();
        const t0 = performance.now();
        const dt = new DataTransfer();
        dt.items.add(file);
        const zone = document.querySelector('[data-testid="dropzone"]') as HTMLElement;
        for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
        const stages: string[] = [];
        const stage = (what: string) => stages.push(`${what} ${Math.round(performance.now() - t0)}`);
        await seen('.summary .filename', name);
        stage('summary');
        await seen('.tree [role="treeitem"]');
        stage('tree');
        await seen('.hexrow');
        stage('hex');
        if (zboot) await seen('[data-testid="unpack-done"]');
        stage('unpacked');
        (document.querySelector('#tab-layout') as HTMLElement).click();
        await seen('table[aria-label="kexec segments"] tr[data-role="kernel"]');
        stage('layout');
        const ms = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 100));
        po.disconnect();
        return { ms, long, stages: stages.join(', ') };
      },
      { url, name, zboot },
    )) as Drawn;
  const heapNow = async () => {
    const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    return u.usedSize + (u.backingStorageSize ?? 0);
  };
  const img = await dropAndDraw('/inputs/Image', 'debian-6.1.0-50-arm64.Image', false);
  log(`bench: 32 MiB Image, ms after the drop: ${img.stages}`);
  add('drop to everything drawn (summary, tree, hex, layout), 32 MiB Debian Image', img.ms, nativeMs(join(FIX, 'debian-6.1.0-50-arm64-vmlinuz.gz')), 'ms', 'reference: gzip -dc of the same Image as Debian ships it');
  rows.push({ metric: 'main-thread long tasks > 50 ms, 32 MiB Debian Image', ours: img.long.filter((d) => d > 50).length, reference: 0, ratio: NaN, unit: 'count', note: `budget 0; longest ${Math.round(Math.max(0, ...img.long))} ms` });
  const heap = await heapNow();
  add('JS heap + array buffers after the 32 MiB Image', heap / 1048576, (4 * image.length) / 1048576, 'MiB', 'budget: 4 × the file');
  const zb = await dropAndDraw('/inputs/zboot-60MiB.vmlinuz.efi', 'zboot-60MiB.vmlinuz.efi', true);
  log(`bench: 60 MiB zboot, ms after the drop: ${zb.stages}`);
  add(`drop to everything drawn incl. the decompressed inner Image, ${(zbSize / 1048576).toFixed(0)} MiB zboot`, zb.ms, nativeMs(payloadPath), 'ms', 'reference: gzip -dc of its payload; budget 2×');
  rows.push({ metric: `main-thread long tasks > 50 ms, ${(zbSize / 1048576).toFixed(0)} MiB zboot`, ours: zb.long.filter((d) => d > 50).length, reference: 0, ratio: NaN, unit: 'count', note: `budget 0; longest ${Math.round(Math.max(0, ...zb.long))} ms` });
}
await browser.close();
{
  // hex scrolling over a 256 MiB file: mean frame time while the view scrolls every frame. With
  // the frame rate unlimited (no vsync), a frame takes as long as its work (script, style, layout,
  // paint): at 60 Hz every mean would read 16.7 ms, however light or heavy the frames.
  const unthrottled = await launch(['--disable-frame-rate-limit', '--disable-gpu-vsync']);
  const app = await unthrottled.newPage();
  await app.addInitScript({ content: 'window.__name = (f) => f;' });
  await app.goto(`http://127.0.0.1:${port}/app/`);
  await app.waitForSelector('[data-testid="unpack-done"]');
  const frame = (await app.evaluate(async () => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 256; i++) {
      const c = new Uint8Array(1 << 20);
      for (let o = 0; o < c.length; o += 65536) crypto.getRandomValues(c.subarray(o, o + 65536));
      parts.push(c);
    }
    const dt = new DataTransfer();
    dt.items.add(new File(parts as BlobPart[], 'random-256M.bin'));
    parts.length = 0;
    (document.querySelector('#tab-inspect') as HTMLElement).click();
    const zone = document.querySelector('[data-testid="dropzone"]') as HTMLElement;
    for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    for (let i = 0; i < 200 && !(document.querySelector('.summary .filename')?.textContent ?? '').includes('random-256M'); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const hex = document.querySelector('.hex') as HTMLElement;
    const deltas: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 180; i++) {
      hex.scrollTop += hex.scrollHeight / 200;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      deltas.push(now - last);
      last = now;
    }
    return deltas.reduce((a, b) => a + b, 0) / deltas.length;
  })) as number;
  add('hex view scrolling a 256 MiB file, mean frame time (no vsync)', frame, 16, 'ms', 'budget 16 ms');
  await unthrottled.close();
}
server.close();

// ---- layout speed (Node microbenchmark) ------------------------------------------------------
const time = (fn: () => void, n: number) => {
  fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e6 / n;
};
const v612 = parseVersion('6.12')!;
const base = { imageSize: 0x450000n, textOffset: 0n, kernelLen: 0x3dba00n, initrdLen: 0x400000n, dtbLen: 0x1e97n, crash: false, pageSize: 4096n, version: v612, cpus: 1 };
const typical = presetById('qemu-virt-1G')!.build();
add('layout, QEMU virt 1 GiB preset (typical map)', time(() => arm64Load({ ...base, memory: typical }), 200), 1, 'ms', 'budget 1 ms');
const res: string[] = [];
for (let i = 0; i < 10_000; i++) {
  const s = 0x40000000n + BigInt(i) * 0x200000n;
  res.push(`${i}: 0x${s.toString(16)}..0x${(s + 0x1fe000n).toString(16)}`);
}
const big = memoryFromText({ memoryText: '0: 0x40000000..0x83fffffff', reservedText: res.join('\n') }).map!;
add('layout, 10,000-range memblock listing', time(() => arm64Load({ ...base, memory: big }), 5), 50, 'ms', 'budget 50 ms');

// ---- inspecting 64 MiB of random bytes (hostile input), against sha256sum of the same bytes --
{
  const rnd = new Uint8Array(64 << 20);
  for (let o = 0; o < rnd.length; o += 65536) crypto.getRandomValues(rnd.subarray(o, o + 65536));
  const p = join(CACHE, 'random-64M.bin');
  writeFileSync(p, rnd);
  const t0 = process.hrtime.bigint();
  await inspectBytes(rnd);
  const ours = Number(process.hrtime.bigint() - t0) / 1e6;
  if (have('sha256sum')) {
    const t1 = process.hrtime.bigint();
    execFileSync('sha256sum', [p]);
    add('inspect 64 MiB of random bytes (Node; sha256 + every parser)', ours, Number(process.hrtime.bigint() - t1) / 1e6, 'ms', 'reference: sha256sum of the same file');
  }
}

// ---- CLI start-up: the built bin against llvm-readobj on the same file -----------------------
// Both run RUNS times, interleaved, so load on this shared machine weighs on both alike. Ours
// reads the 1.5 MiB file, decompresses its gzip payload and inspects both PEs; llvm-readobj
// parses the outer headers only: the reference is what a user's shell already waits for.
{
  const bin = join(root, 'dist-cli/zboot-explorer.mjs');
  const file = join(FIX, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  const wall = (cmd: string, args: string[]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  if (!existsSync(bin)) log('bench: no dist-cli/ (run npm run build) — CLI start-up skipped');
  else if (!have('llvm-readobj')) log('bench: llvm-readobj not installed — CLI start-up has no reference (apt-get install llvm)');
  else {
    const ours: number[] = [];
    const ref: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(wall(process.execPath, [bin, 'inspect', file, '--json']));
      ref.push(wall('llvm-readobj', ['--file-headers', file]));
    }
    add('CLI start-up: zboot-explorer inspect --json, 6.12 gzip zboot (1.5 MiB)', median(ours), median(ref), 'ms', 'built bin, incl. decompressing the payload; reference: llvm-readobj --file-headers of the same file');
  }
}

// ---- initial JavaScript ------------------------------------------------------------------------
const dist = join(root, 'dist');
if (existsSync(join(dist, 'index.html'))) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  const gz = entries.reduce((s, f) => s + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
  add('initial JS+CSS (gzip -9), entry chunks of dist/index.html', gz / 1024, 150, 'KB', 'budget 150 KB');
} else log('bench: no dist/ (run npm run build) — bundle size skipped');


// ---- report -------------------------------------------------------------------------------------
if (json) for (const r of rows) process.stdout.write(JSON.stringify({ ...r, ratio: Number.isFinite(r.ratio) ? r.ratio : null }) + '\n');
else {
  const w = Math.max(...rows.map((r) => r.metric.length));
  process.stdout.write(`${'metric'.padEnd(w)}  ${'ours'.padStart(9)}  ${'reference'.padStart(9)}  ${'ratio'.padStart(6)}  unit\n`);
  for (const r of rows) process.stdout.write(`${r.metric.padEnd(w)}  ${String(r.ours).padStart(9)}  ${String(r.reference).padStart(9)}  ${(Number.isFinite(r.ratio) ? String(r.ratio) : '-').padStart(6)}  ${r.unit}${r.note ? `  (${r.note})` : ''}\n`);
}
