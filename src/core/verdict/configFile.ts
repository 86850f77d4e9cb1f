// A kernel configuration as a user has it: /boot/config-$(uname -r) (text) or /proc/config.gz
// (kernel/configs.c serves the gzip'ed .config). The same parser reads the presets'
// distro-configs files (scripts/make-distro-presets.ts) and a file dropped or pasted.
import { decompress } from '../codecs/decompress';
import { CodecError } from '../codecs/sink';
import { parseConfigText } from '../formats/ikconfig';

export interface ConfigFileFields {
  options: Record<string, string>;
  /** From the header scripts/kconfig/confdata.c writes: "# Linux/arm64 6.12.117 Kernel Configuration". */
  kernelVersion?: string;
  /** The header's architecture (SRCARCH), e.g. "arm64", "riscv". */
  srcArch?: string;
  /** How many lines set or unset an option. */
  optionCount: number;
}

export interface ConfigFileResult {
  fields?: ConfigFileFields;
  errors: { offset: number; message: string }[];
  warnings: { offset: number; message: string }[];
}

/** A .config is 100–300 KiB; anything past this is not one. */
export const MAX_CONFIG_BYTES = 16 << 20;

export async function parseConfigFile(bytes: Uint8Array): Promise<ConfigFileResult> {
  const errors: ConfigFileResult['errors'] = [];
  const warnings: ConfigFileResult['warnings'] = [];
  let text: Uint8Array = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = (await decompress('gzip', bytes, { maxOutput: MAX_CONFIG_BYTES, maxRatio: 100 })).data;
    } catch (e) {
      const at = e instanceof CodecError ? e.inputOffset : 0;
      errors.push({ offset: at, message: `gzip'ed config does not decompress at 0x${at.toString(16)}: ${e instanceof Error ? e.message : String(e)}` });
      return { errors, warnings };
    }
  } else if (bytes.length > MAX_CONFIG_BYTES) {
    errors.push({ offset: MAX_CONFIG_BYTES, message: `${bytes.length} bytes: larger than any kernel .config (limit ${MAX_CONFIG_BYTES})` });
    return { errors, warnings };
  }
  const nul = text.indexOf(0);
  if (nul >= 0) {
    errors.push({ offset: nul, message: `a NUL byte at 0x${nul.toString(16)}: this is not a text .config (a kernel image? drop it as the image instead)` });
    return { errors, warnings };
  }
  const s = new TextDecoder().decode(text);
  const options = parseConfigText(s);
  const optionCount = Object.keys(options).length;
  if (optionCount === 0) {
    errors.push({ offset: 0, message: 'no CONFIG_… lines: this is not a kernel configuration' });
    return { errors, warnings };
  }
  const fields: ConfigFileFields = { options, optionCount };
  const head = /^# Linux\/(\S+) (\S+) Kernel Configuration$/m.exec(s.slice(0, 4096));
  if (head) {
    fields.srcArch = head[1] as string;
    fields.kernelVersion = head[2] as string;
  } else warnings.push({ offset: 0, message: 'no "# Linux/ARCH VERSION Kernel Configuration" header: the kernel version is unknown' });
  if (!('CONFIG_KEXEC' in options) && !('CONFIG_KEXEC_FILE' in options)) warnings.push({ offset: 0, message: 'neither CONFIG_KEXEC nor CONFIG_KEXEC_FILE is mentioned: a fragment, not a full .config? Both are taken as off.' });
  return { fields, errors, warnings };
}
