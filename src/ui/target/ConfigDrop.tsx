// "Describe my system": a /boot/config-$(uname -r) or /proc/config.gz, dropped, chosen or
// pasted, becomes the kexec target; so does the running kernel's command line. The file is
// parsed in a worker and never leaves the browser.
import { useState } from 'react';
import { targetFromCmdline } from '../../core/verdict/target';
import { useStore } from '../../state/store';
import { parseConfigInWorker } from '../../workers/client';

export function ConfigDrop() {
  const applyConfigFile = useStore((s) => s.applyConfigFile);
  const setTarget = useStore((s) => s.setTarget);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | undefined>();
  const [pasted, setPasted] = useState('');
  const [cmdline, setCmdline] = useState('');
  const [over, setOver] = useState(false);

  const read = async (file: Blob, name: string) => {
    setMessage({ text: `Reading ${name}…` });
    try {
      const { result, sha256 } = await parseConfigInWorker(file);
      if (!result.fields) {
        setMessage({ text: `${name}: ${result.errors.map((e) => e.message).join('; ')}`, error: true });
        return;
      }
      applyConfigFile(result.fields, name, sha256);
      const w = result.warnings.map((x) => x.message).join('; ');
      setMessage({ text: `${name}: ${result.fields.optionCount} options${result.fields.kernelVersion ? `, Linux ${result.fields.kernelVersion}` : ''}${w ? ` (${w})` : ''}` });
    } catch (e) {
      setMessage({ text: `${name}: ${e instanceof Error ? e.message : String(e)}`, error: true });
    }
  };

  return (
    <div
      className={`config-drop${over ? ' over' : ''}`}
      aria-label="Describe my system"
      onDragOver={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) void read(f, f.name);
      }}
    >
      <strong>Describe my system</strong>{' '}
      <label className="small">
        kernel config <span className="muted">(/boot/config-$(uname -r) or /proc/config.gz)</span>{' '}
        <input
          type="file"
          aria-label="Kernel configuration file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void read(f, f.name);
            e.target.value = '';
          }}
        />
      </label>
      <details>
        <summary className="small">paste a config or /proc/cmdline</summary>
        <textarea aria-label="Pasted kernel configuration" rows={3} cols={50} value={pasted} placeholder="CONFIG_KEXEC=y …" onChange={(e) => setPasted(e.target.value)} />
        <button type="button" disabled={!pasted.trim()} onClick={() => void read(new Blob([pasted]), 'pasted configuration')}>Use this config</button>
        <br />
        <label className="small">
          /proc/cmdline{' '}
          <input aria-label="Kernel command line" size={40} value={cmdline} placeholder="… lockdown=integrity ima_policy=secure_boot" onChange={(e) => setCmdline(e.target.value)} />
        </label>
        <button type="button" disabled={!cmdline.trim()} onClick={() => setTarget(targetFromCmdline(cmdline))}>Apply</button>
      </details>
      {message && <p className={`small${message.error ? ' error' : ''}`} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
    </div>
  );
}
