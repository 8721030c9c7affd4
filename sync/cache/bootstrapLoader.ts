import type { Database, Statement } from 'better-sqlite3';
import os from 'node:os';
import type { Logger } from 'pino';
import { createIndexKeepingNewest, quote } from './bootstrapIndexes';
import type { IndexDefinition } from './bootstrapIndexes';
import { truncateWal } from './durability';
import { IdentifierHashPool } from './identifierHashPool';
import { runStatementsOffThread } from './offThreadStatements';
import { COPY_TABLES, SHADOW_TABLES, createShadowTables, dropRetiredCopy, dropRetiredCopyNow, shadowIndexPlan, shadowOf, swapInShadowCopy } from './shadowCopy';
import { BootstrapPageWriter } from './bootstrapPageWriter';
import type { BootstrapPageResult, BootstrapRow } from './bootstrapPageWriter';
import { StepClock } from './stepClock';
import type { IdentifierKind } from './types';

export type { BootstrapPageResult, BootstrapRow } from './bootstrapPageWriter';

export interface BootstrapLoaderOptions {
  logger?: Logger;
  now?: () => number;
  /**
   * SQLite page cache during the load, KiB (default: 64 MiB for an older version's live load; a shadow load keeps the till's normal
   * size, since it only appends to unindexed tables: measured no slower at 1M). finish/close restore the normal size.
   */
  loadCacheSizeKiB?: number;
}

/** Where a bootstrap writes: straight into the live tables (the first copy), or into shadow tables swapped in. */
export type BootstrapTarget = 'live' | 'shadow';

export interface BootstrapBegun {
  /** A bootstrap interrupted by a crash goes on: continue from the stored page token. */
  resumed: boolean;
  into: BootstrapTarget;
}

/** What finish() did, with how long each part held the connection (ms). */
export interface BootstrapFinishReport {
  /** null: nothing was in progress (finish() called again, or after a crash once everything was done). */
  into: BootstrapTarget | null;
  /** Building the indexes (live: one transaction on this connection; shadow: on a worker thread's connection). */
  indexMs: number;
  /** The one transaction that swapped a shadow copy in (0 for a live load). */
  swapMs: number;
  /** Deleting the old copy after a swap, in batches with lookups answered between them. */
  cleanupMs: number;
  /** The till's own unsynced sign-ups carried into the new copy. */
  pendingCarried: number;
  /** The longest single step of finishing: how long lookups on this connection waited at most (ms). */
  longestStepMs: number;
}

/** sync_state key holding the index definitions dropped by a live load; present while it is under way. */
const DROPPED_INDEXES_KEY = 'cache.bootstrap.droppedIndexes';
/** sync_state key present while a shadow load is under way (value: when it began, epoch ms). */
const SHADOW_KEY = 'cache.bootstrap.shadow';
const LIVE_INDEXED_TABLES = ['profiles', 'identifiers'];
const LIVE_TABLES = { profiles: 'profiles', identifiers: 'identifiers', consents: 'consents' };
const SORT_CACHE_KIB = 8 * 1024;

/**
 * A full copy of the CRM's members, loaded page by page at bulk speed and resumable after a crash.
 *
 *   begin()                  loads into empty shadow tables shaped like the live ones, without indexes, while the
 *                            live tables keep answering lookups by index (from the old copy, or, for a first copy,
 *                            the till's own sign-ups only). Calling begin() again after a crash resumes instead,
 *                            unless called with { restart: true }. (A "live" load, straight into the live tables
 *                            with their indexes dropped, is what earlier versions did for a first copy; a marker of
 *                            one left by a crash is still resumed and finished that way.)
 *   loadPage(rows, state?)   hashes the identifiers on a worker thread, then inserts the page and writes `state`
 *                            (the sync engine's page token) to sync_state in ONE transaction. Pages commit in call
 *                            order, so a caller may start hashing page N+1 before page N has committed.
 *   finish()                 builds the shadow's indexes and statistics on a worker thread's connection, then swaps
 *                            the copies in one short transaction (shadowCopy.ts, carrying the till's unsynced
 *                            sign-ups over) and deletes the old one in batches. Idempotent, and safe to call after a
 *                            crash at any point. (A live load's finish rebuilds its indexes in one transaction.)
 *
 * Why: inserting into tables without their indexes and building each index once, sorted, is several times faster
 * than keeping a random-order index (hashes) up to date row by row. Why a shadow copy even the first time: the live
 * tables keep their indexes, so a lookup during the load is one index probe (a miss until the copy is swapped in),
 * where an unindexed live table answered by scanning every row loaded so far (seconds at millions of members, with
 * the till's event loop held), and the indexes are built off the till's thread instead of in one long transaction
 * on it. docs/performance.md has the figures.
 */
