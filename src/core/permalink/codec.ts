// Snapshot ⇄ URL hash "#v=1&s=<base64url(deflate-raw(JSON))>". Encoding always uses pako's
// deflateRaw (loaded on first use, not with the page), so one snapshot gives the same link in
// every browser and in Node; decoding takes any valid deflate-raw, through the platform
// DecompressionStream where it exists, pako otherwise. decode() never throws: every failure is a
// message.
import * as v from 'valibot';
import { migrate } from './migrate';
import { SNAPSHOT_VERSION, type Snapshot, SnapshotV2 } from './schema';

/** Hash longer than this is refused unread (a typical link is well under 2,000 characters). */
export const MAX_HASH = 64 * 1024;
/** Inflated JSON larger than this is refused (bounded inflate). */
export const MAX_JSON = 512 * 1024;
const MAX_DEPTH = 12;

export type DecodeResult = { ok: true; snapshot: Snapshot } | { ok: false; error: string };

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined;
  const b = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  try {
    const bin = atob(b);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

export async function encodeSnapshot(s: Snapshot): Promise<string> {
  const { deflateRaw } = await import('pako');
  const json = JSON.stringify(s);
  return `v=${s.v}&s=${toBase64Url(deflateRaw(new TextEncoder().encode(json), { level: 9 }))}`;
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function inflateBounded(data: Uint8Array): Promise<Uint8Array | string> {
  if (typeof DecompressionStream === 'function') {
    try {
      const ds = new DecompressionStream('deflate-raw');
      const w = ds.writable.getWriter();
      void w.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
      void w.close().catch(() => undefined);
      const r = ds.readable.getReader();
      const parts: Uint8Array[] = [];
      let n = 0;
      for (;;) {
        const { value, done } = await r.read();
        if (done) break;
        n += value.length;
        if (n > MAX_JSON) {
          await r.cancel().catch(() => undefined);
          return `the link inflates to more than ${MAX_JSON / 1024} KiB`;
        }
        parts.push(value);
      }
      return concat(parts, n);
    } catch {
      return 'the link data is not deflate-compressed (or is truncated)';
    }
  }
  const { Inflate } = await import('pako');
  const inf = new Inflate({ raw: true });
  const parts: Uint8Array[] = [];
  let n = 0;
  let over = false;
  inf.onData = (c: Uint8Array) => {
    n += c.length;
    if (n > MAX_JSON) over = true;
    else parts.push(c);
  };
  inf.push(data, true);
  if (over) return `the link inflates to more than ${MAX_JSON / 1024} KiB`;
  if (inf.err || !inf.ended) return 'the link data is not deflate-compressed (or is truncated)';
  return concat(parts, n);
}

/** Nesting depth of a JSON text, without parsing it (so deep input cannot exhaust the stack). */
function jsonDepth(s: string): number {
  let depth = 0;
  let max = 0;
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/** Parses snapshot JSON (from a link or an imported file) with every guard. */
export function parseSnapshotJson(json: string): DecodeResult {
  if (json.length > MAX_JSON) return { ok: false, error: `the snapshot is larger than ${MAX_JSON / 1024} KiB` };
  if (jsonDepth(json) > MAX_DEPTH) return { ok: false, error: `the snapshot nests deeper than ${MAX_DEPTH} levels` };
  let raw: unknown;
  let bad: string | undefined;
  try {
    raw = JSON.parse(json, (k, val: unknown) => {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') bad ??= `forbidden key "${k}"`;
      if (typeof val === 'number' && !Number.isSafeInteger(val) && Number.isInteger(val)) bad ??= `number ${String(val)} is beyond 2^53`;
      return val;
    });
  } catch {
    return { ok: false, error: 'the snapshot is not valid JSON' };
  }
  if (bad) return { ok: false, error: `the snapshot has a ${bad}` };
  const migrated = migrate(raw);
  if (!migrated.ok) return migrated;
  const r = v.safeParse(SnapshotV2, migrated.value);
  if (!r.success) {
    const i = r.issues[0];
    const path = i.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, error: `the snapshot does not match schema v2${path ? ` at ${path}` : ''}: ${i.message}` };
  }
  return { ok: true, snapshot: r.output };
}

/** Decodes a location hash ("#v=1&s=…" or without "#"). Never throws. */
export async function decodeHash(hash: string): Promise<DecodeResult> {
  try {
    if (hash.length > MAX_HASH) return { ok: false, error: `the link is ${hash.length} characters long: over the ${MAX_HASH / 1024} KiB limit, not read` };
    const params = new URLSearchParams(hash.replace(/^#/, ''));
    const version = params.get('v');
    const s = params.get('s');
    if (version === null || s === null) return { ok: false, error: 'the link has no snapshot (expected #v=2&s=…)' };
    if (!/^\d+$/.test(version) || Number(version) < 1 || Number(version) > SNAPSHOT_VERSION) return { ok: false, error: `snapshot version ${JSON.stringify(version.slice(0, 16))} is not one this app knows (it reads v1 and v2)` };
    const bytes = fromBase64Url(s);
    if (!bytes) return { ok: false, error: 'the snapshot is not base64url text (it may have been cut or mangled)' };
    const inflated = await inflateBounded(bytes);
    if (typeof inflated === 'string') return { ok: false, error: inflated };
    let json: string;
    try {
      json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
    } catch {
      return { ok: false, error: 'the snapshot is not UTF-8 text' };
    }
    return parseSnapshotJson(json);
  } catch (e) {
    return { ok: false, error: `the link could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}
