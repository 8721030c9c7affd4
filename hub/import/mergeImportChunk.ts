import type { IdentifierKind } from '../../sync/protocol';
import type { HubDatabase, Sql } from '../db/sql';
import { writeTransaction } from '../db/sql';
import type { ChangeLog } from '../feed/changeLog';
import { deleteHeldIdentifiers, heldBy } from '../mirror/heldIdentifiers';
import type { HeldIdentifiers } from '../mirror/heldIdentifiers';
import type { MemberMirror } from '../mirror/memberMirror';
import { parseProfileRow } from '../mirror/profileRow';

/** What one chunk's merge did, by member. */
export interface ChunkOutcome {
  inserted: number;
  updated: number;
  /** Already in the mirror exactly so: not written, not fed (a re-run of the same file is all unchanged). */
  unchanged: number;
  /** An identifier also named by another member of the chunk, or held by another profile: applied one at a time. */
  oneByOne: number;
}

interface StagedRow {
  n: number;
  profile_id: string;
  last_name: string | null;
  row_json: string;
}

/**
 * Merges one staged chunk (each member once: importMemberFile keeps a chunk's last row of a member) into the mirror
 * in one write transaction: the write lock for a second or so, never the whole import, so tills get each chunk as
 * deltas once it commits and uploads wait at most one chunk. The chunk's staging rows go in the same transaction:
 * a killed import leaves each chunk merged or not at all.
 *
 * Set-based, with plain INSERTs: the write lock (db/sql.ts) keeps every other writer of profiles and identifiers out
 * meanwhile, so what a probe finds free stays free until commit, and nothing needs `ON CONFLICT` (its speculative
 * insertion cost nearly twice a plain insert's per identifier). Members the mirror holds differently are updated and
 * their identifiers replaced; new ones inserted; an upsert fed for each. An identifier that another profile holds,
 * or that another written row of the chunk names too, is contested: the members naming it (and the chunk's holders
 * of it) go again one at a time through the mirror's upsert, in the file's order, which moves identifiers and feeds
 * the profile that lost one. The last row naming one keeps it.
 */
export async function mergeImportChunk(db: HubDatabase, mirror: MemberMirror, feed: ChangeLog, chunk: number, rows: number, now: number): Promise<ChunkOutcome> {
  return writeTransaction(db, async (tx) => {
    // A chunk's identifiers sort in memory (the 4 MB default spills them to disk).
    await tx.query("SET LOCAL work_mem = '64MB'");
    const { existing, before } = await compareWithMirror(tx, chunk);
    const changed = before.map((b) => b.profileId);
    if (changed.length > 0) {
      await tx.query(
        `UPDATE profiles p SET last_name = r.last_name, row_json = r.row_json FROM member_import_rows r
         WHERE p.profile_id = ANY($2::text[]) AND r.chunk = $1 AND r.profile_id = p.profile_id`,
        [chunk, changed],
      );
      // A changed member's identifiers are replaced by the file's set: what its row listed goes.
      await deleteHeldIdentifiers(tx, before);
    }
    const inserted = existing.length === rows ? [] : await insertNewProfiles(tx, chunk, now, existing);
    const written = [...changed, ...inserted];
    const contested = written.length === 0 ? [] : await insertIdentifiers(tx, chunk, existing.length === 0 ? null : written);
    await feed.appendUpserts(tx, written, now);
    for (const row of contested) await mirror.upsert(tx, { ...parseProfileRow(row.row_json), lastName: row.last_name }, now);
    await tx.query('DELETE FROM member_import_rows WHERE chunk = $1', [chunk]);
    return { inserted: inserted.length, updated: changed.length, unchanged: existing.length - changed.length, oneByOne: contested.length };
  });
}

/**
 * The chunk's members the mirror holds already, and of those the ones it holds differently with the identifiers
 * their row lists until now, in the file's order.
 * One index probe per member: `LATERAL … LIMIT 1` keeps PostgreSQL from hashing the whole profiles table instead,
 * which its estimates of a freshly copied staging table can make look cheaper.
 */
async function compareWithMirror(tx: Sql, chunk: number): Promise<{ existing: string[]; before: HeldIdentifiers[] }> {
  const held = await tx.query<{ profile_id: string; before: string | null }>(
    `SELECT r.profile_id,
            CASE WHEN p.row_json = r.row_json AND p.last_name IS NOT DISTINCT FROM r.last_name THEN NULL ELSE p.row_json END AS before
       FROM member_import_rows r
       CROSS JOIN LATERAL (SELECT p.row_json, p.last_name FROM profiles p WHERE p.profile_id = r.profile_id LIMIT 1) p
      WHERE r.chunk = $1 ORDER BY r.n`,
    [chunk],
  );
  return { existing: held.map((h) => h.profile_id), before: held.filter((h) => h.before !== null).map((h) => heldBy(h.profile_id, h.before)) };
}

