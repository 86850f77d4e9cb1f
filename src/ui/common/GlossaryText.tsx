// Text in which glossary terms are links that open their definition.
import { Fragment } from 'react';
import { useStore } from '../../state/store';
import { GLOSSARY, GLOSSARY_RE } from '../glossary';

/** `inline`: inside an interactive row (a treeitem), terms are <abbr> with the definition as title. */
export function GlossaryText({ text, inline = false }: { text: string; inline?: boolean }) {
  const open = useStore((s) => s.openGlossary);
  const parts = text.split(GLOSSARY_RE);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 && inline ? (
          <abbr key={i} title={GLOSSARY[p]}>
            {p}
          </abbr>
        ) : i % 2 === 1 ? (
          <button key={i} type="button" className="term" onClick={() => open(p)} aria-label={`${p} (glossary)`}>
            {p}
          </button>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}
