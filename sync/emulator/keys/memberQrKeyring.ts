import type { Database as SqliteDatabase } from 'better-sqlite3';
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { MEMBER_QR_MAX_LIFETIME_SECONDS, MEMBER_QR_PREFIX } from '../../protocol';
import type { MemberQrKey, MemberQrPayload } from '../../protocol';

interface KeyRow {
  kid: string;
  public_key: string;
  private_key_pkcs8: string;
  not_before: number;
  not_after: number | null;
  revoked: number;
  signing: number;
}

export interface SignedMemberQr {
  token: string;
  kid: string;
  profileId: string;
  iat: number;
  exp: number;
}

/** How long the previous key keeps verifying after a rotation, unless revoked: longer than any token lives. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 3600;

/**
 * The CRM's Ed25519 keys for member QR tokens, one of them signing. Generated per data directory;
 * private keys never leave the emulator (the till gets public keys only).
 */
export class MemberQrKeyring {
  private readonly s;

  constructor(
    db: SqliteDatabase,
    private readonly kidPrefix: string,
  ) {
    this.s = {
      all: db.prepare<[], KeyRow>('SELECT * FROM member_qr_keys ORDER BY not_before, kid'),
      signing: db.prepare<[], KeyRow>('SELECT * FROM member_qr_keys WHERE signing = 1'),
      count: db.prepare<[], number>('SELECT count(*) FROM member_qr_keys').pluck(),
      insert: db.prepare<[string, string, string, number, number]>(
        'INSERT INTO member_qr_keys (kid, public_key, private_key_pkcs8, not_before, not_after, revoked, signing, created_at) VALUES (?, ?, ?, ?, NULL, 0, 1, ?)',
      ),
      retire: db.prepare<[number, number, string]>('UPDATE member_qr_keys SET signing = 0, not_after = ?, revoked = ? WHERE kid = ?'),
    };
  }

  /** Makes the first key if there is none. Returns true when it did. */
  ensureKey(now: number): boolean {
    if ((this.s.count.get() ?? 0) > 0) return false;
    this.addSigningKey(now);
    return true;
  }

  publicKeys(): MemberQrKey[] {
    return this.s.all.all().map((k) => ({
      kid: k.kid,
      alg: 'Ed25519' as const,
      publicKey: k.public_key,
      notBefore: k.not_before,
      notAfter: k.not_after,
      revoked: k.revoked === 1,
    }));
  }

  /** A new signing key from now on; the previous one verifies for `graceSeconds` more, or is revoked at once. */
  rotate(now: number, options: { revokePrevious: boolean; graceSeconds: number }): void {
    const previous = this.s.signing.get();
    if (previous) this.s.retire.run(now + options.graceSeconds * 1000, options.revokePrevious ? 1 : 0, previous.kid);
    this.addSigningKey(now);
  }

  /** A member QR token for `profileId`, valid from now for `ttlSeconds` (≤ 300). */
  sign(profileId: string, now: number, ttlSeconds: number): SignedMemberQr {
    const key = this.s.signing.get();
    if (!key) throw new Error('no signing key');
    const iat = Math.floor(now / 1000);
    const payload: MemberQrPayload = {
      kid: key.kid,
      sub: profileId,
      iat,
      exp: iat + Math.min(ttlSeconds, MEMBER_QR_MAX_LIFETIME_SECONDS),
      nonce: randomBytes(12).toString('base64url'),
    };
    const signed = `${MEMBER_QR_PREFIX}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
    const privateKey = createPrivateKey({ key: Buffer.from(key.private_key_pkcs8, 'base64'), format: 'der', type: 'pkcs8' });
    const signature = sign(null, Buffer.from(signed, 'ascii'), privateKey).toString('base64url');
    return { token: `${signed}.${signature}`, kid: key.kid, profileId, iat: payload.iat, exp: payload.exp };
  }

  private addSigningKey(now: number): void {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x;
    if (typeof raw !== 'string') throw new Error('Ed25519 key without x');
    const kid = `${this.kidPrefix}-${(this.s.count.get() ?? 0) + 1}`;
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    // Whole seconds: a token's iat is in seconds, and one signed in the key's first second must verify.
    this.s.insert.run(kid, raw, pkcs8, Math.floor(now / 1000) * 1000, now);
  }
}