/** The chunk's members the mirror does not hold yet, inserted in the file's order (their profile seq follows it). */
async function insertNewProfiles(tx: Sql, chunk: number, now: number, existing: string[]): Promise<string[]> {
  const added = await tx.query<{ profile_id: string }>(
    `INSERT INTO profiles (profile_id, last_name, created_at, row_json)
     SELECT profile_id, last_name, $2, row_json FROM member_import_rows
      WHERE chunk = $1 AND profile_id NOT IN (SELECT unnest($3::text[])) ORDER BY n
     RETURNING profile_id`,
    [chunk, now, existing],
  );
  return added.map((a) => a.profile_id);
}

/** The staging table's identifier columns, each named as the kind it holds (stagedMember.ts). */
const IDENTIFIER_COLUMNS = ['phone', 'email', 'card', 'member_number'] as const satisfies readonly IdentifierKind[];
type IdentifierColumn = (typeof IDENTIFIER_COLUMNS)[number];

/** One identifier column of the chunk's written rows as `(n, profile_id, kind, value)`. */
const identifiersOf = (rows: string, kind: IdentifierColumn): string => `
  SELECT r.n, r.profile_id, '${kind}'::text AS kind, r.${kind} AS value FROM ${rows}
  WHERE r.chunk = $1 AND r.${kind} IS NOT NULL`;

/** PostgreSQL's unique_violation, as node-postgres and PGlite both report it. */
const isUniqueViolation = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/**
 * Inserts the identifiers of the written members (`only`; null: every member of the chunk), a kind at a time, and
 * answers the chunk's rows to apply one at a time, in the file's order. The written members' own identifiers are gone
 * by now (new members have none; changed ones' were deleted), so the common case, an export whose identifiers nobody
 * else holds, is one plain INSERT per kind, and the unique index's own check is the only probe.
 * A kind at a time: an export that overlaps the mirror mostly meets a taken identifier of one kind (a phone number a
 * till signed up with), and only that kind's rows of the chunk then take the slower way, not the whole chunk's.
 */
async function insertIdentifiers(tx: Sql, chunk: number, only: string[] | null): Promise<StagedRow[]> {
  const involved = new Set<string>();
  for (const kind of IDENTIFIER_COLUMNS) for (const id of await insertIdentifiersOfKind(tx, chunk, only, kind)) involved.add(id);
  if (involved.size === 0) return [];
  return tx.query<StagedRow>(
    'SELECT n, profile_id, last_name, row_json FROM member_import_rows WHERE chunk = $1 AND profile_id = ANY($2::text[]) ORDER BY n',
    [chunk, [...involved]],
  );
}

/**
 * One kind's identifiers of the written members, in index order (neighbouring keys land on the same index pages).
 * Should the unique index find one taken, the INSERT is undone (a savepoint) and the kind's identifiers are probed:
 * the written members naming a contested one (held by a profile, or named by another written row) and the chunk's
 * members holding one are answered, to go one at a time; the rest are inserted plainly. Their other kinds' identifiers
 * may be in by then: the one-at-a-time upsert keeps what a profile holds already and moves only what another holds.
 */
async function insertIdentifiersOfKind(tx: Sql, chunk: number, only: string[] | null, kind: IdentifierColumn): Promise<string[]> {
  const rows = only === null ? 'member_import_rows r' : 'member_import_rows r JOIN unnest($2::text[]) AS w(id) ON w.id = r.profile_id';
  const params = only === null ? [chunk] : [chunk, only];
  const ids = identifiersOf(rows, kind);
  await tx.query('SAVEPOINT import_identifiers');
  try {
    await tx.query(`INSERT INTO identifiers (kind, value, profile_id) SELECT kind, value, profile_id FROM (${ids}) ids ORDER BY value`, params);
    await tx.query('RELEASE SAVEPOINT import_identifiers');
    return [];
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Undone, and let go of: the next kind's savepoint is then not one more nested in this one.
    await tx.query('ROLLBACK TO SAVEPOINT import_identifiers');
    await tx.query('RELEASE SAVEPOINT import_identifiers');
  }
  const involved = await tx.query<{ profile_id: string }>(
    `WITH ids AS MATERIALIZED (${ids}),
     named_twice AS (SELECT value FROM ids GROUP BY value HAVING count(*) > 1),
     -- One index probe each, in index order (LATERAL … LIMIT 1: never a hash of the whole identifiers table).
     held AS (
       SELECT ids.value, h.profile_id AS holder FROM (SELECT kind, value FROM ids ORDER BY value) ids
       CROSS JOIN LATERAL (SELECT i.profile_id FROM identifiers i WHERE i.kind = ids.kind AND i.value = ids.value LIMIT 1) h),
     involved AS (
       SELECT ids.profile_id FROM ids JOIN (SELECT value FROM named_twice UNION SELECT value FROM held) c USING (value)
       UNION SELECT holder FROM held),
     added AS (
       INSERT INTO identifiers (kind, value, profile_id)
       SELECT kind, value, profile_id FROM ids WHERE profile_id NOT IN (SELECT profile_id FROM involved) ORDER BY value)
     SELECT profile_id FROM involved`,
    params,
  );
  return involved.map((i) => i.profile_id);
}
