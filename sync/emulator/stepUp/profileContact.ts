import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { CrmProfiles } from '../store/crmProfiles';
import { seqOfProfileId } from '../store/profileIds';

/** Where the CRM can reach the owner of a profile reference. Every field is null when the profile is not known. */
export interface ProfileContact {
  profileSeq: number | null;
  phone: string | null;
  email: string | null;
}

/**
 * Resolves a till's profile reference the way uploads do (a provisional id through its sign-up mapping, a merged-away
 * id to the survivor) and reads the phone and the e-mail address the CRM holds for it.
 */
export function createContactLookup(db: SqliteDatabase, profiles: CrmProfiles): (profileRef: string) => ProfileContact {
  const mapping = db.prepare<[string], number>('SELECT profile_seq FROM provisional_mappings WHERE provisional_id = ?').pluck();
  return (profileRef) => {
    const seq = mapping.get(profileRef) ?? seqOfProfileId(profileRef);
    const resolved = seq === null ? 'unknown' : profiles.store.resolve(seq);
    const state = typeof resolved === 'number' ? profiles.store.get(resolved) : null;
    if (!state) return { profileSeq: null, phone: null, email: null };
    return {
      profileSeq: state.seq,
      phone: state.identifiers.find(([kind]) => kind === 'phone')?.[1] ?? null,
      email: state.identifiers.find(([kind]) => kind === 'email')?.[1] ?? null,
    };
  };
}
