import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { HubDatabase } from '../db/sql';
import { normaliseEnrolmentCode } from '../tills/enrolmentDesk';

/** No 0/O, 1/I/L: a code is read out over the phone and typed. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** A store manager's session lasts a working day. */
export const STORE_SESSION_MS = 12 * 3_600_000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type StoreSignIn = { ok: true; token: string; storeId: string; expiresAt: number } | { ok: false };

/**
 * One-time codes the retailer admin makes for a store manager, and the sessions they become. A session sees one
 * store: the fleet route asks this desk which, so the scope holds whatever page or script calls it.
 */
export class StoreManagerDesk {
  constructor(private readonly db: HubDatabase) {}

  async issueCode(storeId: string, now: number, ttlSeconds: number): Promise<{ code: string; storeId: string; expiresAt: number }> {
    let code = '';
    for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const expiresAt = now + ttlSeconds * 1000;
    await this.db.query('INSERT INTO store_manager_codes (code_sha256, store_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [sha256(code), storeId, now, expiresAt]);
    return { code: `${code.slice(0, 4)}-${code.slice(4)}`, storeId, expiresAt };
  }

  /** Consumes the code (once, even when two sign-ins race) and opens a session for its store. */
  async signIn(code: string, now: number): Promise<StoreSignIn> {
    return this.db.transaction(async (tx): Promise<StoreSignIn> => {
      const [row] = await tx.query<{ store_id: string }>(
        'UPDATE store_manager_codes SET used_at = $2 WHERE code_sha256 = $1 AND used_at IS NULL AND expires_at > $2 RETURNING store_id',
        [sha256(normaliseEnrolmentCode(code)), now],
      );
      if (!row) return { ok: false };
      const token = `smg_${randomBytes(24).toString('base64url')}`;
      const expiresAt = now + STORE_SESSION_MS;
      await tx.query('INSERT INTO store_manager_sessions (token_sha256, store_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [sha256(token), row.store_id, now, expiresAt]);
      return { ok: true, token, storeId: row.store_id, expiresAt };
    });
  }

  /** The store a live session token may see, or null. */
  async storeOf(token: string, now: number): Promise<string | null> {
    const [row] = await this.db.query<{ store_id: string }>('SELECT store_id FROM store_manager_sessions WHERE token_sha256 = $1 AND expires_at > $2', [sha256(token), now]);
    return row?.store_id ?? null;
  }
}
