// Plain-text rendering of an Inspection for the terminal.
import type { Field } from '../core/bytes/field';
import { hex } from '../core/bytes/hex';
import type { Inspection } from '../core/inspect';

export function printTree(ins: Inspection): string {
  const lines = [`${ins.description}`, `size ${ins.size}  sha256 ${ins.sha256}`, ''];
  const walk = (fs: Field[], depth: number) => {
    for (const f of fs) {
      lines.push(`${hex(f.offset, 8)} ${String(f.size).padStart(7)}  ${'  '.repeat(depth)}${f.name}${f.display ? ' = ' + f.display : ''}`);
      if (f.children) walk(f.children, depth + 1);
    }
  };
  walk(ins.fields, 0);
  for (const e of ins.errors) lines.push(`error at ${hex(e.offset)}: ${e.message}`);
  for (const w of ins.warnings) lines.push(`warning at ${hex(w.offset)}: ${w.message}`);
  return lines.join('\n') + '\n';
}
