// Every JSON document the built CLI prints — inspect (one file, several, a failure line), layout
// and phases — on every fixture, validated against the committed schema/cli.schema.json with
// Ajv (JSON Schema 2020-12). The schema is the contract the README describes.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { cli } from '../../tests/cli';
import { FIXTURES, IMAGE_FIXTURES, fixture } from '../../tests/fixtures';

const schema = JSON.parse(readFileSync(new URL('../../schema/cli.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
ajv.addSchema(schema);

function check(def: string, doc: unknown): void {
  const v = ajv.getSchema(`${schema.$id}#/$defs/${def}`);
  if (!v) throw new Error(`no $defs/${def} in the schema`);
  // the document must match its own definition and the top-level union consumers validate against
  expect(v(doc) ? '' : ajv.errorsText(v.errors, { separator: '\n' })).toBe('');
  expect(ajv.validate(schema.$id, doc) ? '' : ajv.errorsText(ajv.errors)).toBe('');
}

const GT = join(FIXTURES, 'kexec-ground-truth');
const ZBOOT = readdirSync(FIXTURES).filter((f) => f.endsWith('.vmlinuz.efi'));

/** Every kind of input the fixtures give: each file as shipped, each Image and the Debian
 * vmlinuz decompressed, the UKI, a truncated and a corrupt zboot. */
function inputsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zbx-schema-'));
  for (const name of [...IMAGE_FIXTURES.map((n) => `${n}.gz`), 'debian-6.1.0-50-arm64-vmlinuz.gz']) writeFileSync(join(dir, name.replace(/\.gz$/, '')), fixture(name));
  writeFileSync(join(dir, 'uki-arm64-zboot.efi'), readFileSync(new URL('../../tests/uki/uki-arm64-zboot.efi', import.meta.url)));
  const gzip = fixture('arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
  writeFileSync(join(dir, 'truncated.efi'), gzip.subarray(0, 300_000));
  const corrupt = new Uint8Array(gzip);
  corrupt.fill(0, 0x80000, 0x81000);
  writeFileSync(join(dir, 'corrupt.efi'), corrupt);
  writeFileSync(join(dir, 'empty'), new Uint8Array(0));
  return dir;
}

describe('every JSON output validates against schema/cli.schema.json', () => {
  it('inspect: every fixture, as shipped and decompressed, with and without --no-decompress, and a missing file', async () => {
    const dir = inputsDir();
    for (const extra of [[], ['--no-decompress']]) {
      const r = await cli(['inspect', FIXTURES, dir, '/nonexistent/file', '--json', ...extra]);
      expect(r.code).toBe(1); // the missing, truncated and corrupt files
      const docs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(docs.length).toBe(readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isFile()).length + readdirSync(dir).length + 1);
      for (const d of docs) check(d.error ? 'inspectErrorDocument' : 'inspectDocument', d);
      // every format the fixtures hold is covered
      expect(new Set(docs.map((d) => d.format))).toEqual(new Set(['zboot', 'arm64-image', 'riscv64-image', 'uki', 'compressed', 'unknown', undefined]));
    }
  });

  it('inspect of one file (pretty-printed) and of standard input', async () => {
    for (const f of ZBOOT) check('inspectDocument', JSON.parse((await cli(['inspect', join(FIXTURES, f), '--json'])).stdout));
    check('inspectDocument', JSON.parse((await cli(['inspect', '-', '--json'], fixture('arm64-6.1.192-tiny-zboot-lz4.vmlinuz.efi'))).stdout));
  });

  it('layout: every ground-truth case, each mode on two zboot fixtures, a layout the kernel refuses, a crash load', async () => {
    const cases = readdirSync(GT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    for (const name of cases) {
      const f = (n: string) => join(GT, name, n);
      const r = await cli(['layout', '--memory', f('memblock_memory.txt'), '--reserved', f('memblock_reserved.txt'), '--iomem', f('iomem.txt'), '--image', join(FIXTURES, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi'), '--mode', 'kexec-tools', '--initrd-size', '4M', '--json']);
      expect(r.code).toBe(0);
      check('layoutDocument', JSON.parse(r.stdout));
    }
    for (const f of ['arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi', 'arm64-6.1.192-tiny-zboot-lzo.vmlinuz.efi']) {
      for (const mode of ['upstream', 'kexec-tools', 'zboot-proposal']) {
        const r = await cli(['layout', '--preset', 'qemu-virt-1G', '--image', join(FIXTURES, f), '--mode', mode, '--json']);
        expect(r.code).toBe(0);
        const j = JSON.parse(r.stdout);
        check('layoutDocument', j);
        // kexec-ground-truth/zboot-gzip-rejected: the upstream kernel refuses a zboot file (EINVAL)
        if (mode === 'upstream') expect(j.errno).toBe(22);
      }
    }
    const crash = await cli(['layout', '--preset', 'qemu-virt-1G', '--image-size', '0x450000', '--crash', '--crash-region', '0x76e00000-0x7edfffff', '--cma', '0x50000000-0x53ffffff', '--kernel-version', '6.17', '--json']);
    check('layoutDocument', JSON.parse(crash.stdout));
  });

  it('phases: each path, with and without a crash load', async () => {
    for (const args of [[], ['--crash'], ['--mode', 'zboot-proposal'], ['--mode', 'zboot-proposal', '--crash']]) {
      const r = await cli(['phases', ...args, '--json']);
      expect(r.code).toBe(0);
      check('phasesDocument', JSON.parse(r.stdout));
    }
  });

  it('dtb and layout --dtb: the devicetree documents, on real devicetrees, a crash load and a refused blob', async () => {
    const dtbs = new URL('../../tests/devicetree/dtbs/', import.meta.url);
    const dir = mkdtempSync(join(tmpdir(), 'zbx-dtb-'));
    for (const n of ['debian-6.1.192-bcm2711-rpi-4-b', 'qemu-efi-1G-stage1']) writeFileSync(join(dir, `${n}.dtb.gz`), readFileSync(new URL(`${n}.dtb.gz`, dtbs)));
    const m1g = join(GT, 'm1G-initrd4M', 'qemu-virt.dtb.gz');
    for (const [file, extra] of [[join(dir, 'debian-6.1.192-bcm2711-rpi-4-b.dtb.gz'), ['--tree']], [join(dir, 'qemu-efi-1G-stage1.dtb.gz'), ['--crash', '--initrd-size', '4M']], [m1g, ['--tree']], [m1g, ['--efi-boot', '--rng-uninitialized']], [m1g, ['--dtb-origin', 'booted']]] as const) {
      const r = await cli(['dtb', file, ...extra, '--json']);
      expect(r.code).toBe(0);
      check('dtbDocument', JSON.parse(r.stdout));
      const l = await cli(['layout', '--preset', 'qemu-virt-1G', '--image-size', '0x450000', '--dtb', file, '--json']);
      check('layoutDocument', JSON.parse(l.stdout));
    }
  });

  it('the schema rejects what the contract forbids', () => {
    const doc = { schemaVersion: 1, mode: 'upstream', segments: [{ role: 'kernel', mem: 1073741824, memsz: '0x450000', bufsz: '0x450000', align: '0x200000', why: [] }], trace: [], notes: [] };
    const v = ajv.getSchema(`${schema.$id}#/$defs/layoutDocument`)!;
    expect(v(doc)).toBe(false); // a 64-bit address as a number
    expect(v({ ...doc, segments: [], schemaVersion: 2 })).toBe(false);
    expect(v({ ...doc, segments: [], futureKey: { any: 'thing' } })).toBe(true); // keys may be added
  });
});
