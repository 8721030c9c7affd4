import type { Sql } from '../db/sql';

/** One bootstrap page of the mirror: its rows as one JSON text (no brackets), the last row number, and whether more follow. */
export interface BootstrapRows {
  /** The page's pre-rendered rows joined by commas: `[${rowsJson}]` is the page's `rows`. */
  rowsJson: string;
  count: number;
  /** The mirror row number of the page's last row; null for an empty page. */
  lastSeq: number | null;
  more: boolean;
}

/**
 * Up to `limit` rows after mirror row `afterSeq`, in row order (keyset on the primary key), joined into one text by
 * PostgreSQL: the hub receives one value per page, not one JS object per member, so serving 20,000 rows costs its
 * event loop a single string and never stalls the change-feed polls it answers meanwhile.
 */
export async function bootstrapRows(sql: Sql, afterSeq: number, limit: number): Promise<BootstrapRows> {
  // The aggregate reads the ordered, limited subquery directly (no join or sort between them), so string_agg sees the
  // rows in row order without sorting them again (PostgreSQL docs, "Aggregate Expressions": a sorted subquery works
  // unless the outer level adds processing such as a join). "More" is one probe of the primary key past the last row.
  const [row] = await sql.query<{ rows_json: string | null; n: number; last_seq: number | null; more: boolean }>(
    `SELECT a.rows_json, a.n, a.last_seq,
            (SELECT seq FROM profiles WHERE seq > coalesce(a.last_seq, $1) ORDER BY seq LIMIT 1) IS NOT NULL AS more
       FROM (SELECT string_agg(page.row_json, ',') AS rows_json, count(*)::int AS n, max(page.seq) AS last_seq
               FROM (SELECT seq, row_json FROM profiles WHERE seq > $1 ORDER BY seq LIMIT $2) page) a`,
    [afterSeq, limit],
  );
  return { rowsJson: row?.rows_json ?? '', count: row?.n ?? 0, lastSeq: row?.last_seq ?? null, more: row?.more ?? false };
}
