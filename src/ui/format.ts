// Numbers as the person chose to read them (hex or decimal), everywhere in the UI.
import { hex } from '../core/bytes/hex';
import { useStore } from '../state/store';

export function useNum(): (v: number | bigint, pad?: number) => string {
  const base = useStore((s) => s.numberBase);
  return base === 'hex' ? (v, pad) => hex(v, pad) : (v) => v.toString(10);
}
