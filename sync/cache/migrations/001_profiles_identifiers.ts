import type { Migration } from './migration';

/**
 * Profiles and their identifiers.
 * - `profiles.pk` is an internal integer key so identifiers stay small (2 per profile, millions of rows) and a
 *   CRM id change (sign-up mapping) touches one row. The CRM id is `id`, unique through `profiles_id`.
 * - `identifiers.hash` is HMAC-SHA-256(key, kind + NUL + normalised value) truncated to 16 bytes: the clear value is
 *   never stored. `kind` is kept (1 byte) only so a profile view can say which kinds a member has.
 * - No FOREIGN KEY clauses: the bootstrap drops and rebuilds these indexes around a bulk load, which a declared
 *   parent key would forbid; the repositories keep the links in their transactions (and tests check them).
 */
export const migration001: Migration = {
  version: 1,
  name: 'profiles and identifiers',
  up(db) {
    db.exec(`
      CREATE TABLE profiles (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        first_name TEXT,
        display_name TEXT,
        tier TEXT,
        points_balance INTEGER NOT NULL DEFAULT 0,
        points_as_of INTEGER,
        status TEXT NOT NULL CHECK (status IN ('active', 'pending_sync')),
        updated_at INTEGER NOT NULL,
        source_version INTEGER
      );
      CREATE UNIQUE INDEX profiles_id ON profiles(id);

      CREATE TABLE identifiers (
        hash BLOB NOT NULL CHECK (length(hash) = 16),
        kind INTEGER NOT NULL,
        profile_pk INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX identifiers_hash ON identifiers(hash);
      CREATE INDEX identifiers_profile ON identifiers(profile_pk);
    `);
  },
};
