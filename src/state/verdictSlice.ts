import type { StateCreator } from 'zustand';
import type { ConfigFileFields } from '../core/verdict/configFile';
import { DEFAULT_PRESET, TARGET_PRESETS, targetFromOptions } from '../core/verdict/presets';
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
    // the configuration replaces the kernel's facts; the run-time switches and user space stay as they were
    const next = targetFromOptions(fields.options, fields.kernelVersion, { kexecTools: t.kexecTools, kexecToolsCodecs: t.kexecToolsCodecs, systemd: t.systemd, ...(t.systemdVersion ? { systemdVersion: t.systemdVersion } : {}) });
    set({
      target: { ...next, secureBoot: t.secureBoot, lockdown: t.lockdown, imaPolicySecureBoot: t.imaPolicySecureBoot, kexecLoadDisabled: t.kexecLoadDisabled, signerTrusted: t.signerTrusted },
      targetPreset: 'config',
      targetSource: {
        file: name,
        package: `your configuration${fields.kernelVersion ? ` (Linux ${fields.kernelVersion}${fields.srcArch ? `, ${fields.srcArch}` : ''})` : ''}`,
        ...(sha256 ? { sha256 } : {}),
        assumes: ['the run-time switches below (Secure Boot, lockdown=, ima_policy=, kexec_load_disabled) and the user space are yours to set: a configuration cannot say them'],
      },
    });
  },
});
