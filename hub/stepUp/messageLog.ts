import type { Sql } from '../db/sql';

export type MessageChannel = 'sms' | 'email';

export interface SentMessage {
  /** The code (SMS) or the link (e-mail) as the customer would receive it. */
  body: string;
  verificationId: string;
  sentAt: number;
}

/**
 * The demo's delivery (hub/providers/messageLogSenders.ts), as in the emulated CRM: the admin API reads a customer's
 * last code or link from it. With a real SMS gateway or mail server nothing is written here: no code in clear.
 */
export const messageLog = {
  async send(tx: Sql, channel: MessageChannel, address: string, body: string, verificationId: string, now: number): Promise<void> {
    await tx.query('INSERT INTO step_up_messages (channel, address, body, verification_id, sent_at) VALUES ($1, $2, $3, $4, $5)', [
      channel, address, body, verificationId, now,
    ]);
  },

  async last(sql: Sql, channel: MessageChannel, address: string): Promise<SentMessage | null> {
    const [row] = await sql.query<{ body: string; verification_id: string; sent_at: number }>(
      'SELECT body, verification_id, sent_at FROM step_up_messages WHERE channel = $1 AND address = $2 ORDER BY id DESC LIMIT 1',
      [channel, address],
    );
    return row ? { body: row.body, verificationId: row.verification_id, sentAt: row.sent_at } : null;
  },
};