export class BootstrapLoader {
  private readonly now: () => number;
  private readonly syncGet: Statement;
  private readonly syncSet: Statement;
  private readonly syncDelete: Statement;
  private readonly normalCacheSize: number;
  private writer: BootstrapPageWriter | null = null;
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
  }

  /** Whether a bootstrap was begun and not finished (by this process or one that crashed). */
  static inProgress(db: Database): boolean {
    return db.prepare('SELECT 1 FROM sync_state WHERE key IN (?, ?)').get(DROPPED_INDEXES_KEY, SHADOW_KEY) !== undefined;
  }

  /**
   * Starts a bootstrap, or resumes the one a crash interrupted (`resumed: true`: keep the stored page token).
   * `restart: true` throws away an interrupted copy and starts again, into the same kind of target.
   */
  begin(options: { restart?: boolean } = {}): BootstrapBegun {
    const begun = this.db
      .transaction((): BootstrapBegun => {
        const dropped = this.syncGet.get(DROPPED_INDEXES_KEY) as string | undefined;
        if (dropped !== undefined) {
          for (const index of JSON.parse(dropped) as IndexDefinition[]) this.db.exec(`DROP INDEX IF EXISTS ${quote(index.name)}`);
          if (!options.restart) return { resumed: true, into: 'live' };
          this.removeCrmProfiles();
          return { resumed: false, into: 'live' };
        }
        if (this.syncGet.get(SHADOW_KEY) !== undefined) {
          if (!options.restart) return { resumed: true, into: 'shadow' };
          createShadowTables(this.db);
          return { resumed: false, into: 'shadow' };
        }
        // Every new copy, the first one too, is a shadow load (see the class comment for why).
        dropRetiredCopyNow(this.db);
        createShadowTables(this.db);
        this.syncSet.run(SHADOW_KEY, String(this.now()));
        return { resumed: false, into: 'shadow' };
      })
      .immediate();
    this.writer = new BootstrapPageWriter(this.db, begun.into === 'live' ? LIVE_TABLES : SHADOW_TABLES, this.now);
    if (this.options.loadCacheSizeKiB !== undefined || begun.into === 'live') this.db.pragma(`cache_size = -${Math.trunc(this.options.loadCacheSizeKiB ?? 64 * 1024)}`);
    this.pool ??= new IdentifierHashPool(this.hashKey, this.options.logger);
    this.failure = null;
    this.active = true;
    this.options.logger?.info(begun, 'cache bootstrap begun');
    return begun;
  }

  /**
   * Loads one page: its profiles, hashed identifiers and `state` (sync_state keys, e.g. the next page token) commit
   * together. After a failed page every later call rejects: pages never commit out of order.
   */
  loadPage(rows: readonly BootstrapRow[], state: Readonly<Record<string, string>> = {}): Promise<BootstrapPageResult> {
    const writer = this.writer;
    if (!this.active || !this.pool || !writer) return Promise.reject(new Error('BootstrapLoader.begin() must be called before loadPage()'));
    if (this.failure !== null) return Promise.reject(new Error('an earlier bootstrap page failed; begin() again to resume'));
    const inputs: Array<[IdentifierKind, string]> = [];
    for (const row of rows) for (const identifier of row.identifiers) inputs.push([identifier.kind, identifier.value]);
    const hashing = this.pool.hash(inputs);
    const page = this.tail.then(async () => {
      if (this.failure !== null) throw new Error('an earlier bootstrap page failed; begin() again to resume');
      const hashes = await hashing;
      try {
        return writer.write(rows, hashes, state);
      } catch (error) {
        this.failure = error;
        throw error;
      }
    });
    this.tail = page.catch(() => undefined);
    return page;
  }

  /**
   * Ends the bootstrap: indexes, statistics, and for a shadow load the swap and the old copy's deletion. Safe to call
   * again, or after a crash (it carries on where that left off).
   */
  async finish(): Promise<BootstrapFinishReport> {
    await this.tail;
    await this.stopHashing();
    this.active = false;
    const clock = new StepClock();
    const report: BootstrapFinishReport = { into: null, indexMs: 0, swapMs: 0, cleanupMs: 0, pendingCarried: 0, longestStepMs: 0 };
    // Index builds sort fastest in small runs merged by SQLite's sorter threads (measured: the 2M-hash index builds
    // in 1.3 s this way against 2.9 s in one big in-memory sort); ANALYZE samples instead of reading every row.
    this.db.pragma(`cache_size = -${SORT_CACHE_KIB}`);
    this.db.pragma(`threads = ${Math.min(2, os.availableParallelism())}`);
    this.db.pragma('analysis_limit = 1000');
    try {
      if (this.syncGet.get(DROPPED_INDEXES_KEY) !== undefined) this.finishLive(report);
      else if (this.syncGet.get(SHADOW_KEY) !== undefined) await this.finishShadow(report, clock);
    } finally {
      if (this.db.open) {
        this.db.pragma('threads = 0');
        this.db.pragma(`cache_size = ${this.normalCacheSize}`);
      }
    }
    const cleanupStarted = performance.now();
    const cleaned = await dropRetiredCopy(this.db, clock.pause);
    if (cleaned) report.cleanupMs = Math.round(performance.now() - cleanupStarted);
    if (report.into !== null || cleaned) {
      truncateWal(this.db);
      clock.lap();
      report.longestStepMs = Math.round(clock.longest);
      this.options.logger?.info(report, 'cache bootstrap finished');
    }
    return report;
  }

  /** Stops without finishing (shutdown mid-bootstrap): the marker stays, and begin() resumes next time. */
  async close(): Promise<void> {
    await this.tail;
    await this.stopHashing();
    this.active = false;
    if (this.db.open) this.db.pragma(`cache_size = ${this.normalCacheSize}`);
  }

  private finishLive(report: BootstrapFinishReport): void {
    const started = performance.now();
    this.db
      .transaction(() => {
        const saved = this.syncGet.get(DROPPED_INDEXES_KEY) as string | undefined;
        if (saved === undefined) return;
        for (const index of JSON.parse(saved) as IndexDefinition[]) createIndexKeepingNewest(this.db, index, LIVE_TABLES, this.options.logger);
        for (const table of LIVE_INDEXED_TABLES) this.db.exec(`ANALYZE ${quote(table)}`);
        this.syncDelete.run(DROPPED_INDEXES_KEY);
      })
      .immediate();
    report.into = 'live';
    report.indexMs = Math.round(performance.now() - started);
  }

  /**
   * The shadow's indexes and statistics are built by a worker thread on its own connection, so the old copy keeps
   * answering lookups on this one without pause (a duplicate, or no worker, falls back to building here, one
   * statement at a time with lookups answered in between; a crash keeps what was built). The swap is then one short
   * transaction of renames plus the few pending sign-ups.
   */
  private async finishShadow(report: BootstrapFinishReport, clock: StepClock): Promise<void> {
    await dropRetiredCopy(this.db, clock.pause); // an old copy a crash left behind holds the index names the shadow needs
    const started = performance.now();
    const plan = shadowIndexPlan(this.db);
    const analyses = COPY_TABLES.map((table) => `ANALYZE ${quote(shadowOf(table))}`);
    const ran = await clock.during(
      runStatementsOffThread(this.db, [...plan.map((index) => index.sql), ...analyses], {
        sortCacheKiB: SORT_CACHE_KIB,
        threads: Math.min(2, os.availableParallelism()),
        ...(this.options.logger ? { logger: this.options.logger } : {}),
      }),
    );
    for (const [k, index] of plan.entries()) {
      if (ran[k]) continue;
      createIndexKeepingNewest(this.db, index, SHADOW_TABLES, this.options.logger);
      await clock.pause();
    }
    const indexesBuiltHere = plan.some((_index, k) => !ran[k]);
    for (const [k, analysis] of analyses.entries()) {
      if (ran[plan.length + k] && !indexesBuiltHere) continue;
      this.db.exec(analysis);
      await clock.pause();
    }
    report.indexMs = Math.round(performance.now() - started);
    const swapStarted = performance.now();
    report.pendingCarried = this.db
      .transaction(() => {
        if (this.syncGet.get(SHADOW_KEY) === undefined) return 0; // finished meanwhile (another caller)
        const carried = swapInShadowCopy(this.db);
        this.syncDelete.run(SHADOW_KEY);
        return carried;
      })
      .immediate();
    report.swapMs = Math.round(performance.now() - swapStarted);
    report.into = 'shadow';
  }

  private async stopHashing(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  /** A new live load replaces what the CRM sent before; the till's own unsynced sign-ups stay. */
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
}
