/**
 * The emulated CRM's tables for profile summaries (migration 3 of store/emulatorDatabase.ts): offers and web/app
 * purchases added through the admin API. Demo members' own offers and purchases are not stored: they are computed from
 * the seed (demo/demoActivity.ts). Triggers keep these rows with their person: an erasure deletes them, a merge moves
 * them to the survivor, so no code that erases or merges has to know about them.
 */
export const PROFILE_SUMMARY_MIGRATION = `
  CREATE TABLE member_offers (
    id INTEGER PRIMARY KEY,
    profile_seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    valid_until INTEGER,
    personal INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX member_offers_by_profile ON member_offers (profile_seq, id);

  CREATE TABLE channel_purchases (
    id INTEGER PRIMARY KEY,
    profile_seq INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('store', 'web', 'app')),
    at INTEGER NOT NULL,
    total REAL NOT NULL,
    currency TEXT NOT NULL,
    item_count INTEGER NOT NULL,
    store_name TEXT
  );
  CREATE INDEX channel_purchases_by_profile ON channel_purchases (profile_seq, at);

  -- Summaries of a survivor gather the demo activity of the profiles merged into it.
  CREATE INDEX gone_profiles_by_into ON gone_profiles (into_seq) WHERE into_seq IS NOT NULL;

  CREATE TRIGGER summary_rows_follow_gone_profile AFTER INSERT ON gone_profiles
  BEGIN
    DELETE FROM member_offers WHERE profile_seq = NEW.seq AND NEW.reason = 'erased';
    DELETE FROM channel_purchases WHERE profile_seq = NEW.seq AND NEW.reason = 'erased';
    UPDATE member_offers SET profile_seq = NEW.into_seq WHERE profile_seq = NEW.seq AND NEW.reason = 'merged';
    UPDATE channel_purchases SET profile_seq = NEW.into_seq WHERE profile_seq = NEW.seq AND NEW.reason = 'merged';
  END;
`;
