import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { ReceiptDeliveryPayload } from '../../protocol';
import type { ProfileStore } from '../store/profileStore';

/** A receipt delivery as the admin API shows it. */
export interface HeldReceiptDelivery {
  receiptId: string;
  channel: 'email' | 'sms';
  address: string;
  source: 'typed' | 'member';
  profileSeq: number | null;
  deviceId: string;
  receivedAt: number;
}

interface DeliveryRow {
  receipt_id: string;
  channel: 'email' | 'sms';
  address: string;
  source: 'typed' | 'member';
  profile_seq: number | null;
  device_id: string;
  received_at: number;
}

/**
 * Receipt delivery requests: the address the customer typed, or the member's own contact for the channel (looked
 * up here, so the till never needs to know it). Callers own transactions (the upload desk's batch).
 */
export class ReceiptDeliveryDesk {
  private readonly s;

  constructor(db: SqliteDatabase, private readonly store: ProfileStore) {
    this.s = {
      insert: db.prepare<[string, string, string, string, string, number | null, string, number]>(
        `INSERT INTO receipt_deliveries (idempotency_key, receipt_id, channel, address, source, profile_seq, device_id, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      all: db.prepare<[number], DeliveryRow>('SELECT * FROM receipt_deliveries ORDER BY id LIMIT ?'),
    };
  }

  /** Records the request; 'no_contact' when the member has no contact for the channel (or is gone). */
  record(key: string, payload: ReceiptDeliveryPayload, profileSeq: number | null, deviceId: string, now: number): 'accepted' | 'no_contact' {
    let address = payload.to;
    let source: 'typed' | 'member' = 'typed';
    if (address === null) {
      const state = profileSeq === null ? undefined : this.store.get(profileSeq);
      const kind = payload.channel === 'sms' ? 'phone' : 'email';
      address = state?.identifiers.find(([k]) => k === kind)?.[1] ?? null;
      source = 'member';
    }
    if (address === null) return 'no_contact';
    this.s.insert.run(key, payload.receiptId, payload.channel, address, source, profileSeq, deviceId, now);
    return 'accepted';
  }

  list(limit: number): HeldReceiptDelivery[] {
    return this.s.all.all(limit).map((r) => ({
      receiptId: r.receipt_id, channel: r.channel, address: r.address, source: r.source, profileSeq: r.profile_seq, deviceId: r.device_id, receivedAt: r.received_at,
    }));
  }
}
