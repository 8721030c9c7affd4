import type { Sql } from '../db/sql';
import type { MemberMirror } from '../mirror/memberMirror';

/**
 * The CRM answered a sign-up with its own id for the member: the profile the hub made for the sign-up becomes that
 * one. The hub's profile is merged into the CRM's (the mirror's merge: identifiers, points, receipts, consents and
 * the tills' provisional mappings move, and the tills get the merge in their change feed), after making the CRM's
 * profile from the hub's when the mirror has none yet (a new member; its change notification brings the CRM's own
 * record later). An existing member the CRM matched is merged into as it is: no duplicate. Runs in a write
 * transaction; running it again changes nothing.
 */
export async function mapSignupToCrm(tx: Sql, mirror: MemberMirror, hubProfileId: string, crmProfileId: string, now: number): Promise<void> {
  const resolved = await mirror.resolve(tx, hubProfileId);
  // Erased since (nothing to map), or already merged into the CRM's profile.
  if (!('profileId' in resolved) || resolved.profileId === crmProfileId) return;
  const from = resolved.profileId;
  if ((await mirror.get(tx, crmProfileId)) === null) {
    const state = await mirror.get(tx, from);
    if (state === null) return;
    // Points and identifiers come over with the merge; the new profile starts with neither, so nothing counts twice.
    await mirror.upsert(tx, { ...state, profileId: crmProfileId, pointsBalance: 0, identifiers: [], lastName: await mirror.lastName(tx, from) }, now);
  }
  await mirror.merge(tx, from, crmProfileId, now);
}
