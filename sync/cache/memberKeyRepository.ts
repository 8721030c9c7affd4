import type { Database, Statement } from 'better-sqlite3';
import type { MemberKey } from './types';

interface MemberKeyRow {
  kid: string;
  public_key: string;
  not_after: number | null;
}

/**
 * Public keys that verify member QR tokens, by key id, as the CRM publishes them (rotation = a new set).
 *
 * `find` runs on every member QR scan, beside the signature whose cost plus a few µs is the target
 * (docs/performance.md); a SELECT there cost more than the rest of the check. So the keys (a handful) are read once
 * into memory and read again after any write through a MemberKeyRepository, the only writer of `member_keys`. The
 * memory is one per database connection, shared by every repository on it: the sync engine writes a rotated key set
 * through its own repository, and the till's scans must see it at once.
 * Inside a transaction `find` reads the table and keeps nothing, since a rollback could undo what it saw.
 */
export class MemberKeyRepository {
  /** The keys in memory, per connection; absent until read, and again after a write. */
  private static readonly loaded = new WeakMap<Database, Map<string, MemberKey>>();
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
    let byKid = MemberKeyRepository.loaded.get(this.db);
    if (byKid === undefined) {
      if (this.db.inTransaction) {
        const row = this.select.get(kid) as MemberKeyRow | undefined;
        return row ? keyFromRow(row) : undefined;
      }
      byKid = new Map(this.list().map((key) => [key.kid, key]));
      MemberKeyRepository.loaded.set(this.db, byKid);
    }
    return byKid.get(kid);
  }

  /** Whatever is in memory is stale: the next `find` outside a transaction reads the table again. */
  private forget(): void {
    MemberKeyRepository.loaded.delete(this.db);
  }

  list(): MemberKey[] {
    return (this.selectAll.all() as MemberKeyRow[]).map(keyFromRow);
  }

  upsert(key: MemberKey): void {
    this.forget();
    this.upsertKey.run(key);
  }

  remove(kid: string): boolean {
    this.forget();
    return this.deleteKey.run(kid).changes > 0;
  }

  /** The CRM's current key set replaces the stored one, atomically (a key left out is retired). */
  replaceAll(keys: readonly MemberKey[]): void {
    this.forget();
    this.db.transaction(() => {
      this.deleteAll.run();
      for (const key of keys) this.upsertKey.run(key);
    })();
  }
}

function keyFromRow(row: MemberKeyRow): MemberKey {
  return { kid: row.kid, publicKey: row.public_key, notAfter: row.not_after };
}
