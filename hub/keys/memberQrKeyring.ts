import { generateKeyPairSync } from 'node:crypto';
import type { Sql } from '../db/sql';
import type { MemberQrKey } from '../../sync/protocol';

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
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x;
    if (typeof raw !== 'string') throw new Error('Ed25519 key without x');
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    // Whole seconds: a token's iat is in seconds, and one signed in the key's first second must verify.
    await tx.query(
      'INSERT INTO member_qr_keys (kid, public_key, private_key_pkcs8, not_before, not_after, revoked, signing, created_at) VALUES ($1, $2, $3, $4, NULL, false, true, $5)',
      [`${this.kidPrefix}-1`, raw, pkcs8, Math.floor(now / 1000) * 1000, now],
    );
  }

  async publicKeys(sql: Sql): Promise<MemberQrKey[]> {
    const rows = await sql.query<KeyRow>('SELECT kid, public_key, not_before, not_after, revoked FROM member_qr_keys ORDER BY not_before, kid');
    return rows.map((k) => ({ kid: k.kid, alg: 'Ed25519' as const, publicKey: k.public_key, notBefore: k.not_before, notAfter: k.not_after, revoked: k.revoked }));
  }
}
