import type { Database, Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { truncateWal } from './durability';
import type { OutboxItem, OutboxKind, OutboxState } from './types';

interface OutboxRow {
  id: string;
  kind: OutboxKind;
  idempotency_key: string;
  profile_id: string | null;
  payload: string | null;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface OutboxCounts {
  pending: number;
  delivered: number;
  dead: number;
  /** Epoch ms of the oldest pending item, or null when nothing waits. */
  oldestPendingAt: number | null;
}

const MAX_ERROR_LENGTH = 500;
const COLUMNS = 'id, kind, idempotency_key, profile_id, payload, state, attempts, last_error, created_at, updated_at';

/**
 * The durable queue of what must reach the CRM exactly once (receipts, sign-ups, consent changes).
 *
 * Items are delivered in the order they were queued (`nextBatch`), so a sign-up goes before the receipts of the
 * member it creates. Each item's id is a UUIDv7 made here and sent as its idempotency key, so a retry after any
 * failure is recognised by the CRM. An item the CRM rejects becomes a dead letter: kept, counted and listed for a
 * manager, never dropped. A delivered item keeps only its bookkeeping: its payload (which for a sign-up holds the
 * clear phone/email the CRM needs) is cleared in the same statement.
 *
 * Writers that queue an item (ReceiptRepository, ProfileRepository.createPendingProfile, ConsentRepository) call
 * `enqueue` inside their own transaction, so the fact and its outbox item commit together.
 */
export class OutboxRepository {
  private readonly insert: Statement;
  private readonly selectPending: Statement;
  private readonly deliver: Statement;
  private readonly kill: Statement;
  private readonly failAttempt: Statement;
  private readonly requeue: Statement;
  private readonly countByState: Statement;
  private readonly oldestPending: Statement;
  private readonly selectDead: Statement;
  private readonly selectById: Statement;
  private readonly deleteDelivered: Statement;
  private readonly deleteDead: Statement;

  constructor(private readonly db: Database, private readonly now: () => number = Date.now) {
    this.insert = db.prepare(
      `INSERT INTO outbox (id, kind, idempotency_key, profile_id, payload, state, attempts, created_at, updated_at)
       VALUES (@id, @kind, @id, @profileId, @payload, 'pending', 0, @now, @now)`,
    );
    this.selectPending = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?`);
    this.deliver = db.prepare(
      `UPDATE outbox SET state = 'delivered', payload = NULL, last_error = NULL, updated_at = ?
       WHERE id = ? AND state = 'pending' RETURNING kind`,
    );
    this.kill = db.prepare(`UPDATE outbox SET state = 'dead', last_error = ?, updated_at = ? WHERE id = ? AND state = 'pending'`);
    this.failAttempt = db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ? AND state = 'pending'`,
    );
    this.requeue = db.prepare(`UPDATE outbox SET state = 'pending', updated_at = ? WHERE id = ? AND state = 'dead'`);
    this.countByState = db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state');
    this.oldestPending = db.prepare(`SELECT created_at AS at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1`);
    this.selectDead = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE state = 'dead' ORDER BY seq LIMIT ?`);
    this.selectById = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`);
    this.deleteDelivered = db.prepare(`DELETE FROM outbox WHERE state = 'delivered' AND updated_at < ?`);
    this.deleteDead = db.prepare(`DELETE FROM outbox WHERE id = ? AND state = 'dead'`);
  }

  /**
   * Queues one item and returns its id. `payload` is what the CRM must receive, without the profile id (that is
   * `profileId`, kept current by merges and erasures). Call it inside the transaction that writes the fact.
   */
  enqueue(item: { kind: OutboxKind; profileId: string | null; payload: unknown; id?: string }): string {
    // A caller may bring its own UUIDv7 (a client's idempotency key); a second enqueue under it is a UNIQUE error.
    const id = item.id ?? uuidv7();
    this.insert.run({ id, kind: item.kind, profileId: item.profileId, payload: JSON.stringify(item.payload ?? null), now: this.now() });
    return id;
  }

  /** Up to `limit` pending items, oldest first. */
  nextBatch(limit: number): OutboxItem[] {
    return (this.selectPending.all(Math.max(0, Math.trunc(limit))) as OutboxRow[]).map(itemFromRow);
  }

  findById(id: string): OutboxItem | undefined {
    const row = this.selectById.get(id) as OutboxRow | undefined;
    return row ? itemFromRow(row) : undefined;
  }

  /** Marks pending items delivered (accepted or duplicate at the CRM) and drops their payloads. Returns how many changed. */
  markDelivered(ids: readonly string[]): number {
    const now = this.now();
    let changed = 0;
    let personalDataRemoved = false;
    this.db.transaction(() => {
      for (const id of ids) {
        const row = this.deliver.get(now, id) as { kind: OutboxKind } | undefined;
        if (!row) continue;
        changed++;
        // A sign-up's and a receipt delivery's payloads hold a clear phone number or e-mail address.
        if (row.kind === 'signup' || row.kind === 'receipt_delivery') personalDataRemoved = true;
      }
    })();
    if (personalDataRemoved) truncateWal(this.db);
    return changed;
  }

  /** The CRM refused the item for good: keep it as a dead letter with the reason (a code or short text, no personal data). */
  markDead(id: string, reason: string): boolean {
    return this.kill.run(reason.slice(0, MAX_ERROR_LENGTH), this.now(), id).changes > 0;
  }

  /** A delivery attempt failed in a way worth retrying (network, 5xx): count it and keep the item pending. */
  recordAttemptFailure(id: string | readonly string[], error: string): void {
    const ids = typeof id === 'string' ? [id] : id;
    const now = this.now();
    const message = error.slice(0, MAX_ERROR_LENGTH);
    this.db.transaction(() => {
      for (const one of ids) this.failAttempt.run(message, now, one);
    })();
  }

  /** A manager's retry: the dead letter goes back to the queue (same id, so the CRM still deduplicates it). */
  requeueDead(id: string): boolean {
    return this.requeue.run(this.now(), id).changes > 0;
  }

  /** A manager's decision to give up on a dead letter: it is deleted, payload and all. */
  discardDead(id: string): boolean {
    const removed = this.deleteDead.run(id).changes > 0;
    if (removed) truncateWal(this.db);
    return removed;
  }

  counts(): OutboxCounts {
    const counts: OutboxCounts = { pending: 0, delivered: 0, dead: 0, oldestPendingAt: null };
    for (const row of this.countByState.all() as Array<{ state: OutboxState; n: number }>) counts[row.state] = row.n;
    counts.oldestPendingAt = (this.oldestPending.get() as { at: number } | undefined)?.at ?? null;
    return counts;
  }

  /** Dead letters, oldest first. A dead sign-up's payload still holds the clear phone/email it was meant to carry. */
  listDead(limit = 100): OutboxItem[] {
    return (this.selectDead.all(Math.max(0, Math.trunc(limit))) as OutboxRow[]).map(itemFromRow);
  }

  /** Forgets delivered items last touched before `beforeMs` (bookkeeping only; their payloads are already gone). */
  pruneDelivered(beforeMs: number): number {
    return this.deleteDelivered.run(beforeMs).changes;
  }
}

function itemFromRow(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    profileId: row.profile_id,
    payload: row.payload === null ? null : (JSON.parse(row.payload) as unknown),
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
