// The embedded kernel config (CONFIG_IKCONFIG): kernel/configs.c wraps the gzip'ed .config
// between the markers "IKCFG_ST" and "IKCFG_ED" (kernel/Makefile, scripts/extract-ikconfig).
import { decompress } from '../codecs/decompress';

const ST = new TextEncoder().encode('IKCFG_ST');
const ED = new TextEncoder().encode('IKCFG_ED');

function indexOf(b: Uint8Array, needle: Uint8Array, from = 0): number {
  for (let i = b.indexOf(needle[0] as number, from); i >= 0; i = b.indexOf(needle[0] as number, i + 1)) {
    let j = 1;
    while (j < needle.length && b[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

export interface KernelConfig {
  /** File offset of the gzip stream (after IKCFG_ST). */
  offset: number;
  size: number;
  text: string;
  options: Record<string, string>;
}

export function parseConfigText(text: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (m) options[m[1] as string] = (m[2] as string).replace(/^"(.*)"$/, '$1');
    const n = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/.exec(line);
    if (n) options[n[1] as string] = 'n';
  }
  return options;
}

export async function findConfig(b: Uint8Array, base = 0): Promise<KernelConfig | { offset: number; error: string } | undefined> {
  const st = indexOf(b, ST);
  if (st < 0) return undefined;
  const start = st + ST.length;
  const ed = indexOf(b, ED, start);
  if (ed < 0) return { offset: base + st, error: 'IKCFG_ST found but no IKCFG_ED marker after it' };
  try {
    // a .config is ~100–300 KiB; 16 MiB is a generous hard bound
    const { data } = await decompress('gzip', b.subarray(start, ed), { maxOutput: 16 << 20, maxRatio: 100 });
    const text = new TextDecoder().decode(data);
    return { offset: base + start, size: ed - start, text, options: parseConfigText(text) };
  } catch (e) {
    return { offset: base + start, error: `embedded config does not decompress: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The options a kexec / EFI investigation looks at first. */
export const KEY_OPTIONS = /^CONFIG_(KEXEC|KEXEC_FILE|KEXEC_SIG|KEXEC_SIG_FORCE|KEXEC_IMAGE_VERIFY_SIG|CRASH_DUMP|EFI|EFI_STUB|EFI_ZBOOT|RANDOMIZE_BASE|ARM64_4K_PAGES|ARM64_16K_PAGES|ARM64_64K_PAGES|ARM64_VA_BITS|KERNEL_[A-Z0-9]+|RELOCATABLE|CMA|LOCALVERSION|IKCONFIG)$/;
