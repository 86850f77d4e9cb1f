// The target, field by field: how the running kernel was booted (Secure Boot, lockdown=,
// ima_policy=, kexec_load_disabled), what its configuration says, and the user space. Every
// field can be changed; a change makes the target "custom".
import type { KexecToolsCodec, Lockdown, SystemdKexec, TargetSystem } from '../../core/verdict/target';
import { useStore } from '../../state/store';

type BoolKey = { [K in keyof TargetSystem]-?: TargetSystem[K] extends boolean ? K : never }[keyof TargetSystem];

const RUNTIME: Array<[BoolKey, string]> = [
  ['secureBoot', 'Secure Boot on'],
  ['imaPolicySecureBoot', 'ima_policy=secure_boot'],
  ['kexecLoadDisabled', 'kernel.kexec_load_disabled = 1'],
  ['signerTrusted', "signer's key in the kernel's keyrings"],
];
const CONFIG: Array<[BoolKey, string]> = [
  ['kexec', 'KEXEC'],
  ['kexecFile', 'KEXEC_FILE'],
  ['kexecSig', 'KEXEC_SIG'],
  ['kexecSigForce', 'KEXEC_SIG_FORCE'],
  ['kexecImageVerifySig', 'KEXEC_IMAGE_VERIFY_SIG'],
  ['lockdownLsm', 'lockdown LSM'],
  ['lockdownInEfiSecureBoot', 'LOCK_DOWN_IN_EFI_SECURE_BOOT'],
  ['ima', 'IMA'],
  ['imaAppraise', 'IMA_APPRAISE'],
  ['imaArchPolicy', 'IMA_ARCH_POLICY'],
];
const CODECS: KexecToolsCodec[] = ['gzip', 'lzma', 'zstd'];

export function TargetEditor() {
  const target = useStore((s) => s.target);
  const setTarget = useStore((s) => s.setTarget);
  const box = ([k, label]: [BoolKey, string]) => (
    <label key={k}>
      <input type="checkbox" checked={target[k]} onChange={(e) => setTarget({ [k]: e.target.checked } as Partial<TargetSystem>)} /> {label}
    </label>
  );
  return (
    <div className="target-editor">
      <fieldset>
        <legend>booted with</legend>
        {RUNTIME.map(box)}
        <label>
          lockdown={' '}
          <select aria-label="lockdown= parameter" value={target.lockdown} onChange={(e) => setTarget({ lockdown: e.target.value as Lockdown })}>
            <option value="none">(absent)</option>
            <option>integrity</option>
            <option>confidentiality</option>
          </select>
        </label>
      </fieldset>
      <details className="target-edit">
        <summary>edit the configuration and user space</summary>
        <fieldset>
          <legend>kernel {target.kernelVersion} configuration</legend>
          <label>kernel <input value={target.kernelVersion} onChange={(e) => setTarget({ kernelVersion: e.target.value })} size={8} /></label>
          {CONFIG.map(box)}
          <label>
            LOCK_DOWN_KERNEL_FORCE{' '}
            <select aria-label="LOCK_DOWN_KERNEL_FORCE" value={target.lockdownForce} onChange={(e) => setTarget({ lockdownForce: e.target.value as Lockdown })}>
              <option>none</option>
              <option>integrity</option>
              <option>confidentiality</option>
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>user space</legend>
          <label>kexec-tools <input aria-label="kexec-tools" value={target.kexecTools} onChange={(e) => setTarget({ kexecTools: e.target.value })} size={8} /></label>
          <span className="small">decompresses:</span>
          {CODECS.map((c) => (
            <label key={c}>
              <input type="checkbox" checked={target.kexecToolsCodecs.includes(c)} onChange={(e) => setTarget({ kexecToolsCodecs: e.target.checked ? [...target.kexecToolsCodecs, c] : target.kexecToolsCodecs.filter((x) => x !== c) })} /> {c}
            </label>
          ))}
          <label>
            systemctl kexec{' '}
            <select aria-label="systemctl kexec" value={target.systemd} onChange={(e) => setTarget({ systemd: e.target.value as SystemdKexec })}>
              <option value="kexec-tools">runs kexec --load (systemd 252, 257)</option>
              <option value="direct">kexec_file_load (PR #41390)</option>
              <option value="direct-einval-fallback">+ EINVAL retry (PR #42234)</option>
            </select>
          </label>
        </fieldset>
      </details>
    </div>
  );
}
