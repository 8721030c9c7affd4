import type { Database, Statement } from 'better-sqlite3';
import os from 'node:os';
import type { Logger } from 'pino';
import { truncateWal } from './durability';
import { IDENTIFIER_HASH_BYTES } from './identifierHasher';
import { IdentifierHashPool } from './identifierHashPool';
import { identifierKindCode } from './identifierKindCode';
import type { ConsentDecision } from './consentRepository';
import type { ClearIdentifier, IdentifierKind, Profile } from './types';

/** One profile of a bootstrap page, as the CRM sent it. */
export interface BootstrapRow {
  profile: Profile;
  identifiers: readonly ClearIdentifier[];
  sourceVersion?: number | null;
  consents?: readonly ConsentDecision[];
}

export interface BootstrapPageResult {
  profiles: number;
  identifiers: number;
}

export interface BootstrapLoaderOptions {
  logger?: Logger;
  now?: () => number;
  /** SQLite page cache during the load, KiB (default 64 MiB; the normal size is restored by finish/close). */
  loadCacheSizeKiB?: number;
}

/** sync_state key holding the index definitions dropped by begin(); present while a bootstrap is under way. */
const DROPPED_INDEXES_KEY = 'cache.bootstrap.droppedIndexes';
const BULK_TABLES = ['profiles', 'identifiers'];
const PROFILE_COLUMNS = 10;
const PROFILES_PER_STATEMENT = 50;
const IDENTIFIERS_PER_STATEMENT = 100;
const SORT_CACHE_KIB = 8 * 1024;

interface IndexDefinition {
  name: string;
  sql: string;
}

/**
 * The first full copy of the CRM's members, loaded page by page at bulk speed and resumable after a crash.
 *
 *   begin()                  drops the secondary indexes of profiles/identifiers (remembered in sync_state) and,
 *                            for a new bootstrap, removes the CRM's profiles (a till's own unsynced sign-ups,
 *                            receipts and the outbox are kept). Calling it again after a crash resumes instead,
 *                            unless called with { restart: true }.
 *   loadPage(rows, state?)   hashes the identifiers on a worker thread, then inserts the page and writes `state`
 *                            (the sync engine's page token) to sync_state in ONE transaction. Pages commit in call
 *                            order, so a caller may start hashing page N+1 before page N has committed.
 *   finish()                 rebuilds the indexes (resolving duplicates a replayed page may have left), runs ANALYZE
 *                            and clears the marker, in one transaction. Idempotent.
 *
 * Why: inserting into tables without their indexes and building each index once, sorted, is several times faster
 * than keeping a random-order index (hashes) up to date row by row. While a bootstrap is under way lookups still
 * answer correctly, but by scanning: the till is not expected to serve customers mid-bootstrap.
 */
export class BootstrapLoader {
  private readonly now: () => number;
  private readonly syncGet: Statement;
  private readonly syncSet: Statement;
  private readonly syncDelete: Statement;
  private readonly maxPk: Statement;
  private readonly insertProfiles: Statement;
  private readonly insertProfile: Statement;
  private readonly insertIdentifiers: Statement;
  private readonly insertIdentifier: Statement;
  private readonly insertConsent: Statement;
  private readonly commit: (rows: readonly BootstrapRow[], hashes: Buffer, state: Readonly<Record<string, string>>) => BootstrapPageResult;
  private readonly normalCacheSize: number;
  private pool: IdentifierHashPool | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private failure: unknown = null;
  private active = false;

  constructor(
    private readonly db: Database,
    private readonly hashKey: Buffer,
    private readonly options: BootstrapLoaderOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.normalCacheSize = db.pragma('cache_size', { simple: true }) as number;
    this.syncGet = db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck();
    this.syncSet = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.syncDelete = db.prepare('DELETE FROM sync_state WHERE key = ?');
    this.maxPk = db.prepare('SELECT coalesce(max(pk), 0) FROM profiles').pluck();
    const profileInsert = (n: number): Statement =>
      db.prepare(
        `INSERT INTO profiles (pk, id, first_name, display_name, tier, points_balance, points_as_of, status, updated_at, source_version)
         VALUES ${placeholders(n, PROFILE_COLUMNS)}`,
      );
    const identifierInsert = (n: number): Statement => db.prepare(`INSERT INTO identifiers (hash, kind, profile_pk) VALUES ${placeholders(n, 3)}`);
    // Many rows per statement: the per-call cost of crossing into SQLite dominates a bulk insert otherwise.
    this.insertProfiles = profileInsert(PROFILES_PER_STATEMENT);
    this.insertProfile = profileInsert(1);
    this.insertIdentifiers = identifierInsert(IDENTIFIERS_PER_STATEMENT);
    this.insertIdentifier = identifierInsert(1);
    this.insertConsent = db.prepare(
      `INSERT INTO consents (profile_id, purpose, granted, at, source) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (profile_id, purpose) DO UPDATE SET granted = excluded.granted, at = excluded.at, source = excluded.source WHERE excluded.at >= consents.at`,
    );
    this.commit = db.transaction((rows: readonly BootstrapRow[], hashes: Buffer, state: Readonly<Record<string, string>>) =>
      this.insertPage(rows, hashes, state),
    ).immediate;
  }

