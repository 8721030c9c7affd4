import type { Sql } from '../db/sql';
import type { BankIdOrderStatus, StepUpMethod, StepUpStatus } from '../../sync/protocol';

/** A row of step_up_orders. */
export interface StepUpOrderRow {
  verification_id: string;
  till_id: string;
  profile_id: string;
  resolved_profile_id: string | null;
  method: StepUpMethod;
  status: StepUpStatus;
  created_at: number;
  expires_at: number;
  finished_at: number | null;
  code_digest: string | null;
  tries_left: number | null;
  link_token: string | null;
  order_ref: string | null;
  qr_start_token: string | null;
  qr_start_secret: string | null;
  bankid_status: BankIdOrderStatus | null;
  hint_code: string | null;
  /** When the hub last called BankID's /collect for this order (a real BankID order only). */
  collected_at: number | null;
}

/** What can change on an order after it started. */
export interface StepUpOrderChange {
  status: StepUpStatus;
  finishedAt: number | null;
  triesLeft: number | null;
  bankIdStatus: BankIdOrderStatus | null;
  hintCode: string | null;
}

export function changeOf(row: StepUpOrderRow): StepUpOrderChange {
  return { status: row.status, finishedAt: row.finished_at, triesLeft: row.tries_left, bankIdStatus: row.bankid_status, hintCode: row.hint_code };
}

const COLUMNS = [
  'verification_id', 'till_id', 'profile_id', 'resolved_profile_id', 'method', 'status', 'created_at', 'expires_at', 'finished_at', 'code_digest',
  'tries_left', 'link_token', 'order_ref', 'qr_start_token', 'qr_start_secret', 'bankid_status', 'hint_code', 'collected_at',
] as const satisfies readonly (keyof StepUpOrderRow)[];

/** Reads and writes of step_up_orders. Reads lock the row (FOR UPDATE), but `find`: callers hold a transaction. */
export const stepUpOrders = {
  async insert(tx: Sql, row: StepUpOrderRow): Promise<void> {
    await tx.query(
      `INSERT INTO step_up_orders (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
      COLUMNS.map((c) => row[c]),
    );
  },

  async lockedBy(tx: Sql, column: 'verification_id' | 'link_token' | 'order_ref', value: string): Promise<StepUpOrderRow | null> {
    const [row] = await tx.query<StepUpOrderRow>(`SELECT * FROM step_up_orders WHERE ${column} = $1 FOR UPDATE`, [value]);
    return row ?? null;
  },

  /**
   * The order as it is, unlocked: a redemption's proof (promotions/stepUpProof.ts), read inside the write lock, where it
   * should not wait for a step-up's transaction on the row; a finished order no longer changes.
   */
  async find(tx: Sql, verificationId: string): Promise<StepUpOrderRow | null> {
    const [row] = await tx.query<StepUpOrderRow>('SELECT * FROM step_up_orders WHERE verification_id = $1', [verificationId]);
    return row ?? null;
  },

  async latestBankIdOrder(tx: Sql, profileRef: string): Promise<StepUpOrderRow | null> {
    const [row] = await tx.query<StepUpOrderRow>(
      "SELECT * FROM step_up_orders WHERE profile_id = $1 AND method = 'bankid' ORDER BY created_at DESC, verification_id DESC LIMIT 1 FOR UPDATE",
      [profileRef],
    );
    return row ?? null;
  },

  /**
   * Claims the next /collect of a pending order: true when no collect was claimed in the last `intervalMs`, so one
   * poll (of any hub process) collects and the others read what it wrote.
   */
  async claimCollect(tx: Sql, verificationId: string, now: number, intervalMs: number): Promise<boolean> {
    const rows = await tx.query(
      "UPDATE step_up_orders SET collected_at = $2 WHERE verification_id = $1 AND status = 'pending' AND (collected_at IS NULL OR collected_at <= $3) RETURNING verification_id",
      [verificationId, now, now - intervalMs],
    );
    return rows.length === 1;
  },

  /** Writes the change and returns the row as it now is. */
  async update(tx: Sql, row: StepUpOrderRow, change: StepUpOrderChange): Promise<StepUpOrderRow> {
    await tx.query('UPDATE step_up_orders SET status = $2, finished_at = $3, tries_left = $4, bankid_status = $5, hint_code = $6 WHERE verification_id = $1', [
      row.verification_id, change.status, change.finishedAt, change.triesLeft, change.bankIdStatus, change.hintCode,
    ]);
    return { ...row, status: change.status, finished_at: change.finishedAt, tries_left: change.triesLeft, bankid_status: change.bankIdStatus, hint_code: change.hintCode };
  },
};
