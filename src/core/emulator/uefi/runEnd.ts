// How a run ends from anywhere inside a (nested) guest call: thrown by the firmware, caught by
// run.ts only — never out of core.
export type RunExit = 'kernel-entry' | 'error' | 'budget';

export class RunEnd extends Error {
  constructor(
    readonly exit: RunExit,
    readonly reason: string,
  ) {
    super(reason);
  }
}
