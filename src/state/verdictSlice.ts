import type { StateCreator } from 'zustand';
import type { ConfigFileFields } from '../core/verdict/configFile';
import { DEFAULT_PRESET, TARGET_PRESETS, targetFromConfigFile } from '../core/verdict/presets';
import type { TargetSource, TargetSystem } from '../core/verdict/target';
import type { AppState } from './store';

export interface VerdictSlice {
  target: TargetSystem;
  /** A preset id, 'config' (a configuration file the user gave) or 'custom' (edited). */
  targetPreset: string;
  /** Where the target's facts come from, and what is assumed. */
  targetSource: TargetSource;
  setTarget: (patch: Partial<TargetSystem>, preset?: string) => void;
  applyPreset: (id: string) => void;
  /** A parsed /boot/config-* or /proc/config.gz: its facts replace the config part of the target. */
  applyConfigFile: (fields: ConfigFileFields, name: string, sha256?: string) => void;
}

const DEFAULT = TARGET_PRESETS.find((p) => p.id === DEFAULT_PRESET) ?? (TARGET_PRESETS[0] as (typeof TARGET_PRESETS)[number]);

export const createVerdictSlice: StateCreator<AppState, [], [], VerdictSlice> = (set, get) => ({
  target: DEFAULT.target,
  targetPreset: DEFAULT.id,
  targetSource: DEFAULT.source,
  setTarget(patch, preset) {
    set({ target: { ...get().target, ...patch }, targetPreset: preset ?? 'custom' });
  },
  applyPreset(id) {
    const p = TARGET_PRESETS.find((x) => x.id === id);
    if (p) set({ target: p.target, targetPreset: p.id, targetSource: p.source });
  },
  applyConfigFile(fields, name, sha256) {
    const t = get().target;
    // the configuration replaces the kernel's facts; the run-time switches stay as they were, and
    // so does the user space unless the file is one of the presets' (then its suite's)
    const { target: next, preset } = targetFromConfigFile(fields.options, fields.kernelVersion, t);
    set({
      target: { ...next, secureBoot: t.secureBoot, lockdown: t.lockdown, imaPolicySecureBoot: t.imaPolicySecureBoot, kexecLoadDisabled: t.kexecLoadDisabled, signerTrusted: t.signerTrusted },
      targetPreset: 'config',
      targetSource: {
        file: name,
        package: preset ? `the same configuration as ${preset.source.package}` : `your configuration${fields.kernelVersion ? ` (Linux ${fields.kernelVersion}${fields.srcArch ? `, ${fields.srcArch}` : ''})` : ''}`,
        ...(sha256 ? { sha256 } : {}),
        assumes: [
          'the run-time switches below (Secure Boot, lockdown=, ima_policy=, kexec_load_disabled) are yours to set: a configuration cannot say them',
          ...(preset ? preset.source.assumes.slice(-1) : ['the user space (kexec-tools, systemd) is the previous target\'s']),
        ],
      },
    });
  },
});
