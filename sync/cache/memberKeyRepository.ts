import type { Database, Statement } from 'better-sqlite3';
import type { MemberKey } from './types';

interface MemberKeyRow {
  kid: string;
  public_key: string;
  not_after: number | null;
}

/** Public keys that verify member QR tokens, by key id, as the CRM publishes them (rotation = a new set). */
export class MemberKeyRepository {
  private readonly select: Statement;
  private readonly selectAll: Statement;
  private readonly upsertKey: Statement;
  private readonly deleteKey: Statement;
  private readonly deleteAll: Statement;

  constructor(private readonly db: Database) {
    this.select = db.prepare('SELECT * FROM member_keys WHERE kid = ?');
    this.selectAll = db.prepare('SELECT * FROM member_keys ORDER BY kid');
    this.upsertKey = db.prepare(
      `INSERT INTO member_keys (kid, public_key, not_after) VALUES (@kid, @publicKey, @notAfter)
       ON CONFLICT (kid) DO UPDATE SET public_key = excluded.public_key, not_after = excluded.not_after`,
    );
    this.deleteKey = db.prepare('DELETE FROM member_keys WHERE kid = ?');
    this.deleteAll = db.prepare('DELETE FROM member_keys');
  }

  find(kid: string): MemberKey | undefined {
    const row = this.select.get(kid) as MemberKeyRow | undefined;
    return row ? keyFromRow(row) : undefined;
  }

  list(): MemberKey[] {
    return (this.selectAll.all() as MemberKeyRow[]).map(keyFromRow);
  }

  upsert(key: MemberKey): void {
    this.upsertKey.run(key);
  }

  remove(kid: string): boolean {
    return this.deleteKey.run(kid).changes > 0;
  }

  /** The CRM's current key set replaces the stored one, atomically (a key left out is retired). */
  replaceAll(keys: readonly MemberKey[]): void {
    this.db.transaction(() => {
      this.deleteAll.run();
      for (const key of keys) this.upsertKey.run(key);
    })();
  }
}

function keyFromRow(row: MemberKeyRow): MemberKey {
  return { kid: row.kid, publicKey: row.public_key, notAfter: row.not_after };
}
