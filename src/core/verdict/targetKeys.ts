// The run-time facts of a target as KEY=VALUE (the CLI's --target contract): how the running
// kernel was booted and tuned, which no configuration file can say.
import type { Lockdown, TargetSystem } from './target';

export const RUNTIME_KEYS = ['secureBoot', 'lockdown', 'imaPolicy', 'kexecLoadDisabled'] as const;

const BOOL: Record<string, boolean> = { true: true, yes: true, y: true, '1': true, false: false, no: false, n: false, '0': false };

/** One run-time key, or an error naming what is wrong. */
export function runtimeKey(key: string, value: string): { patch: Partial<TargetSystem> } | { error: string } {
  const bool = BOOL[value.toLowerCase()];
  switch (key) {
    case 'secureBoot':
    case 'kexecLoadDisabled':
      return bool === undefined ? { error: `${key} is true or false, got ${JSON.stringify(value)}` } : { patch: { [key]: bool } };
    case 'lockdown':
      return ['none', 'integrity', 'confidentiality'].includes(value) ? { patch: { lockdown: value as Lockdown } } : { error: `lockdown is one of none, integrity, confidentiality, got ${JSON.stringify(value)}` };
    case 'imaPolicy':
      // ima_policy= tokens (ima_policy.c policy_setup()); only secure_boot changes a kexec verdict
      return { patch: { imaPolicySecureBoot: value.split('|').includes('secure_boot') } };
    default:
      return { error: `not a run-time key: ${key}` };
  }
}