  /** Whether a bootstrap was begun and not finished (by this process or one that crashed). */
  static inProgress(db: Database): boolean {
    return db.prepare('SELECT 1 FROM sync_state WHERE key = ?').get(DROPPED_INDEXES_KEY) !== undefined;
  }

  /**
   * Starts a bootstrap, or resumes the one a crash interrupted (`resumed: true`: keep the stored page token).
   * `restart: true` throws away an interrupted copy and starts again (no index rebuild in between).
   */
  begin(options: { restart?: boolean } = {}): { resumed: boolean } {
    const resumed = this.db
      .transaction(() => {
        const saved = this.syncGet.get(DROPPED_INDEXES_KEY) as string | undefined;
        if (saved !== undefined) {
          for (const index of JSON.parse(saved) as IndexDefinition[]) this.db.exec(`DROP INDEX IF EXISTS "${index.name}"`);
          if (!options.restart) return true;
          this.removeCrmProfiles();
          return false;
        }
        const indexes = this.db
          .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')})`)
          .all(...BULK_TABLES) as IndexDefinition[];
        this.syncSet.run(DROPPED_INDEXES_KEY, JSON.stringify(indexes));
        for (const index of indexes) this.db.exec(`DROP INDEX "${index.name}"`);
        this.removeCrmProfiles();
        return false;
      })
      .immediate();
    this.db.pragma(`cache_size = -${Math.trunc(this.options.loadCacheSizeKiB ?? 64 * 1024)}`);
    this.pool ??= new IdentifierHashPool(this.hashKey, this.options.logger);
    this.failure = null;
    this.active = true;
    this.options.logger?.info({ resumed }, 'cache bootstrap begun');
    return { resumed };
  }

  /**
   * Loads one page: its profiles, hashed identifiers and `state` (sync_state keys, e.g. the next page token) commit
   * together. After a failed page every later call rejects: pages never commit out of order.
   */
  loadPage(rows: readonly BootstrapRow[], state: Readonly<Record<string, string>> = {}): Promise<BootstrapPageResult> {
    if (!this.active || !this.pool) return Promise.reject(new Error('BootstrapLoader.begin() must be called before loadPage()'));
    if (this.failure !== null) return Promise.reject(new Error('an earlier bootstrap page failed; begin() again to resume'));
    const inputs: Array<[IdentifierKind, string]> = [];
    for (const row of rows) for (const identifier of row.identifiers) inputs.push([identifier.kind, identifier.value]);
    const hashing = this.pool.hash(inputs);
    const page = this.tail.then(async () => {
      if (this.failure !== null) throw new Error('an earlier bootstrap page failed; begin() again to resume');
      const hashes = await hashing;
      try {
        return this.commit(rows, hashes, state);
      } catch (error) {
        this.failure = error;
        throw error;
      }
    });
    this.tail = page.catch(() => undefined);
    return page;
  }

  /** Rebuilds the indexes, analyses, and ends the bootstrap. Safe to call again, or after a crash. */
  async finish(): Promise<void> {
    await this.tail;
    await this.stopHashing();
    this.active = false;
    // Index builds sort fastest in small runs merged by SQLite's sorter threads (measured: the 2M-hash index builds
    // in 1.3 s this way against 2.9 s in one big in-memory sort); ANALYZE samples instead of reading every row.
    this.db.pragma(`cache_size = -${SORT_CACHE_KIB}`);
    this.db.pragma(`threads = ${Math.min(2, os.availableParallelism())}`);
    this.db.pragma('analysis_limit = 1000');
    const rebuilt = this.db
      .transaction(() => {
        const saved = this.syncGet.get(DROPPED_INDEXES_KEY) as string | undefined;
        if (saved === undefined) return false;
        for (const index of JSON.parse(saved) as IndexDefinition[]) this.createIndex(index);
        for (const table of BULK_TABLES) this.db.exec(`ANALYZE "${table}"`);
        this.syncDelete.run(DROPPED_INDEXES_KEY);
        return true;
      })
      .immediate();
    this.db.pragma('threads = 0');
    this.db.pragma(`cache_size = ${this.normalCacheSize}`);
    if (rebuilt) {
      truncateWal(this.db);
      this.options.logger?.info('cache bootstrap finished');
    }
  }

