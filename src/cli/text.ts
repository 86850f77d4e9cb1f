// Plain-text rendering of an Inspection and its verdicts for the terminal.
import type { Field } from '../core/bytes/field';
import { hex } from '../core/bytes/hex';
import type { Inspection } from '../core/inspect';
import type { Verdict } from '../core/verdict/rules';
import type { TargetSystem } from '../core/verdict/target';

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

/** The kexec verdicts, one block per route, for the target they were evaluated for. */
export function printVerdicts(verdicts: Verdict[], preset: string, t: TargetSystem): string {
  const lines = [`kexec verdicts (target ${preset}: ${Object.entries(t).map(([k, v]) => `${k}=${String(v)}`).join(' ')})`];
  for (const v of verdicts) {
    lines.push(`  ${v.route.padEnd(16)} ${v.verdict}${v.errno ? ` (${v.errno})` : ''}: ${v.message}`);
    lines.push(`      why: ${v.why}`);
    if (v.fix) lines.push(`      fix: ${v.fix}`);
    lines.push(`      source: ${v.source} [rule ${v.id}; verifies ${v.verifies}]`);
  }
  return lines.join('\n') + '\n';
}
