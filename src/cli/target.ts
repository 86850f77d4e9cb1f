// --target KEY=VALUE[,KEY=VALUE…]: the system the verdicts are for. It starts from a preset
// (debian13-arm64 unless preset= says otherwise); config=FILE (a /boot/config-* or
// /proc/config.gz) replaces the kernel's facts with that file's; the run-time keys (secureBoot,
// lockdown, imaPolicy, kexecLoadDisabled) say how the running kernel was booted and tuned; any
// other key overrides one TargetSystem field, checked against the type the preset gives it.
import { parseConfigFile } from '../core/verdict/configFile';
import { DEFAULT_PRESET, TARGET_PRESETS, targetFromConfigFile } from '../core/verdict/presets';
import type { TargetSystem } from '../core/verdict/target';
import { RUNTIME_KEYS, runtimeKey } from '../core/verdict/targetKeys';
import { InputError, KERNEL_VERSION, UsageError } from './command';
import { readInput } from './io';

const ENUMS: Partial<Record<keyof TargetSystem, readonly string[]>> = {
  arch: ['arm64', 'riscv64', 'loongarch64', 'x86_64'],
  lockdown: ['none', 'integrity', 'confidentiality'],
  systemd: ['kexec-tools', 'direct', 'direct-einval-fallback'],
  pageSize: ['4096', '16384', '65536'],
};

export const TARGET_HELP = `the system the verdicts are for: preset (${TARGET_PRESETS.map((p) => p.id).join('|')}; default ${DEFAULT_PRESET}), config=FILE (/boot/config-* or /proc/config.gz), ${RUNTIME_KEYS.join(', ')}, then any of ${Object.keys(
  (TARGET_PRESETS[0] as { target: TargetSystem }).target,
).join(', ')}; pairs accumulate across repeats`;

function parseBool(key: string, v: string): boolean {
  const l = v.toLowerCase();
  if (['1', 'y', 'yes', 'true', 'on'].includes(l)) return true;
  if (['0', 'n', 'no', 'false', 'off'].includes(l)) return false;
  throw new UsageError(`--target: ${key} is a yes/no value, got ${JSON.stringify(v)}`);
}

/** Every --target value, in order; later keys win. */
export async function targetFromFlags(specs: string[] = []): Promise<{ preset: string; target: TargetSystem }> {
  const pairs = specs.flatMap((s) => s.split(',')).filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`--target: expected KEY=VALUE, got ${JSON.stringify(kv)}`);
    return [kv.slice(0, i), kv.slice(i + 1)] as const;
  });
  const presetId = pairs.filter(([k]) => k === 'preset').pop()?.[1] ?? DEFAULT_PRESET;
  const preset = TARGET_PRESETS.find((p) => p.id === presetId);
  if (!preset) throw new UsageError(`--target: unknown preset ${JSON.stringify(presetId)} (one of ${TARGET_PRESETS.map((p) => p.id).join(', ')})`);
  let t: Record<string, unknown> = { ...preset.target };
  const config = pairs.filter(([k]) => k === 'config').pop()?.[1];
  if (config !== undefined) {
    const r = await parseConfigFile(await readInput(config));
    if (!r.fields) throw new InputError(`--target config=${config}: ${r.errors.map((e) => e.message).join('; ')}`);
    t = { ...targetFromConfigFile(r.fields.options, r.fields.kernelVersion, t as unknown as TargetSystem).target };
  }
  for (const [k, v] of pairs) {
    if (k === 'preset' || k === 'config') continue;
    if ((RUNTIME_KEYS as readonly string[]).includes(k)) {
      const r = runtimeKey(k, v);
      if ('error' in r) throw new UsageError(`--target: ${r.error}`);
      Object.assign(t, r.patch);
      continue;
    }
    if (!(k in t)) throw new UsageError(`--target: unknown key ${JSON.stringify(k)} (keys: preset, ${Object.keys(t).join(', ')})`);
    const choices = ENUMS[k as keyof TargetSystem];
    if (choices && !choices.includes(v)) throw new UsageError(`--target: ${k} is one of ${choices.join(', ')}, got ${JSON.stringify(v)}`);
    if ((k === 'kernelVersion' && !KERNEL_VERSION.test(v)) || (k === 'kexecTools' && !/^\d+(\.\d+)+$/.test(v))) throw new UsageError(`--target: ${k} is a version like 6.12 or 2.0.31, got ${JSON.stringify(v)}`);
    const cur = t[k];
    t[k] = typeof cur === 'boolean' ? parseBool(k, v) : typeof cur === 'number' ? Number(v) : v;
  }
  return { preset: presetId, target: t as unknown as TargetSystem };
}
