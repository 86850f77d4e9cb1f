// "The command you would run by hand" beside a panel, with a copy button.
import { useState } from 'react';

export function Command({ label, cmd }: { label: string; cmd: string }) {
  const [said, setSaid] = useState('');
  return (
    <div className="cmd">
      <span className="muted">{label}:</span> <code>{cmd}</code>
      <button
        type="button"
        aria-label={`copy: ${cmd}`}
        onClick={() => {
          void navigator.clipboard.writeText(cmd).then(
            () => setSaid('copied'),
            () => setSaid(''),
          );
        }}
      >
        copy
      </button>
      <span aria-live="polite" className="muted">{said}</span>
    </div>
  );
}
