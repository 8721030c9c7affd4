import type { Database, Statement } from 'better-sqlite3';
import { withFullSync } from './durability';
import type { OutboxRepository } from './outboxRepository';
import type { Consent, ConsentPurpose } from './types';

interface ConsentRow {
  profile_id: string;
  purpose: ConsentPurpose;
  granted: number;
  at: number;
  source: string;
  version: string | null;
}

export type ConsentDecision = Omit<Consent, 'profileId'>;

/**
 * The current consent state per profile and purpose. A decision made at the till is also queued for the CRM
 * (`recordAtTill`); what the CRM sends is mirrored without queueing (`mirrorFromCrm`). Either way the newer
 * decision wins, so a CRM page that predates a till decision not yet delivered does not undo it.
 */
export class ConsentRepository {
  private readonly upsertIfNewer: Statement;
  private readonly upsertAlways: Statement;
  private readonly selectFor: Statement;
  private readonly recordTransaction: (consent: Consent) => string;

  constructor(private readonly db: Database, outbox: OutboxRepository) {
    const upsert = (condition: string): Statement =>
      db.prepare(
        `INSERT INTO consents (profile_id, purpose, granted, at, source, version) VALUES (@profileId, @purpose, @granted, @at, @source, @version)
         ON CONFLICT (profile_id, purpose) DO UPDATE SET granted = excluded.granted, at = excluded.at, source = excluded.source,
           version = excluded.version
         ${condition}`,
      );
    this.upsertIfNewer = upsert('WHERE excluded.at >= consents.at');
    this.upsertAlways = upsert('');
    this.selectFor = db.prepare('SELECT * FROM consents WHERE profile_id = ? ORDER BY purpose');
    const record = db.transaction((consent: Consent): string => {
      this.upsertAlways.run(toParams(consent));
      return outbox.enqueue({
        kind: 'consent',
        profileId: consent.profileId,
        payload: { purpose: consent.purpose, granted: consent.granted, at: consent.at, source: consent.source, ...(consent.version ? { version: consent.version } : {}) },
      });
    });
    this.recordTransaction = (consent) => withFullSync(db, () => record.immediate(consent));
  }

  /** A decision made at this till: stored and queued for the CRM in one fsynced transaction. Returns the outbox id. */
  recordAtTill(consent: Consent): string {
    return this.recordTransaction(consent);
  }

  /** Decisions as the CRM knows them; each replaces the till's only if it is at least as recent. */
  mirrorFromCrm(profileId: string, decisions: readonly ConsentDecision[]): void {
    this.db.transaction(() => {
      for (const decision of decisions) this.upsertIfNewer.run(toParams({ ...decision, profileId }));
    })();
  }

  listFor(profileId: string): Consent[] {
    return (this.selectFor.all(profileId) as ConsentRow[]).map((row) => ({
      profileId: row.profile_id,
      purpose: row.purpose,
      granted: row.granted === 1,
      at: row.at,
      source: row.source,
      version: row.version ?? null,
    }));
  }
}

function toParams(consent: Consent): Record<string, string | number | null> {
  return { profileId: consent.profileId, purpose: consent.purpose, granted: consent.granted ? 1 : 0, at: consent.at, source: consent.source, version: consent.version ?? null };
}
