import type { HubDatabase, Sql } from '../db/sql';
import { writeTransaction } from '../db/sql';
import type { ChangeLog } from '../feed/changeLog';
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

/** Each identifier column of the chunk's written rows as `(n, profile_id, kind, value)`. */
const identifiersOf = (rows: string): string => `
  SELECT r.n, r.profile_id, v.kind, v.value FROM ${rows}
  CROSS JOIN LATERAL (VALUES ('phone', r.phone), ('email', r.email), ('card', r.card), ('member_number', r.member_number)) AS v(kind, value)
  WHERE r.chunk = $1 AND v.value IS NOT NULL`;

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
 * Set-based: members are upserted only where the row differs from the mirror's, their identifiers replaced, and an
 * upsert fed for each. An identifier that another profile holds, or that another row of the chunk took, is not
 * taken there: those members (and the chunk's holders) go again one at a time through the mirror's upsert, in the
 * file's order, which moves identifiers and feeds the profile that lost one. The last row naming one keeps it.
 */
export async function mergeImportChunk(db: HubDatabase, mirror: MemberMirror, feed: ChangeLog, chunk: number, rows: number, now: number): Promise<ChunkOutcome> {
  return writeTransaction(db, async (tx) => {
    // A chunk's identifiers sort in memory (the 4 MB default spills them to disk).
    await tx.query("SET LOCAL work_mem = '64MB'");
    const written = await tx.query<{ profile_id: string; inserted: boolean }>(
      `INSERT INTO profiles (profile_id, last_name, created_at, row_json)
       SELECT profile_id, last_name, $2, row_json FROM member_import_rows WHERE chunk = $1 ORDER BY n
       ON CONFLICT (profile_id) DO UPDATE SET last_name = excluded.last_name, row_json = excluded.row_json
         WHERE profiles.row_json IS DISTINCT FROM excluded.row_json OR profiles.last_name IS DISTINCT FROM excluded.last_name
       RETURNING profile_id, (xmax = 0) AS inserted`,
      [chunk, now],
    );
    const updated = written.filter((w) => !w.inserted).map((w) => w.profile_id);
    // An updated member's identifiers are replaced by the file's set.
    if (updated.length > 0) await tx.query('DELETE FROM identifiers WHERE profile_id = ANY($1::text[])', [updated]);
    const contested = written.length === 0 ? [] : await insertIdentifiers(tx, chunk, written.length === rows ? null : written.map((w) => w.profile_id));
    await feed.appendUpserts(tx, written.map((w) => w.profile_id), now);
    for (const row of contested) await mirror.upsert(tx, { ...parseProfileRow(row.row_json), lastName: row.last_name }, now);
    await tx.query('DELETE FROM member_import_rows WHERE chunk = $1', [chunk]);
    return { inserted: written.length - updated.length, updated: updated.length, unchanged: rows - written.length, oneByOne: contested.length };
  });
}

/**
 * Inserts the identifiers of the written members (`only`; null: every member of the chunk), skipping each one
 * already taken (in index order: neighbouring keys land on the same index pages). Answers the rows to apply one at a time: every member that missed one, and the
 * chunk's members that hold one it missed, in the file's order.
 */
async function insertIdentifiers(tx: Sql, chunk: number, only: string[] | null): Promise<StagedRow[]> {
  const rows = only === null ? 'member_import_rows r' : 'member_import_rows r JOIN unnest($2::text[]) AS w(id) ON w.id = r.profile_id';
  const missed = await tx.query<{ profile_id: string; kind: string; value: string }>(
    `WITH ids AS (${identifiersOf(rows)}),
     added AS (
       INSERT INTO identifiers (kind, value, profile_id) SELECT kind, value, profile_id FROM ids ORDER BY kind, value
       ON CONFLICT (kind, value) DO NOTHING
       RETURNING kind, value, profile_id)
     SELECT ids.profile_id, ids.kind, ids.value FROM ids LEFT JOIN added USING (kind, value, profile_id) WHERE added.kind IS NULL`,
    only === null ? [chunk] : [chunk, only],
  );
  if (missed.length === 0) return [];
  const holders = await tx.query<{ profile_id: string }>(
    'SELECT i.profile_id FROM identifiers i JOIN unnest($1::text[], $2::text[]) AS m(kind, value) ON i.kind = m.kind AND i.value = m.value',
    [missed.map((m) => m.kind), missed.map((m) => m.value)],
  );
  const involved = [...new Set([...missed.map((m) => m.profile_id), ...holders.map((h) => h.profile_id)])];
  return tx.query<StagedRow>(
    'SELECT n, profile_id, last_name, row_json FROM member_import_rows WHERE chunk = $1 AND profile_id = ANY($2::text[]) ORDER BY n',
    [chunk, involved],
  );
}
