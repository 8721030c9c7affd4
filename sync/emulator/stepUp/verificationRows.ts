import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { BankIdOrderStatus, StepUpMethod, StepUpStatus } from '../../protocol';

/** A row of step_up_verifications. */
export interface VerificationRow {
  verification_id: string;
  device_id: string;
  profile_id: string;
  profile_seq: number | null;
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
}

/** What can change on a verification after it started. */
export interface VerificationChange {
  status: StepUpStatus;
  finishedAt: number | null;
  triesLeft: number | null;
  bankIdStatus: BankIdOrderStatus | null;
  hintCode: string | null;
}

/** Reads and writes of step_up_verifications. Callers own transactions. */
export class VerificationRows {
  private readonly s;

  constructor(db: SqliteDatabase) {
    this.s = {
      insert: db.prepare<[VerificationRow]>(
        `INSERT INTO step_up_verifications (verification_id, device_id, profile_id, profile_seq, method, status, created_at, expires_at,
           finished_at, code_digest, tries_left, link_token, order_ref, qr_start_token, qr_start_secret, bankid_status, hint_code)
         VALUES (@verification_id, @device_id, @profile_id, @profile_seq, @method, @status, @created_at, @expires_at,
           @finished_at, @code_digest, @tries_left, @link_token, @order_ref, @qr_start_token, @qr_start_secret, @bankid_status, @hint_code)`,
      ),
      byId: db.prepare<[string], VerificationRow>('SELECT * FROM step_up_verifications WHERE verification_id = ?'),
      byLink: db.prepare<[string], VerificationRow>('SELECT * FROM step_up_verifications WHERE link_token = ?'),
      byOrder: db.prepare<[string], VerificationRow>('SELECT * FROM step_up_verifications WHERE order_ref = ?'),
      update: db.prepare<[{ id: string; status: string; finishedAt: number | null; triesLeft: number | null; bankIdStatus: string | null; hintCode: string | null }]>(
        `UPDATE step_up_verifications SET status = @status, finished_at = @finishedAt, tries_left = @triesLeft,
           bankid_status = @bankIdStatus, hint_code = @hintCode WHERE verification_id = @id`,
      ),
    };
  }

  insert(row: VerificationRow): void {
    this.s.insert.run(row);
  }

  byId(id: string): VerificationRow | null {
    return this.s.byId.get(id) ?? null;
  }

  byLinkToken(token: string): VerificationRow | null {
    return this.s.byLink.get(token) ?? null;
  }

  byOrderRef(orderRef: string): VerificationRow | null {
    return this.s.byOrder.get(orderRef) ?? null;
  }

  /** Writes the change and returns the row as it now is. */
  update(row: VerificationRow, change: VerificationChange): VerificationRow {
    this.s.update.run({ id: row.verification_id, ...change });
    return {
      ...row,
      status: change.status,
      finished_at: change.finishedAt,
      tries_left: change.triesLeft,
      bankid_status: change.bankIdStatus,
      hint_code: change.hintCode,
    };
  }
}

export function changeOf(row: VerificationRow): VerificationChange {
  return { status: row.status, finishedAt: row.finished_at, triesLeft: row.tries_left, bankIdStatus: row.bankid_status, hintCode: row.hint_code };
}
