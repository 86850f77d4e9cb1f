// Permalinks: the codec round-trips every valid snapshot, decodes golden v1 links made on day
// one forever, and turns every bad link into a message — never an exception.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { MAX_HASH, decodeHash, encodeSnapshot, parseSnapshotJson, toBase64Url } from './codec';
import { SAMPLE_SNAPSHOT, SAMPLE_SNAPSHOT_V1 } from './examples';
import { type Snapshot, SnapshotV2 } from './schema';
import { deflateRaw } from 'pako';

// Links produced by this codec when v1 was defined (2026-11-24). Do not regenerate: a later
// schema must still open them (migrate.ts).
const GOLDEN_V1: Array<[string, Partial<Snapshot>]> = [
  [
    'v=1&s=dVJdi9swEPwv8ywHyXb8IejD0YdSaCm0pe9yvHJELMmV5JDkuP9e5Et6lHJ62t1Z7cyO9IwzpGAwVk0E-QynLEFCBdvURbMT5U6ItkjGXYvb4H0qpptZdmc7G7fedqQNGKK5EaRoBC9rzhCPqtw3kKCuUT31nai4VqLXVaWoq6ux1QMXbd2VpRh0OXDRVQ3v676qdK063rRi3_f7ugaD9sGqBImNHAwqHI4PfWA4eLsEitF4B4msDQzGOQpfyE0pt_JLveec8wfwOa_6Y5P8H_aTLumb1pHSBnK8MMzq6teUvbFkfbjm6GTcCIlMTVmVydlvsmtxNiEV4lO-aP2YOU50oUORvJ_jRmNSGN_o-Z1-TMPfotBb6WDH2bhcOngX_UwfUro-fX3asKDiEVKrOdI9-07Tqwv80ja0zS34paVR5wOG5W3vmvcNGE4UHM2_KNz9y--dhy9rhITYNChIgMH5jzm8E1rlVjW_4-Qr-K-V2Y-kBsiHnQzLUUWCzB-GJksu941pwMsf',
    { tab: 'layout', segment: 'dtb' },
  ],
];

