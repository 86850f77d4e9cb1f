// Old snapshot shapes → the current one. v1 is the first version: nothing to migrate yet, but
// every future version adds a case here and keeps the golden links of the old one passing.
export function migrate(raw: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'the snapshot is not a JSON object' };
  const version = (raw as { v?: unknown }).v;
  switch (version) {
    case 1:
      return { ok: true, value: raw };
    default:
      return { ok: false, error: `snapshot version ${JSON.stringify(version)?.slice(0, 16) ?? 'missing'} is not one this app knows (it reads v1)` };
  }
}
