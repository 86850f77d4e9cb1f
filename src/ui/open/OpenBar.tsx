// How a file gets in: drag and drop anywhere on the page (a full-window overlay while dragging),
// a file picker, or a built-in sample. Whatever comes in is routed by content (state/dropSlice):
// images, memory listings, dtbs, configs, snapshots; several files at once go in turn.
// Nothing leaves the machine: the file is read with File.arrayBuffer() and handed to a worker.
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../../state/store';
import { SAMPLES, sampleUrl } from '../samples';

export function OpenBar() {
  const openDropped = useStore((s) => s.openDropped);
  const openUrl = useStore((s) => s.openUrl);
  const fileName = useStore((s) => s.fileName);
  const maxFile = useStore((s) => s.maxFile);
  const setMaxFile = useStore((s) => s.setMaxFile);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (!depth) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length) void openDropped(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [openDropped]);

  return (
    <div className="openbar">
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>
            <strong>Drop to open</strong>
            <br />a kernel image, a memblock or /proc/iomem listing, a .dtb, a kernel config
          </p>
        </div>
      )}
      <div className={`dropzone${dragging ? ' dragging' : ''}`} data-testid="dropzone">
        <span className="droptext">
          <strong>Drop a kernel image</strong> — it never leaves your machine.
        </span>
        <button type="button" onClick={() => input.current?.click()}>Open…</button>
        <input
          ref={input}
          type="file"
          hidden
          multiple
          aria-label="Open a kernel image, memory listing, dtb or config"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (files.length) void openDropped(files);
            e.target.value = '';
          }}
        />
      </div>
      <label className="samples">
        <select
          aria-label="Built-in samples"
          value={SAMPLES.find((s) => s.file === fileName)?.file ?? ''}
          onChange={(e) => {
            const s = SAMPLES.find((x) => x.file === e.target.value);
            if (s) void openUrl(s.file, sampleUrl(s));
          }}
        >
          <option value="" disabled>
            open a built-in sample…
          </option>
          {SAMPLES.map((s) => (
            <option key={s.file} value={s.file}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="small">
        limit{' '}
        <select aria-label="File size limit" value={maxFile} onChange={(e) => setMaxFile(Number(e.target.value))}>
          {[64, 256, 1024, 4096].map((m) => (
            <option key={m} value={m * 1024 * 1024}>
              {m >= 1024 ? `${m / 1024} GiB` : `${m} MiB`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
