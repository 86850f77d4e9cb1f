// A guided tour over the built-in sample: inspect → decompress → lay out → step → share.
// Each step moves the app to where it is talking about; five clicks end it.
import { useEffect } from 'react';
import { useStore } from '../../state/store';

const STEPS: Array<{ tab: 'inspect' | 'layout' | 'step'; title: string; text: string }> = [
  { tab: 'inspect', title: '1 / 5 · Inspect', text: 'This is a real arm64 vmlinuz.efi. The summary says what it is; the tree lists every header field with its offset and meaning, and clicking a field highlights its bytes in the hex view (and back).' },
  { tab: 'inspect', title: '2 / 5 · Decompress', text: 'The compressed kernel was decompressed in a worker; the decompressed Image has its own header (image_size, text_offset) and its Linux banner. "Will it kexec?" explains why kexec_file_load refuses the zboot file as is.' },
  { tab: 'layout', title: '3 / 5 · Lay out', text: 'Where arm64 kexec_file_load puts the kernel, initrd and dtb on this machine — exactly as the kernel does, searching free memblock ranges. Hover a segment for "why here"; change the initrd size or the machine.' },
  { tab: 'step', title: '4 / 5 · Step', text: 'The handoff phase by phase: press → to go from the syscall to the page copy with the MMU on, caches off, and the jump with x0 = the dtb address.' },
  { tab: 'step', title: '5 / 5 · Share', text: 'The address bar is always a permalink to this view (without the file). "Copy link" puts it on the clipboard; the map exports as SVG or PNG for slides.' },
];

export function Tour() {
  const step = useStore((s) => s.tourStep);
  const setStep = useStore((s) => s.setTourStep);
  const setTab = useStore((s) => s.setTab);
  const cur = step === undefined ? undefined : STEPS[step];
  useEffect(() => {
    if (cur) setTab(cur.tab);
  }, [cur, setTab]);
  if (step === undefined || !cur) return null;
  const last = step === STEPS.length - 1;
  return (
    <aside className="tour" role="dialog" aria-label="Guided tour" aria-live="polite" data-testid="tour">
      <strong>{cur.title}</strong>
      <p>{cur.text}</p>
      <div className="tour-buttons">
        <button type="button" onClick={() => setStep(undefined)}>
          Skip
        </button>
        {step > 0 && (
          <button type="button" onClick={() => setStep(step - 1)}>
            Back
          </button>
        )}
        <button type="button" onClick={() => setStep(last ? undefined : step + 1)} autoFocus>
          {last ? 'Finish' : 'Next'}
        </button>
      </div>
    </aside>
  );
}
