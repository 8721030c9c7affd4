import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Sql } from '../db/sql';
import { MEMBER_QR_MAX_LIFETIME_SECONDS, MEMBER_QR_PREFIX } from '../../sync/protocol';
import type { MemberQrKey, MemberQrPayload } from '../../sync/protocol';

interface KeyRow {
  kid: string;
  public_key: string;
  not_before: number;
  not_after: number | null;
  revoked: boolean;
}

/**
 * The hub's Ed25519 keys for member QR tokens. Made once per database; private keys never leave the hub (tills get
 * the public keys in bootstrap pages and `keys` changes).
 */
export class MemberQrKeyring {
  constructor(private readonly kidPrefix: string) {}

  /** Makes the first signing key if there is none (inside a write transaction: two hubs starting make one). */
  async ensureKey(tx: Sql, now: number): Promise<void> {
    const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM member_qr_keys');
    if ((row?.n ?? 0) > 0) return;
    await this.addSigningKey(tx, now);
  }

  /**
   * A new signing key from now on; the previous one verifies for `graceSeconds` more, or is revoked at once. Inside a
   * write transaction, with the `keys` change the caller appends.
   */
  async rotate(tx: Sql, now: number, options: { revokePrevious: boolean; graceSeconds: number }): Promise<void> {
    await tx.query('UPDATE member_qr_keys SET signing = false, not_after = $1, revoked = $2 WHERE signing', [now + options.graceSeconds * 1000, options.revokePrevious]);
    await this.addSigningKey(tx, now);
  }

  /** A member QR token for `profileId`, valid from now for `ttlSeconds` (at most the protocol's lifetime). */
  async sign(sql: Sql, profileId: string, now: number, ttlSeconds: number): Promise<{ token: string; kid: string; profileId: string; iat: number; exp: number }> {
    const [key] = await sql.query<{ kid: string; private_key_pkcs8: string }>('SELECT kid, private_key_pkcs8 FROM member_qr_keys WHERE signing');
    if (!key) throw new Error('no signing key');
    const iat = Math.floor(now / 1000);
    const payload: MemberQrPayload = { kid: key.kid, sub: profileId, iat, exp: iat + Math.min(ttlSeconds, MEMBER_QR_MAX_LIFETIME_SECONDS), nonce: randomBytes(12).toString('base64url') };
    const signed = `${MEMBER_QR_PREFIX}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
    const privateKey = createPrivateKey({ key: Buffer.from(key.private_key_pkcs8, 'base64'), format: 'der', type: 'pkcs8' });
    const signature = sign(null, Buffer.from(signed, 'ascii'), privateKey).toString('base64url');
    return { token: `${signed}.${signature}`, kid: key.kid, profileId, iat: payload.iat, exp: payload.exp };
  }

  private async addSigningKey(tx: Sql, now: number): Promise<void> {
    const [count] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM member_qr_keys');
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x;
    if (typeof raw !== 'string') throw new Error('Ed25519 key without x');
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    // Whole seconds: a token's iat is in seconds, and one signed in the key's first second must verify.
    await tx.query(
      'INSERT INTO member_qr_keys (kid, public_key, private_key_pkcs8, not_before, not_after, revoked, signing, created_at) VALUES ($1, $2, $3, $4, NULL, false, true, $5)',
      [`${this.kidPrefix}-${(count?.n ?? 0) + 1}`, raw, pkcs8, Math.floor(now / 1000) * 1000, now],
    );
  }

  /**
   * The public key `kid` if it verifies tokens at `now`: one of this hub's (so this retailer's), not revoked, and the
   * signing key or one rotated out whose grace has not ended. Null otherwise.
   */
  async verifyingKey(sql: Sql, kid: string, now: number): Promise<{ key: KeyObject; notBefore: number } | null> {
    const [row] = await sql.query<KeyRow>('SELECT kid, public_key, not_before, not_after, revoked FROM member_qr_keys WHERE kid = $1', [kid]);
    if (!row || row.revoked || (row.not_after !== null && Number(row.not_after) < now)) return null;
    return { key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: row.public_key }, format: 'jwk' }), notBefore: Number(row.not_before) };
  }

  async publicKeys(sql: Sql): Promise<MemberQrKey[]> {
    const rows = await sql.query<KeyRow>('SELECT kid, public_key, not_before, not_after, revoked FROM member_qr_keys ORDER BY not_before, kid');
    return rows.map((k) => ({ kid: k.kid, alg: 'Ed25519' as const, publicKey: k.public_key, notBefore: k.not_before, notAfter: k.not_after, revoked: k.revoked }));
  }
}
