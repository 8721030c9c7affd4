import type { Sql } from '../db/sql';
import type { MemberMirror } from '../mirror/memberMirror';
import type { ReceiptDeliveryPayload } from '../../sync/protocol';

/** A receipt delivery request as the admin API shows it (`deviceId` is the till, as the emulated CRM named it). */
export interface HeldReceiptDelivery {
  receiptId: string;
  channel: 'email' | 'sms';
  address: string;
  source: 'typed' | 'member';
  profileId: string | null;
  deviceId: string;
  receivedAt: number;
}

interface DeliveryRow {
  receipt_id: string;
  channel: 'email' | 'sms';
  address: string;
  source: 'typed' | 'member';
  profile_id: string | null;
  till_id: string;
  received_at: number;
}

/**
 * Receipt delivery requests (upload kind `receipt_delivery`): the address the customer typed, or the member's own
 * contact for the channel, looked up here so the till never needs to know it. Held for the admin API; the hub sends
 * nothing yet (issue 10's connectors will). Callers own the write transaction (the upload desk's batch).
 */
export class ReceiptDeliveryDesk {
  constructor(private readonly mirror: MemberMirror) {}

  /** Records the request once per idempotency key; 'no_contact' when the member has no contact for the channel (or is gone). */
  async record(tx: Sql, key: string, payload: ReceiptDeliveryPayload, profileId: string | null, tillId: string, now: number): Promise<'accepted' | 'no_contact'> {
    let address = payload.to;
    let source: 'typed' | 'member' = 'typed';
    if (address === null) {
      const state = profileId === null ? null : await this.mirror.get(tx, profileId);
      const kind = payload.channel === 'sms' ? 'phone' : 'email';
      address = state?.identifiers.find(([k]) => k === kind)?.[1] ?? null;
      source = 'member';
    }
    if (address === null) return 'no_contact';
    await tx.query(
      `INSERT INTO receipt_deliveries (idempotency_key, receipt_id, channel, address, source, profile_id, till_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [key, payload.receiptId, payload.channel, address, source, profileId, tillId, now],
    );
    return 'accepted';
  }

  /** The oldest `limit` requests, in the order they came. */
  async list(sql: Sql, limit: number): Promise<HeldReceiptDelivery[]> {
    const rows = await sql.query<DeliveryRow>(
      'SELECT receipt_id, channel, address, source, profile_id, till_id, received_at FROM receipt_deliveries ORDER BY id LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      receiptId: r.receipt_id, channel: r.channel, address: r.address, source: r.source, profileId: r.profile_id, deviceId: r.till_id, receivedAt: r.received_at,
    }));
  }
}
