import type { Database as SqliteDatabase } from 'better-sqlite3';

export type MessageChannel = 'sms' | 'email';

export interface SentMessage {
  /** The code (SMS) or the link (e-mail) as the customer would receive it. */
  body: string;
  verificationId: string;
  sentAt: number;
}

/** The emulated SMS gateway and mail server: what was sent where, for the admin API. */
export class SentMessageLog {
  private readonly s;

  constructor(db: SqliteDatabase) {
    this.s = {
      insert: db.prepare<[string, string | null, string, string, number]>(
        'INSERT INTO step_up_messages (channel, address, body, verification_id, sent_at) VALUES (?, ?, ?, ?, ?)',
      ),
      last: db.prepare<[string, string], { body: string; verification_id: string; sent_at: number }>(
        'SELECT body, verification_id, sent_at FROM step_up_messages WHERE channel = ? AND address = ? ORDER BY id DESC LIMIT 1',
      ),
    };
  }

  /** `address` null: there was nobody to send to; the row is written anyway so a start costs the same either way. */
  send(channel: MessageChannel, address: string | null, body: string, verificationId: string, now: number): void {
    this.s.insert.run(channel, address, body, verificationId, now);
  }

  last(channel: MessageChannel, address: string): SentMessage | null {
    const row = this.s.last.get(channel, address);
    return row ? { body: row.body, verificationId: row.verification_id, sentAt: row.sent_at } : null;
  }
}
