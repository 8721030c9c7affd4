// The limit of applying deltas, for sync.bench.ts: the change pages fetched again from `cursor`, their identifiers
// hashed beforehand, then every upsert applied with plain prepared statements in ONE transaction (update the profile
// row, replace its identifiers). Writes the values the engine already wrote, so the cache is left as it was.
import type { MemberCache } from '../../../sync/cache/memberCache';
import { identifierKindCode } from '../../../sync/cache/identifierKindCode';
import { ChangesPageSchema } from '../../../sync/protocol';
import type { WireProfile } from '../../../sync/protocol';

export interface PlainDeltaResult {
  upserts: number;
  milliseconds: number;
}

export async function plainDeltaApply(cache: MemberCache, crm: { url: string; token: string; cursor: string }): Promise<PlainDeltaResult> {
  const profiles: WireProfile[] = [];
  let cursor = crm.cursor;
  for (let guard = 0; guard < 1_000; guard++) {
    const response = await fetch(`${crm.url}/sync/v1/changes?cursor=${encodeURIComponent(cursor)}&limit=2000`, { headers: { authorization: `Bearer ${crm.token}` } });
    if (!response.ok) throw new Error(`changes → ${response.status}`);
    const page = ChangesPageSchema.parse(await response.json());
    for (const change of page.changes) if (change.type === 'upsert') profiles.push(change.profile);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const hashed = profiles.map((p) => ({ p, identifiers: p.identifiers.map((i) => [cache.hasher.hash(i.kind, i.value), identifierKindCode(i.kind)] as const) }));
  const db = cache.db;
  const update = db.prepare(
    'UPDATE profiles SET first_name = ?, display_name = ?, tier = ?, points_balance = ?, points_as_of = ?, updated_at = ? WHERE id = ? RETURNING pk',
  ).pluck();
  const deleteIdentifiers = db.prepare('DELETE FROM identifiers WHERE profile_pk = ?');
  const insertIdentifier = db.prepare('INSERT INTO identifiers (hash, kind, profile_pk) VALUES (?, ?, ?)');
  const started = performance.now();
  db.transaction(() => {
    const now = Date.now();
    for (const { p, identifiers } of hashed) {
      const pk = update.get(p.firstName, p.displayName, p.tier, p.pointsBalance, p.pointsAsOf, now, p.id) as number | undefined;
      if (pk === undefined) throw new Error('a delta for a profile the cache does not hold');
      deleteIdentifiers.run(pk);
      for (const [hash, kind] of identifiers) insertIdentifier.run(hash, kind, pk);
    }
  }).immediate();
  return { upserts: profiles.length, milliseconds: Math.round(performance.now() - started) };
}
