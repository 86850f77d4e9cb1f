// The verdicts on screen, derived from the store: the image's facts (and its decompressed
// payload's, once there) against the target system. The verdict card draws them and a
// permalink carries them (a receiver without the file cannot recompute them).
import { imageFacts } from '../core/verdict/facts';
import { type Verdict, evaluate } from '../core/verdict/rules';
import type { AppState } from './store';

export function currentVerdicts(s: { inspection?: AppState['inspection'] | undefined; unpack: AppState['unpack']; target: AppState['target'] }): Verdict[] {
  if (!s.inspection) return [];
  const u = s.unpack.status === 'done' ? s.unpack : undefined;
  return evaluate(imageFacts(s.inspection, u ? { inner: u.result.inner, length: u.data.length, kexecToolsLength: u.result.kexecToolsLength } : undefined), s.target);
}
