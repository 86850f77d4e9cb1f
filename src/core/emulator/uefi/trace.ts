// One record per firmware call the guest makes, in the order made — the answer to "which
// services does the stub really call" (efi-emulation.md §6 "Trace"). Plain data (bigints for
// addresses), so the CLI, the worker protocol and the app's stepper can all read it.

export type CallKind = 'boot' | 'runtime' | 'protocol';

export interface ServiceCall {
  seq: number;
  /** The UEFI spec name: `AllocatePages`; protocol members as `ConOut.OutputString`. */
  name: string;
  kind: CallKind;
  /** Arguments by their spec parameter names, decoded (GUIDs named, strings and paths as text). */
  args: Record<string, string>;
  /** The EFI_STATUS name; `void` for CopyMem/SetMem. */
  status: string;
  /** What the call wrote back through its OUT parameters. */
  out: Record<string, string>;
  /** Return address and stack pointer at the call. */
  lr: bigint;
  sp: bigint;
  /** 0 for the zboot image, 1 inside a LoadFile2 callback or StartImage of an inner image, … */
  depth: number;
  /** Instructions executed before the call. */
  instructions: number;
}

function kv(o: Record<string, string>): string {
  return Object.entries(o).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** memcpy/memset of the stub, which are firmware calls (libstub/intrinsics.c), not steps of its own. */
export const isMemCall = (c: ServiceCall) => c.name === 'CopyMem' || c.name === 'SetMem';

/** `AllocatePages(Type=AllocateAddress, …) = EFI_SUCCESS`, indented by depth. */
export function formatCallShort(c: ServiceCall): string {
  return `${'  '.repeat(c.depth)}${c.name}(${kv(c.args)}) = ${c.status}`;
}

/** `AllocatePages(Type=AllocateAddress, …) = EFI_SUCCESS {Memory=0x40200000} [lr 0x…, sp 0x…]` */
export function formatCall(c: ServiceCall): string {
  const out = Object.keys(c.out).length ? ` {${kv(c.out)}}` : '';
  return `${formatCallShort(c)}${out} [lr 0x${c.lr.toString(16)}, sp 0x${c.sp.toString(16)}]`;
}
