// Will this image kexec here? A one-line answer first, then one disclosure button per loading
// route (any number open at once) with the verdict, what the user will see, why, what to do
// instead, and the source that makes it so. The target system is a preset (a real distribution
// configuration), a configuration file the user gives, the image's own embedded .config, or typed in.
import { useMemo, useState } from 'react';
import { imageFacts } from '../../core/verdict/facts';
import { evaluate } from '../../core/verdict/rules';
import { TARGET_PRESETS } from '../../core/verdict/presets';
import { useStore } from '../../state/store';
import { ConfigDrop } from '../target/ConfigDrop';
import { TargetEditor } from '../target/TargetEditor';
import { TargetSource } from '../target/TargetSource';
import { Headline } from './Headline';
import { Prose } from './Prose';
import { forPage } from './verdictText';
import { SnapshotVerdicts } from './SnapshotVerdicts';

export function VerdictCard() {
  const ins = useStore((s) => s.inspection);
  const unpack = useStore((s) => s.unpack);
  const target = useStore((s) => s.target);
  const preset = useStore((s) => s.targetPreset);
  const applyPreset = useStore((s) => s.applyPreset);
  const applyConfigFile = useStore((s) => s.applyConfigFile);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (route: string) => {
    const n = new Set(open);
    if (n.has(route)) n.delete(route);
    else n.add(route);
    setOpen(n);
  };
  const verdicts = useMemo(() => {
    if (!ins) return [];
    const u = unpack.status === 'done' ? unpack : undefined;
    return evaluate(imageFacts(ins, u ? { inner: u.result.inner, length: u.data.length, kexecToolsLength: u.result.kexecToolsLength } : undefined), target);
  }, [ins, unpack, target]);
  // a snapshot without its file: the verdicts as the link's sender saw them
  if (!ins) return <SnapshotVerdicts />;
  const cfg = unpack.status === 'done' ? unpack.result.config : undefined;
  const options = cfg && 'options' in cfg ? cfg.options : undefined;
  const version = unpack.status === 'done' ? /Linux version (\S+)/.exec(unpack.result.banner?.text ?? '')?.[1] : undefined;

  return (
    <section className="verdict" aria-label="Will it kexec">
      <h2 className="verdict-title">Will it kexec?</h2>
      <p className="headline" data-testid="verdict-headline">
        <Headline verdicts={verdicts} onWhy={(r) => setOpen(new Set([...open, r]))} />
      </p>
      <div className="verdict-head">
        <label>
          Target{' '}
          <select
            aria-label="Target system"
            value={preset}
            onChange={(e) => applyPreset(e.target.value)}
          >
            {TARGET_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            {preset === 'custom' && <option value="custom">custom</option>}
            {preset === 'config' && <option value="config">from a configuration file</option>}
          </select>
        </label>
        {options && (
          <button type="button" onClick={() => applyConfigFile({ options, optionCount: Object.keys(options).length, ...(version ? { kernelVersion: version } : {}) }, "this image's embedded .config")}>
            Use this kernel&apos;s .config
          </button>
        )}
        <details className="target-details">
          <summary>target: where it comes from, how it was booted, describe my system</summary>
          <ConfigDrop />
          <TargetEditor />
          <TargetSource />
        </details>
      </div>
      <ul className="verdicts" aria-label="kexec verdicts">
        {verdicts.map((v) => {
          const isOpen = open.has(v.route);
          const panel = `vwhy-${v.route.replace(/\W+/g, '-')}`;
          return (
            <li key={v.route} data-route={v.route} className={`v-${v.verdict.replace(/ /g, '-')}`}>
              <button type="button" className="vrow" aria-expanded={isOpen} aria-controls={panel} onClick={() => toggle(v.route)}>
                <span className="twisty" aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
                <span className="route mono">{v.route}</span>
                <span className="vbadge">{v.verdict}{v.errno ? ` · ${v.errno}` : ''}</span>
                <span className="vmsg mono small">
                  <Prose text={v.message} />
                </span>
              </button>
              <div className="vwhy" id={panel} hidden={!isOpen}>
                <p>
                  <Prose text={forPage(v.why)} glossary />
                </p>
                {v.fix && (
                  <p>
                    <strong>Instead:</strong> <Prose text={forPage(v.fix)} />
                  </p>
                )}
                <p className="muted small">Verifies: {v.verifies} · Source: {v.source}</p>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
