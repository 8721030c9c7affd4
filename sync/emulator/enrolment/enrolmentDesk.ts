import type { Database as SqliteDatabase } from 'better-sqlite3';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '../../protocol';
import type { EnrolRequest, EnrolResponse } from '../../protocol';

/** No 0/O, 1/I/L: codes are read aloud and typed. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface EnrolledDevice {
  deviceId: string;
  storeId: string;
  tillName: string;
}

export type EnrolOutcome =
  | { ok: true; response: EnrolResponse; deviceId: string }
  | { ok: false; problem: 'enrolment_code_invalid' | 'enrolment_code_used' | 'enrolment_code_expired' };

/** The code as the CRM stores it: upper-case, without spaces and dashes. */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One-time enrolment codes and the devices (tills) they turned into. Device tokens are kept hashed. */
export class EnrolmentDesk {
  private readonly s;

  constructor(
    private readonly db: SqliteDatabase,
    readonly store: { storeId: string; storeName: string },
  ) {
    this.s = {
      insertCode: db.prepare<[string, string, number, number]>('INSERT INTO enrolment_codes (code, store_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      code: db.prepare<[string], { store_id: string; expires_at: number; used_at: number | null }>('SELECT store_id, expires_at, used_at FROM enrolment_codes WHERE code = ?'),
      useCode: db.prepare<[number, string, string]>('UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code = ? AND used_at IS NULL'),
      insertDevice: db.prepare<[string, string, string, string, string | null, string | null, number]>(
        'INSERT INTO devices (device_id, token_sha256, store_id, till_name, app_version, platform, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      deviceByToken: db.prepare<[string], { device_id: string; store_id: string; till_name: string }>('SELECT device_id, store_id, till_name FROM devices WHERE token_sha256 = ?'),
      touchDevice: db.prepare<[number, string]>('UPDATE devices SET last_seen_at = ? WHERE device_id = ?'),
      deviceCount: db.prepare<[], number>('SELECT count(*) FROM devices').pluck(),
    };
  }

  /** A new one-time code (`XXXX-XXXX`), valid for `ttlSeconds`. */
  issueCode(now: number, ttlSeconds: number): { code: string; storeId: string; expiresAt: number } {
    let code = '';
    for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const expiresAt = now + ttlSeconds * 1000;
    this.s.insertCode.run(code, this.store.storeId, now, expiresAt);
    return { code: `${code.slice(0, 4)}-${code.slice(4)}`, storeId: this.store.storeId, expiresAt };
  }

  /** Consumes the code and creates the device in one transaction. */
  enrol(request: EnrolRequest, now: number): EnrolOutcome {
    return this.db.transaction((): EnrolOutcome => {
      const code = normaliseEnrolmentCode(request.code);
      const row = this.s.code.get(code);
      if (!row) return { ok: false, problem: 'enrolment_code_invalid' };
      if (row.used_at !== null) return { ok: false, problem: 'enrolment_code_used' };
      if (row.expires_at <= now) return { ok: false, problem: 'enrolment_code_expired' };
      const deviceId = `dev_${randomUUID()}`;
      const token = randomBytes(32).toString('base64url');
      this.s.useCode.run(now, deviceId, code);
      this.s.insertDevice.run(deviceId, sha256(token), row.store_id, request.tillName, request.appVersion ?? null, request.platform ?? null, now);
      return {
        ok: true,
        deviceId,
        response: { deviceId, storeId: row.store_id, storeName: this.store.storeName, credentials: { token }, protocolVersion: PROTOCOL_VERSION },
      };
    })();
  }

  /** The device a bearer token belongs to, or null. */
  authenticate(token: string, now: number): EnrolledDevice | null {
    const row = this.s.deviceByToken.get(sha256(token));
    if (!row) return null;
    this.s.touchDevice.run(now, row.device_id);
    return { deviceId: row.device_id, storeId: row.store_id, tillName: row.till_name };
  }

  deviceCount(): number {
    return this.s.deviceCount.get() ?? 0;
  }
}
