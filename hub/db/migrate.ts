import { MIRROR_AND_FEED } from './migrations/0001_mirror_and_feed';
import { STORES_AND_TILLS } from './migrations/0002_stores_and_tills';
import { UPLOAD_LEDGER } from './migrations/0003_upload_ledger';
import { SUMMARIES } from './migrations/0004_summaries';
import { STEP_UP_ORDERS } from './migrations/0005_step_up_orders';
import { FLEET } from './migrations/0006_fleet';
import { CRM_DELIVERIES } from './migrations/0007_crm_deliveries';
import { RECEIPT_DELIVERIES } from './migrations/0008_receipt_deliveries';
import { BANKID_COLLECT } from './migrations/0009_bankid_collect';
import { WEBHOOK_DELIVERIES } from './migrations/0010_webhook_deliveries';
import { MEMBER_IMPORT } from './migrations/0011_member_import';
import { CONSENT_DELIVERIES } from './migrations/0012_consent_deliveries';
import { SIGNUP_WAIT } from './migrations/0013_signup_wait';
import { MATCHED_SIGNUPS } from './migrations/0014_matched_signups';
import { PROMOTION_REDEMPTIONS } from './migrations/0015_promotion_redemptions';
import { PROMOTION_SENT } from './migrations/0016_promotion_sent';
import { IDENTIFIERS_IN_BYTE_ORDER } from './migrations/0017_identifiers_in_byte_order';
import type { HubDatabase } from './sql';

/** Numbered migrations, applied in order; a migration once shipped never changes (add the next number instead). */
export const HUB_MIGRATIONS: readonly string[] = [MIRROR_AND_FEED, STORES_AND_TILLS, UPLOAD_LEDGER, SUMMARIES, STEP_UP_ORDERS, FLEET, CRM_DELIVERIES, RECEIPT_DELIVERIES, BANKID_COLLECT, WEBHOOK_DELIVERIES, MEMBER_IMPORT, CONSENT_DELIVERIES, SIGNUP_WAIT, MATCHED_SIGNUPS, PROMOTION_REDEMPTIONS, PROMOTION_SENT, IDENTIFIERS_IN_BYTE_ORDER];

/** Separate from the write lock: two hub processes starting together must not both apply migration 1. */
const MIGRATION_LOCK_KEY = 7_420_000;

/** Brings the schema up to date. Safe to run from several hub processes at once. Returns the schema version. */
export async function migrateHubDatabase(db: HubDatabase): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec('CREATE TABLE IF NOT EXISTS hub_schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)');
    const [row] = await tx.query<{ version: number | null }>('SELECT max(version) AS version FROM hub_schema_migrations');
    const current = row?.version ?? 0;
    if (current > HUB_MIGRATIONS.length) {
      throw new Error(`the database is at schema version ${current}, newer than this hub (${HUB_MIGRATIONS.length}): upgrade the hub`);
    }
    for (let version = current + 1; version <= HUB_MIGRATIONS.length; version++) {
      await tx.exec(HUB_MIGRATIONS[version - 1] as string);
      await tx.query('INSERT INTO hub_schema_migrations (version, applied_at) VALUES ($1, $2)', [version, Date.now()]);
    }
    return HUB_MIGRATIONS.length;
  });
}
