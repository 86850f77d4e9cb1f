// Old snapshot shapes → the current one (v2). Every version adds a case here and keeps the
// golden links of the old ones passing. v1 → v2: the same fields; a v1 link carries no target
// and no verdicts (the receiver keeps its own target).
export function migrate(raw: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'the snapshot is not a JSON object' };
  const version = (raw as { v?: unknown }).v;
  switch (version) {
    case 1:
      return { ok: true, value: { ...raw, v: 2 } };
    case 2:
      return { ok: true, value: raw };
    default:
      return { ok: false, error: `snapshot version ${JSON.stringify(version)?.slice(0, 16) ?? 'missing'} is not one this app knows (it reads v1 and v2)` };
  }
}