  /** Stops without finishing (shutdown mid-bootstrap): the marker stays, and begin() resumes next time. */
  async close(): Promise<void> {
    await this.tail;
    await this.stopHashing();
    this.active = false;
    if (this.db.open) this.db.pragma(`cache_size = ${this.normalCacheSize}`);
  }

  private async stopHashing(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  /** A new bootstrap replaces what the CRM sent before; the till's own unsynced sign-ups stay. */
  private removeCrmProfiles(): void {
    const pending = this.db.prepare(`SELECT count(*) FROM profiles WHERE status = 'pending_sync'`).pluck().get() as number;
    this.db.exec(`DELETE FROM consents WHERE profile_id NOT IN (SELECT id FROM profiles WHERE status = 'pending_sync')`);
    if (pending === 0) {
      // Without a WHERE clause SQLite drops the tables' pages wholesale.
      this.db.exec('DELETE FROM identifiers; DELETE FROM profiles;');
      return;
    }
    this.db.exec(`
      DELETE FROM identifiers WHERE profile_pk IN (SELECT pk FROM profiles WHERE status = 'active');
      DELETE FROM profiles WHERE status = 'active';
    `);
  }

  private insertPage(rows: readonly BootstrapRow[], hashes: Buffer, state: Readonly<Record<string, string>>): BootstrapPageResult {
    const updatedAt = this.now();
    let pk = this.maxPk.get() as number;
    const profileParams: unknown[] = [];
    const identifierParams: unknown[] = [];
    let profilesInBatch = 0;
    let identifiersInBatch = 0;
    let hashAt = 0;
    let identifiers = 0;
    for (const row of rows) {
      pk++;
      const p = row.profile;
      profileParams.push(pk, p.id, p.firstName, p.displayName, p.tier, p.pointsBalance, p.pointsAsOf, p.status, updatedAt, row.sourceVersion ?? null);
      if (++profilesInBatch === PROFILES_PER_STATEMENT) {
        this.insertProfiles.run(profileParams);
        profileParams.length = 0;
        profilesInBatch = 0;
      }
      for (const identifier of row.identifiers) {
        identifierParams.push(hashes.subarray(hashAt, hashAt + IDENTIFIER_HASH_BYTES), identifierKindCode(identifier.kind), pk);
        hashAt += IDENTIFIER_HASH_BYTES;
        identifiers++;
        if (++identifiersInBatch === IDENTIFIERS_PER_STATEMENT) {
          this.insertIdentifiers.run(identifierParams);
          identifierParams.length = 0;
          identifiersInBatch = 0;
        }
      }
      if (row.consents) {
        for (const c of row.consents) this.insertConsent.run(p.id, c.purpose, c.granted ? 1 : 0, c.at, c.source);
      }
    }
    if (hashAt !== hashes.length) throw new Error('bootstrap page: hash count does not match the identifiers');
    for (let i = 0; i < profilesInBatch; i++) this.insertProfile.run(profileParams.slice(i * PROFILE_COLUMNS, (i + 1) * PROFILE_COLUMNS));
    for (let i = 0; i < identifiersInBatch; i++) this.insertIdentifier.run(identifierParams.slice(i * 3, i * 3 + 3));
    for (const [key, value] of Object.entries(state)) this.syncSet.run(key, value);
    return { profiles: rows.length, identifiers };
  }

  /**
   * Creates a dropped index. A unique index can meet duplicates only if a page was loaded twice (its token was not
   * stored with it) or a till sign-up shares an identifier with a CRM profile: keep the newest profile row, and per
   * identifier the CRM profile's row, then build again.
   */
  private createIndex(index: IndexDefinition): void {
    const sql = index.sql.replace(/^CREATE (UNIQUE )?INDEX /i, (m) => `${m}IF NOT EXISTS `);
    try {
      this.db.exec(sql);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    }
    this.options.logger?.warn({ index: index.name }, 'duplicates found while rebuilding an index; keeping the newest');
    this.db.exec(`
      DELETE FROM profiles WHERE pk NOT IN (SELECT max(pk) FROM profiles GROUP BY id);
      DELETE FROM identifiers WHERE profile_pk NOT IN (SELECT pk FROM profiles);
      DELETE FROM identifiers WHERE rowid IN (
        SELECT rid FROM (
          SELECT i.rowid AS rid,
                 row_number() OVER (PARTITION BY i.hash ORDER BY p.status = 'active' DESC, i.rowid DESC) AS n
          FROM identifiers i JOIN profiles p ON p.pk = i.profile_pk
        ) WHERE n > 1
      );
    `);
    this.db.exec(sql);
  }
}

function placeholders(rows: number, columns: number): string {
  const row = `(${new Array<string>(columns).fill('?').join(', ')})`;
  return new Array<string>(rows).fill(row).join(', ');
}
