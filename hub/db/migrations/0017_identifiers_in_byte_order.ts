/**
 * Identifiers and profile ids compare byte by byte (COLLATE "C"): they are normalised codes that nobody reads in
 * alphabetical order, and under the database's locale every comparison in their indexes was a locale comparison
 * (strcoll). And the index of identifiers by profile goes: a profile's identifiers are listed in its `row_json` (the
 * bootstrap row), which every write reads anyway, so a profile's rows are found by their (kind, value) key
 * (hub/mirror/heldIdentifiers.ts). Inserting 75,000 identifiers into a mirror of 2–4M members: 0.64 of the time
 * without that index, 0.83 with byte order, 0.53 with both (docs/performance.md, "The hub's import").
 * The staging table's columns follow, so a chunk sorted there is in the index's order.
 *
 * First, an identifier the table gives a profile whose row does not list it goes (no write is known to have left
 * one; from now on nothing would find it through the profile, and an erasure would leave it). Altering a column's
 * collation rebuilds its indexes, not the table (14 s in all at 1M members), and drops the column's statistics, which
 * ANALYZE makes again.
 * Other tables' profile ids keep the database's collation: a join of one with `profiles` compares in "C", which
 * their own indexes do not serve (no query of the hub's does so). Every hub process must run this version before it
 * starts: an older one reads identifiers by profile, which now means the whole table.
 */
export const IDENTIFIERS_IN_BYTE_ORDER = `
DELETE FROM identifiers i WHERE NOT EXISTS (
  SELECT 1 FROM profiles p
   WHERE p.profile_id = i.profile_id AND (p.row_json::jsonb -> 7) @> jsonb_build_array(jsonb_build_array(i.kind, i.value)));
DROP INDEX identifiers_by_profile;
ALTER TABLE identifiers
  ALTER COLUMN kind TYPE text COLLATE "C",
  ALTER COLUMN value TYPE text COLLATE "C",
  ALTER COLUMN profile_id TYPE text COLLATE "C";
ALTER TABLE profiles ALTER COLUMN profile_id TYPE text COLLATE "C";
ALTER TABLE member_import_rows
  ALTER COLUMN profile_id TYPE text COLLATE "C",
  ALTER COLUMN phone TYPE text COLLATE "C",
  ALTER COLUMN email TYPE text COLLATE "C",
  ALTER COLUMN card TYPE text COLLATE "C",
  ALTER COLUMN member_number TYPE text COLLATE "C";
ANALYZE identifiers;
ANALYZE profiles;
`;
