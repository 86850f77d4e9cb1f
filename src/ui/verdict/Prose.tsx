// Rule prose on the page: `backticked` spans as <code>, the rest plain or with glossary links.
import { GlossaryText } from '../common/GlossaryText';
import { codeParts } from './verdictText';

export function Prose({ text, glossary = false }: { text: string; glossary?: boolean }) {
  return (
    <>
      {codeParts(text).map((p, i) => (p.code ? <code key={i}>{p.text}</code> : glossary ? <GlossaryText key={i} text={p.text} inline /> : <span key={i}>{p.text}</span>))}
    </>
  );
}
