// The protocols behind the system table and the optional handles: ConOut
// (EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL, UEFI 2.10 §12.4), the initrd's EFI_LOAD_FILE2_PROTOCOL
// (§13.2) and, when switched on, an EFI_RNG_PROTOCOL (§37.5).
import type { CallContext, Handler } from './firmware';
import { GUIDS, guidName, guidText } from './guids';
import { EFI_BUFFER_TOO_SMALL, EFI_INVALID_PARAMETER, EFI_NOT_FOUND, EFI_SUCCESS, EFI_UNSUPPORTED } from './types';

/**
 * §12.4.3 OutputString — printk.c:20 efi_char16_puts (6.12), via efi_puts/efi_printk; 6.1
 * zboot.c:36 log(). The stub sends "\n" as "\r\n"; lines are kept without the CR.
 */
function outputString(c: CallContext): bigint {
  const s = c.fw.utf16(c.x(1), 'ConOut.OutputString String');
  c.arg('String', JSON.stringify(s));
  c.fw.consoleWrite(s);
  return EFI_SUCCESS;
}

/** §12.4.2 Reset, §12.4.7 SetAttribute, §12.4.8 ClearScreen: nothing to do on a captured console. */
function consoleNop(c: CallContext): bigint {
  c.arg('arg', c.x(1));
  return EFI_SUCCESS;
}

export const CONOUT_HANDLERS: Record<string, Handler> = {
  'ConOut.OutputString': outputString,
  'ConOut.Reset': consoleNop,
  'ConOut.SetAttribute': consoleNop,
  'ConOut.ClearScreen': consoleNop,
};

/**
 * §13.2.2 EFI_LOAD_FILE2_PROTOCOL.LoadFile of the initrd — efi-stub-helper.c:570 (size query,
 * NULL buffer → BUFFER_TOO_SMALL) and :578 (the data). BootPolicy must be FALSE for LoadFile2;
 * the remaining path after LocateDevicePath is the end node.
 */
export const INITRD_LOAD_FILE: Handler = (c) => {
  const fw = c.fw;
  const initrd = fw.opts.initrd as Uint8Array;
  const [fp, policy, sizePtr, buf] = [c.x(1), c.x(2), c.x(3), c.x(4)];
  c.arg('BootPolicy', policy & 0xffn ? 'TRUE' : 'FALSE');
  c.arg('Buffer', buf);
  if (policy & 0xffn) return EFI_UNSUPPORTED;
  if (sizePtr === 0n || fp === 0n) return EFI_INVALID_PARAMETER;
  const rest = fw.devicePath(fp, 'LoadFile2 FilePath');
  if (rest.some((n) => n.type !== 0x7f)) return EFI_NOT_FOUND;
  const have = fw.r64(sizePtr, 'LoadFile2 *BufferSize');
  const size = BigInt(initrd.length);
  fw.w64(sizePtr, size, 'LoadFile2 *BufferSize');
  c.out('BufferSize', size);
  if (buf === 0n || have < size) return EFI_BUFFER_TOO_SMALL;
  fw.write(buf, initrd, 'LoadFile2 Buffer');
  return EFI_SUCCESS;
};

/**
 * Deterministic bytes for GetRNG: a splitmix64 stream from the user's seed. Not random on
 * purpose — a run is reproducible, and a different seed shows a different KASLR placement
 * (zboot.c:103 efi_get_random_bytes → randomalloc.c efi_random_alloc).
 */
export class Rng {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = seed & 0xffffffffffffffffn;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    const M = 0xffffffffffffffffn;
    for (let i = 0; i < n; i += 8) {
      this.state = (this.state + 0x9e3779b97f4a7c15n) & M;
      let z = this.state;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
      z ^= z >> 31n;
      for (let k = 0; k < 8 && i + k < n; k++) out[i + k] = Number((z >> BigInt(8 * k)) & 0xffn);
    }
    return out;
  }
}

/** §37.5.2 GetInfo: one algorithm, EFI_RNG_ALGORITHM_RAW. */
export const RNG_GET_INFO: Handler = (c) => {
  const fw = c.fw;
  if (c.x(1) === 0n) return EFI_INVALID_PARAMETER;
  const have = fw.r64(c.x(1), 'Rng.GetInfo *RNGAlgorithmListSize');
  fw.w64(c.x(1), 16n, 'Rng.GetInfo *RNGAlgorithmListSize');
  if (have < 16n || c.x(2) === 0n) return EFI_BUFFER_TOO_SMALL;
  fw.write(c.x(2), GUIDS.EFI_RNG_ALGORITHM_RAW, 'Rng.GetInfo RNGAlgorithmList');
  return EFI_SUCCESS;
};

/** §37.5.3 GetRNG — random.c:49 (efi_get_random_bytes, default algorithm) and random.c:114/:122 (the seed: RAW, then default). */
export const RNG_GET_RNG: Handler = (c) => {
  const fw = c.fw;
  const [alg, len, out] = [c.x(1), c.x(2), c.x(3)];
  if (alg !== 0n) {
    const g = fw.guid(alg, 'Rng.GetRNG RNGAlgorithm');
    c.arg('RNGAlgorithm', guidName(g));
    if (guidText(g) !== guidText(GUIDS.EFI_RNG_ALGORITHM_RAW)) return EFI_UNSUPPORTED;
  } else c.arg('RNGAlgorithm', 'default');
  c.arg('RNGValueLength', len);
  if (out === 0n || len === 0n || len > 0x10000n) return EFI_INVALID_PARAMETER;
  const b = fw.rng!.bytes(Number(len));
  fw.write(out, b, 'Rng.GetRNG RNGValue');
  c.out('RNGValue', [...b.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0')).join('') + (b.length > 8 ? '…' : ''));
  return EFI_SUCCESS;
};
