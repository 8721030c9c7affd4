/**
 * Rows of a member file on their way into the mirror (`tillid hub import`): COPY lands them here a chunk at a time,
 * and each chunk's merge deletes its own rows in the transaction that writes them to the mirror. Unlogged: nothing
 * here is the record of anything (a crash loses only rows that a re-run of the import writes again), so it costs no
 * WAL. One import at a time holds the import lock (hub/import), and clears rows a killed import left behind.
 */
export const MEMBER_IMPORT = `
CREATE UNLOGGED TABLE member_import_rows (
  chunk integer NOT NULL,
  n bigint NOT NULL,
  profile_id text NOT NULL,
  last_name text,
  row_json text NOT NULL,
  phone text,
  email text,
  card text,
  member_number text
);
CREATE INDEX member_import_rows_by_chunk ON member_import_rows (chunk);
`;
