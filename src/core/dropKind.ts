// What a dropped file is, judged by its content: the one drop target takes kernel images,
// memory listings, devicetree blobs, kernel configs and exported snapshots. Only one tie is
// broken by the name: debugfs prints memblock.memory and memblock.reserved in the same format
// (mm/memblock.c, memblock_debug_show()), so "reserved" or "memory" in the file's name decides.
import { readFdtHeader } from './devicetree/reader';
import { looksLikeIomem, looksLikeMemblock } from './kexec/memoryText';

export type DropKind =
  | { kind: 'snapshot' }
  | { kind: 'dtb'; totalSize?: number; error?: string; gzipped?: true }
  | { kind: 'memblock'; list?: 'memory' | 'reserved' }
  | { kind: 'iomem' }
  | { kind: 'kconfig' }
  | { kind: 'image' };

/** How much of a file is looked at to tell what it is. */
export const SNIFF_BYTES = 4096;
/** A listing or config larger than this is not read as text (the biggest real ones are ~1 MiB). */
export const MAX_TEXT_DROP = 16 * 1024 * 1024;

// scripts/kconfig/confdata.c writes "CONFIG_X=…" and "# CONFIG_X is not set" lines
const KCONFIG_LINE = /^(?:CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)/m;

function asText(head: Uint8Array): string | undefined {
  // text listings are ASCII; a NUL or other control byte (but tab, CR, LF) means binary
  for (const b of head) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return undefined;
  return new TextDecoder('utf-8', { fatal: false }).decode(head);
}

export function classifyDrop(name: string, head: Uint8Array, size: number): DropKind {
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0x0d && head[2] === 0xfe && head[3] === 0xed) {
    const t = readFdtHeader(head);
    return { kind: 'dtb', ...(t.header ? { totalSize: t.header.totalsize } : {}), ...(t.error ? { error: t.error.message } : {}) };
  }
  // a gzipped dtb (how the kexec ground truth and many boards ship theirs) says so in its name
  if (head[0] === 0x1f && head[1] === 0x8b && /(?:\.dtb|\bfdt)\.gz$/i.test(name)) return { kind: 'dtb', gzipped: true };
  // /proc/config.gz (CONFIG_IKCONFIG_PROC) or a gzipped /boot/config-*: gzip says no more than its name
  if (head[0] === 0x1f && head[1] === 0x8b && /(?:^|[\\/])config[^\\/]*\.gz$/i.test(name)) return { kind: 'kconfig' };
  const text = size <= MAX_TEXT_DROP ? asText(head) : undefined;
  if (text === undefined) return { kind: 'image' };
  if (/\.json$/i.test(name) || text.trimStart().startsWith('{')) return { kind: 'snapshot' };
  if (looksLikeMemblock(text)) {
    const base = name.split(/[\\/]/).pop() ?? name;
    return { kind: 'memblock', ...(/reserv/i.test(base) ? { list: 'reserved' as const } : /memory/i.test(base) ? { list: 'memory' as const } : {}) };
  }
  if (looksLikeIomem(text)) return { kind: 'iomem' };
  if (KCONFIG_LINE.test(text)) return { kind: 'kconfig' };
  return { kind: 'image' };
}
