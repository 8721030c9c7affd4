import { expect } from 'vitest';
import type { MemberCache } from '../../../../sync/cache/memberCache';
import { BootstrapPageSchema, EnrolResponseSchema, profileFromRow } from '../../../../sync/protocol';
import type { CrmAdmin } from './crmAdmin';

/**
 * Checks the cache against a fresh full copy read from the CRM by a second device: the same profiles with the same
 * fields, every identifier finding its profile, and nothing more (no leftover or doubled rows).
 */
export async function expectCacheMatchesCrm(cache: MemberCache, crmUrl: string, admin: CrmAdmin): Promise<void> {
  const code = await admin.enrolmentCode();
  const enrolled = EnrolResponseSchema.parse(
    await (await fetch(`${crmUrl}/sync/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, tillName: 'verifier' }) })).json(),
  );
  let after: string | null = null;
  let profiles = 0;
  let identifiers = 0;
  const wrong: string[] = [];
  for (let guard = 0; guard < 10_000; guard += 1) {
    const query: string = after === null ? '' : `&after=${after}`;
    const response = await fetch(`${crmUrl}/sync/v1/bootstrap?limit=5000${query}`, { headers: { authorization: `Bearer ${enrolled.credentials.token}` } });
    const page = BootstrapPageSchema.parse(await response.json());
    for (const row of page.rows) {
      const wire = profileFromRow(row);
      profiles += 1;
      const cached = cache.profiles.findById(wire.id);
      if (!cached || cached.pointsBalance !== wire.pointsBalance || cached.tier !== wire.tier || cached.firstName !== wire.firstName || cached.status !== 'active') {
        wrong.push(`profile ${wire.id}`);
      }
      for (const identifier of wire.identifiers) {
        identifiers += 1;
        if (cache.profiles.findByIdentifier(identifier.kind, identifier.value)?.id !== wire.id) wrong.push(`${identifier.kind} of ${wire.id}`);
      }
    }
    after = page.nextPageToken;
    if (after === null) break;
  }
  expect(wrong.slice(0, 10)).toEqual([]);
  const counts = cache.db.prepare(`SELECT (SELECT count(*) FROM profiles WHERE status = 'active') AS p, (SELECT count(*) FROM identifiers) AS i`).get() as { p: number; i: number };
  expect(counts).toEqual({ p: profiles, i: identifiers });
}