describe('encode → decode', () => {
  it('the sample snapshot round-trips and its link is short', async () => {
    const link = await encodeSnapshot(SAMPLE_SNAPSHOT);
    expect(link.length).toBeLessThan(2000);
    const r = await decodeHash('#' + link);
    expect(r).toEqual({ ok: true, snapshot: SAMPLE_SNAPSHOT });
  });

  const hex = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((b) => `0x${b.toString(16)}`);
  const str = (max: number) => fc.string({ maxLength: max });
  const snapshotArb: fc.Arbitrary<Snapshot> = fc.record(
    {
      v: fc.constant(2 as const),
      image: fc.option(
        fc.record(
          {
            name: str(40),
            size: fc.integer({ min: 0, max: 2 ** 40 }),
            sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
            format: fc.constantFrom('zboot' as const, 'arm64-image' as const, 'uki' as const, 'unknown' as const),
            arch: str(10),
            compression: str(8),
            imageSize: hex,
            textOffset: hex,
            bigEndian: fc.boolean(),
            innerLength: hex,
            innerImageSize: hex,
            innerTextOffset: hex,
          },
          { requiredKeys: ['name', 'size', 'sha256', 'format'] },
        ),
        { nil: undefined },
      ),
      layout: fc.record({
        memory: fc.oneof(
          fc.record({ kind: fc.constant('preset' as const), id: str(20) }),
          fc.record({ kind: fc.constant('text' as const), memory: str(200), reserved: str(200), iomem: str(100) }),
        ),
        mode: fc.constantFrom('upstream' as const, 'kexec-tools' as const, 'zboot-proposal' as const),
        initrdSize: str(12), dtbSize: str(12), cmdline: str(100), crash: fc.boolean(), crashRegion: str(30), pageSize: str(8),
        kernelVersion: str(6), cpus: str(4), cma: str(30), noCma: fc.boolean(), manualImageSize: str(12), manualTextOffset: str(12),
      }),
      tab: fc.constantFrom('inspect' as const, 'layout' as const, 'step' as const),
      phase: fc.integer({ min: 0, max: 64 }),
      segment: str(20),
      target: fc.record({
        arch: fc.constantFrom('arm64' as const, 'riscv64' as const, 'loongarch64' as const, 'x86_64' as const),
        kernelVersion: str(8), kexec: fc.boolean(), kexecFile: fc.boolean(), kexecSig: fc.boolean(), kexecSigForce: fc.boolean(),
        kexecImageVerifySig: fc.boolean(), lockdownLsm: fc.boolean(), lockdownForce: fc.constantFrom('none' as const, 'integrity' as const, 'confidentiality' as const),
        lockdownInEfiSecureBoot: fc.boolean(), ima: fc.boolean(), imaSecureBootAware: fc.boolean(), imaAppraise: fc.boolean(),
        imaArchPolicy: fc.boolean(), crashDump: fc.boolean(), cma: fc.boolean(), efiZboot: fc.boolean(),
        secureBoot: fc.boolean(), lockdown: fc.constantFrom('none' as const, 'integrity' as const, 'confidentiality' as const), imaPolicySecureBoot: fc.boolean(), kexecLoadDisabled: fc.boolean(), signerTrusted: fc.boolean(),
        pageSize: fc.constantFrom(4096 as const, 16384 as const, 65536 as const), kexecTools: str(10),
        kexecToolsCodecs: fc.subarray(['gzip' as const, 'lzma' as const, 'zstd' as const]),
        systemd: fc.constantFrom('kexec-tools' as const, 'direct' as const, 'direct-einval-fallback' as const),
        systemdVersion: str(10),
      }),
      targetPreset: str(20),
      verdicts: fc.array(
        fc.record({ route: str(20), verdict: fc.constantFrom('works' as const, 'fails' as const, 'works with caveats' as const), errno: str(8), message: str(100) }, { requiredKeys: ['route', 'verdict', 'message'] }),
        { maxLength: 6 },
      ),
    },
    { requiredKeys: ['v', 'layout', 'tab', 'phase'] },
  ).map((s) => JSON.parse(JSON.stringify(s)) as Snapshot); // drop undefined members, as JSON does

  it('is the identity on generated snapshots (property)', async () => {
    await fc.assert(
      fc.asyncProperty(snapshotArb, async (s) => {
        expect(v.safeParse(SnapshotV2, s).success).toBe(true);
        const r = await decodeHash(await encodeSnapshot(s));
        expect(r).toEqual({ ok: true, snapshot: s });
      }),
      { numRuns: 300 },
    );
  });

  it('decode never throws on arbitrary strings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }).map((s) => `v=1&s=${s}`), fc.base64String().map((s) => `#v=1&s=${s}`)), async (s) => {
        const r = await decodeHash(s);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

// Produced by this codec when v2 was defined (2026-12-02): the same view with the Debian 13
// target (computed from its real config) and the five verdicts the page showed. Do not regenerate.
const GOLDEN_V2 = 'v=2&s=vVRNj9s2EP0rwpwaQDL0Zdli0MPmY4MA2yaogwBtEQQUNZIIU6RKUl57F_vfC9KytevdHnpIdCLfDPlmHt_oHnZA0hB4T1sEcg-S9ggEqO6LPCoWSbpIklVkuTxEd5VSNmrv-LDY9YLL8W6BDYcQDL9DIEmRxGkeh2A6mi4LIIDrgpZYrpMsbmhSNllGcZ1n9aqp4mSVr9M0qZq0ipN1VsRlXmZZk9N1XKySZVku8xxCaJTuqQUCnhxCoJp1p_ogBKb6QaMxXEkg4GqDELiUqG9Qttalxvt8GcdxfAp8dK1ufMnPYl9wbz81jUHrgzE8hCDoQY3WadNjr_TBrbZc1kDAUaOrirvdP9iP0Y5rGyUf3MFe1Y5ji3tkkVVKGE_Dra5n-niir211BpPGQ6yvBZcOYkoaJfBXaw9Xv135mKamA9JQYXDa_YHtUYV4vyrQ3xvF-xXWjfsghGHuO4_LAkLYopYovqKe9HPv7S4fRgMEEl8DBQIQglRv3XIi7KkcqfgPJY_Bp1I6PSytgJzkDGHoqEEgzjDY9ihdXm0rcIm6Ra_4xWu_VK_zpw_tkQGxesRpc80Fngv2yIa3z4BrpdlFmm_rK2reHB6fEIpta3Urb0x_4jlB0yUglUSY4Y_yfcM3yEaNb5x7p1PcCXlezvGrW6rxUeRqGDTl5gmkWfdZCc4OJ9A__buxH87AfDs2_C8_NqcWZgc4Azjh59ouupy74T09Um6eZ3u9bhSt33FDK4H1OWJ46-ZJj8Y69NG7fPGTQCBdxIu0hMfoW1UjM0D-Pk7ytxDMwVjs62djNOGzFdLlapFkR5s593w-jiaBGitOZZJFJxPtUNecWUdzD1qN9jyk3xsu8LtQtJ7TgEBDuedEraUCAu9__7T5c-OMjsb43-blcRJcj5JZrmQglQ14Pwh0Dsc6-OV4-hU8hBfsQWT-L605GEaFCC7oPSndUS7cmyxeomJPqG6V3prgltsuYHSH1JonNO5OE9hOq7HtJjKHvXZEHZdtwE2wcwPDsX6JTfwctqMpmJ0E-YGk3x7-BQ';

describe('golden v2 links', () => {
  it('opens with its target and verdicts', async () => {
    const r = await decodeHash('#' + GOLDEN_V2);
    expect(r).toEqual({ ok: true, snapshot: SAMPLE_SNAPSHOT });
    if (r.ok) {
      expect(r.snapshot.targetPreset).toBe('debian13-arm64');
      expect(r.snapshot.verdicts?.map((x) => `${x.route}: ${x.verdict}${x.errno ? ` ${x.errno}` : ''}`)).toEqual([
        'kexec_file_load: fails ENOSYS',
        'kexec -s: fails ENOSYS',
        'kexec -c: works with caveats',
        'kexec -l: works with caveats',
        'systemctl kexec: works with caveats',
      ]);
    }
  });
});

describe('golden v1 links', () => {
  it.each(GOLDEN_V1)('%s… opens', async (link, expected) => {
    const r = await decodeHash('#' + link);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.snapshot).toMatchObject(expected);
      // migrated: the v1 fields as they were, no target, no verdicts
      expect(r.snapshot).toEqual({ ...SAMPLE_SNAPSHOT_V1, v: 2 });
    }
  });
});

// module-level await: the cases below are built from a real link
const good = await encodeSnapshot(SAMPLE_SNAPSHOT);

describe('bad links each get a clear message', () => {
  const enc = (obj: unknown) => `v=1&s=${toBase64Url(deflateRaw(new TextEncoder().encode(typeof obj === 'string' ? obj : JSON.stringify(obj))))}`;
  const cases: Array<[string, string, RegExp]> = [
    ['truncated', good.slice(0, good.length - 20), /deflate|truncated/],
    ['not base64url', 'v=1&s=%%%not*base64', /not base64url/],
    ['not deflate', `v=1&s=${toBase64Url(new TextEncoder().encode('hello, this is not deflate at all'))}`, /not deflate|truncated/],
    ['wrong schema', enc({ ...SAMPLE_SNAPSHOT, tab: 'nope' }), /schema v2 at tab/],
    ['wrong schema in a v1 link', enc({ ...SAMPLE_SNAPSHOT_V1, tab: 'nope' }), /schema v2 at tab/],
    ['a verdict that is not one', enc({ ...SAMPLE_SNAPSHOT, verdicts: [{ route: 'kexec -s', verdict: 'maybe', message: '' }] }), /schema v2 at verdicts\.0\.verdict/],
    ['unknown version', good.replace('v=2', 'v=7'), /version "7" is not one this app knows/],
    ['unknown version inside', enc({ ...SAMPLE_SNAPSHOT, v: 3 }), /version 3 is not one this app knows/],
    ['absurd sizes', enc({ ...SAMPLE_SNAPSHOT, image: { ...SAMPLE_SNAPSHOT.image, size: 1e300 } }), /beyond 2\^53|schema/],
    ['__proto__ key', enc('{"v":1,"__proto__":{"polluted":true},"layout":{},"tab":"layout","phase":0}'), /forbidden key "__proto__"/],
    ['constructor key', enc('{"v":1,"constructor":{"x":1},"layout":{},"tab":"layout","phase":0}'), /forbidden key "constructor"/],
    ['deep nesting', enc('['.repeat(5000) + ']'.repeat(5000)), /nests deeper/],
    ['10 MB string', enc({ ...SAMPLE_SNAPSHOT, segment: 'x'.repeat(10_000_000) }), /inflates to more than|larger than/],
    ['numbers beyond 2^64', enc('{"v":1,"phase":123456789012345678901234567890}'), /beyond 2\^53/],
    ['1 MB hash', 'v=1&s=' + 'A'.repeat(1_000_000), /over the 64 KiB limit/],
    ['no snapshot', 'hello=world', /no snapshot/],
    ['JSON that is not an object', enc('[1,2,3]'), /not a JSON object/],
  ];
  it.each(cases)('%s', async (_name, link, message) => {
    const r = await decodeHash('#' + link);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('a hash just under the limit is still read', async () => {
    expect(MAX_HASH).toBe(65536);
    expect((await decodeHash('#' + good)).ok).toBe(true);
  });
  it('an imported JSON file goes through the same guards', () => {
    expect(parseSnapshotJson(JSON.stringify(SAMPLE_SNAPSHOT))).toEqual({ ok: true, snapshot: SAMPLE_SNAPSHOT });
    expect(parseSnapshotJson('{"v":1,"__proto__":1}')).toMatchObject({ ok: false });
  });
});
