import type { Sql } from '../db/sql';
import type { CrmConsent } from '../connectors/crmConnector';

/** A queued consent as it stands when a worker claims it. */
export type ConsentToDeliver =
  /** The row is gone: a consent goes only with its person's erasure. */
  | { gone: true }
  /** Its till's provisional id has no sign-up at the hub yet. */
  | { unmapped: true }
  | {
      profileId: string;
      consent: CrmConsent;
      /** A later decision of the same member and purpose exists (from a till or from the CRM): this one is moot. */
      superseded: boolean;
      /** An earlier decision of the same member and purpose is still owed: it goes first. */
      afterEarlier: boolean;
    };

interface ConsentRow {
  profile_id: string | null;
  pending_ref: string | null;
  purpose: string;
  granted: boolean;
  at: string;
  source: string;
  version: string | null;
  superseded: boolean;
  after_earlier: boolean;
}

/**
 * Reads a queued consent (`consents` row `id`) and where it stands among its member's decisions for the same purpose,
 * ordered by when each was made (`at`, then arrival). Consents set a state, so only the latest decision matters and
 * an older one must never land after a newer one: the newer waits while an older is owed, and the older, once a newer
 * exists, is not sent at all.
 */
export async function consentToDeliver(sql: Sql, id: number): Promise<ConsentToDeliver> {
  const [row] = await sql.query<ConsentRow>(
    `SELECT c.profile_id, c.pending_ref, c.purpose, c.granted, c.at, c.source, c.version,
            EXISTS (SELECT 1 FROM consents n
                     WHERE n.profile_id = c.profile_id AND n.purpose = c.purpose AND n.id <> c.id
                       AND (n.at::timestamptz, n.id) > (c.at::timestamptz, c.id)) AS superseded,
            EXISTS (SELECT 1 FROM consents o JOIN crm_deliveries d ON d.kind = 'consent' AND d.item_key = o.id::text AND d.state = 'pending'
                     WHERE o.profile_id = c.profile_id AND o.purpose = c.purpose AND o.id <> c.id
                       AND (o.at::timestamptz, o.id) < (c.at::timestamptz, c.id)) AS after_earlier
       FROM consents c WHERE c.id = $1`,
    [id],
  );
  if (row === undefined) return { gone: true };
  if (row.profile_id === null) return row.pending_ref === null ? { gone: true } : { unmapped: true };
  return {
    profileId: row.profile_id,
    consent: { purpose: row.purpose, granted: row.granted, at: row.at, source: row.source, ...(row.version === null ? {} : { version: row.version }) },
    superseded: row.superseded,
    afterEarlier: row.after_earlier,
  };
}
