// emulate through the built CLI, as a script would run it: the JSON contract (validated against
// schema/cli.schema.json), the exit statuses, the kernel-entry facts (sha256 of the build's Image
// from shared/fixtures/README.md).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { cli } from '../../tests/cli';
import { FIXTURES } from '../../tests/fixtures';

const schema = JSON.parse(readFileSync(new URL('../../schema/cli.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
ajv.addSchema(schema);
const GZIP = join(FIXTURES, 'arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi');
const DTB = new URL('../../public/samples/qemu-virt.dtb', import.meta.url).pathname;

describe('emulate', () => {
  it('--json: the 6.12 gzip stub reaches the kernel with the native Image; the document follows the schema', async () => {
    const r = await cli(['emulate', GZIP, '--dtb', DTB, '--cmdline', 'console=ttyAMA0', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const v = ajv.getSchema(`${schema.$id}#/$defs/emulateDocument`)!;
    expect(v(doc) ? '' : ajv.errorsText(v.errors)).toBe('');
    expect(ajv.validate(schema.$id, doc) ? '' : ajv.errorsText(ajv.errors)).toBe('');
    expect(doc.exit).toBe('kernel-entry');
    expect(doc.image.sha256).toBe('5f249e2c3d4421f1976edebda7604a94bc0e7785262efb8979465491f8bf5e1f');
    expect([doc.registers.x1, doc.registers.x2, doc.registers.x3]).toEqual(['0x0', '0x0', '0x0']);
    expect(doc.registers.x0).toBe(doc.fdt.addr);
    expect(doc.messages).toEqual(['EFI stub: Decompressing Linux Kernel...', 'EFI stub: Using DTB from configuration table', 'EFI stub: Exiting boot services...']);
    expect(doc.services[0]).toMatchObject({ name: 'HandleProtocol', kind: 'boot', status: 'EFI_SUCCESS', args: { Protocol: 'LOADED_IMAGE_PROTOCOL' } });
    expect(doc.services.at(-1)).toMatchObject({ name: 'ExitBootServices', status: 'EFI_SUCCESS' });
  }, 120_000);

  it('a used-up budget exits 1 with exit "budget"; text output names it', async () => {
    const r = await cli(['emulate', GZIP, '--max-instructions', '100000']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: budget: instruction budget of 100000 used up at pc 0x[0-9a-f]+/);
  });

  it('a memory listing that is neither memblock nor iomem: exit 1, the line named (the loader layout uses)', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'zbx-emu-')), 'memory.txt');
    writeFileSync(bad, 'not a memory map\n');
    for (const args of [['emulate', GZIP, '--memory', bad], ['layout', '--memory', bad, '--image-size', '0x450000']]) {
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/memory: line 1: neither a debugfs memblock listing/);
    }
  });

  it.each([
    [['emulate', GZIP, '--max-instructions', 'lots'], /--max-instructions: "lots" is not a positive integer/],
    [['emulate', GZIP, '--preset', 'qemu-virt-1G', '--memory', GZIP], /--preset and --memory are exclusive/],
    [['emulate'], /expected 1 argument/],
  ])('usage errors exit 2: %j', async (args, msg) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(msg);
  });
});
