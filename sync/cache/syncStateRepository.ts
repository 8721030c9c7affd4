import type { Database, Statement } from 'better-sqlite3';

/**
 * Small named values the sync engine keeps with the cache (cursor, bootstrap page token, last pull/push times,
 * which credential file to use), so they commit in the same transaction as the data they describe.
 * Keys are the sync engine's to name; `cache.` is reserved for this folder.
 */
export class SyncStateRepository {
  private readonly select: Statement;
  private readonly upsert: Statement;
  private readonly remove: Statement;
  private readonly selectPrefix: Statement;

  constructor(private readonly db: Database) {
    this.select = db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck();
    this.upsert = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM sync_state WHERE key = ?');
    this.selectPrefix = db.prepare('SELECT key, value FROM sync_state WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key');
  }

  get(key: string): string | undefined {
    return this.select.get(key) as string | undefined;
  }

  set(key: string, value: string): void {
    this.upsert.run(key, value);
  }

  /** Sets several keys in one transaction. */
  setMany(values: Readonly<Record<string, string>>): void {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values)) this.upsert.run(key, value);
    })();
  }

  delete(key: string): boolean {
    return this.remove.run(key).changes > 0;
  }

  /** Every key starting with `prefix`, in key order. */
  entries(prefix = ''): Array<[string, string]> {
    return (this.selectPrefix.all({ prefix }) as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]);
  }
}
