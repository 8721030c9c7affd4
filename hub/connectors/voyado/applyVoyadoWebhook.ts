import type { HubDatabase, Sql } from '../../db/sql';
import { writeTransaction } from '../../db/sql';
import type { MemberMirror } from '../../mirror/memberMirror';
import type { ConnectorMember, CrmConnector } from '../crmConnector';
import type { VoyadoWebhookEvent } from './voyadoWebhookEvents';

export interface WebhookDeps {
  db: HubDatabase;
  mirror: MemberMirror;
  connector: Pick<CrmConnector, 'lookup'>;
  pointDefinitionId: number;
}

export type WebhookOutcome = 'applied' | 'ignored' | 'replayed' | { retryLater: string; retryAfterMs?: number };

/** Deliveries are kept this long to refuse replays; a signature older than five minutes is refused anyway. */
const KEEP_DELIVERIES_MS = 24 * 3600 * 1000;

/** Marks a delivery as received; false when it was received before (a replay). */
async function firstDelivery(tx: Sql, id: string, type: string, now: number): Promise<boolean> {
  await tx.query('DELETE FROM webhook_deliveries WHERE received_at < $1', [now - KEEP_DELIVERIES_MS]);
  const inserted = await tx.query('INSERT INTO webhook_deliveries (webhook_id, type, received_at) VALUES ($1, $2, $3) ON CONFLICT (webhook_id) DO NOTHING RETURNING webhook_id', [id, type, now]);
  return inserted.length > 0;
}

async function consent(tx: Sql, mirror: MemberMirror, profileId: string, purpose: string, granted: boolean, at: number): Promise<'applied' | 'ignored'> {
  if ((await mirror.get(tx, profileId)) === null) return 'ignored';
  await tx.query(
    "INSERT INTO consents (profile_id, pending_ref, purpose, granted, at, source, till_id, received_at) VALUES ($1, NULL, $2, $3, $4, 'voyado', 'voyado', $5)",
    [profileId, purpose, granted, new Date(at).toISOString(), at],
  );
  return 'applied';
}

/**
 * Applies one verified webhook to the mirror, through the mirror's own writes (so each change reaches the tills'
 * change log), once per delivery id. `event` null: a type the hub does not apply (recorded, ignored). A contact created or updated is fetched first (webhooks carry ids, not
 * contacts); when Voyado cannot answer now, nothing is recorded and the sender is told to retry.
 */
export async function applyVoyadoWebhook(deps: WebhookDeps, id: string, type: string, event: VoyadoWebhookEvent | null, now: number): Promise<WebhookOutcome> {
  let fetched: ConnectorMember | null = null;
  if (event !== null && (event.type === 'contact.created' || event.type === 'contact.updated')) {
    const got = await deps.connector.lookup(event.data.contactId);
    if (got.status === 'retry_later') return { retryLater: got.reason, ...(got.retryAfterMs === undefined ? {} : { retryAfterMs: got.retryAfterMs }) };
    if (got.status === 'rejected') return { retryLater: got.reason };
    fetched = got.value;
  }
  return writeTransaction(deps.db, async (tx): Promise<WebhookOutcome> => {
    if (!(await firstDelivery(tx, id, type, now))) return 'replayed';
    if (event === null) return 'ignored';
    const { mirror } = deps;
    switch (event.type) {
      case 'contact.created':
      case 'contact.updated':
        // null: gone, or no longer of the member contact type: it leaves the mirror.
        if (fetched === null) return (await mirror.erase(tx, event.data.contactId, now)) ? 'applied' : 'ignored';
        await mirror.upsert(tx, fetched, now);
        return 'applied';
      case 'contact.deleted':
        return (await mirror.erase(tx, event.data.contactId, now)) ? 'applied' : 'ignored';
      case 'point.balance.updated': {
        if (event.data.definitionId !== undefined && event.data.definitionId !== deps.pointDefinitionId) return 'ignored';
        const state = await mirror.get(tx, event.data.contactId);
        if (state === null) return 'ignored';
        const asOf = event.timestamp === undefined ? now : Date.parse(event.timestamp);
        await mirror.save(tx, { ...state, pointsBalance: Math.floor(event.data.balance), pointsAsOf: asOf }, now);
        return 'applied';
      }
      case 'contact.consent.changed':
        return consent(tx, mirror, event.data.contactId, event.data.consentId, event.data.value, now);
      case 'contact.acceptsEmail.changed':
        return consent(tx, mirror, event.data.contactId, 'marketingEmail', event.data.acceptsEmail, now);
      case 'contact.acceptsSms.changed':
        return consent(tx, mirror, event.data.contactId, 'marketingSms', event.data.acceptsSms, now);
    }
  });
}
