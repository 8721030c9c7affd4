import type { Migration } from './migration';

/** The current consent state per profile and purpose (the latest decision wins; the CRM keeps the history). */
export const migration002: Migration = {
  version: 2,
  name: 'consents',
  up(db) {
    db.exec(`
      CREATE TABLE consents (
        profile_id TEXT NOT NULL,
        purpose TEXT NOT NULL CHECK (purpose IN ('terms', 'marketing_email', 'marketing_sms')),
        granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
        at INTEGER NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (profile_id, purpose)
      ) WITHOUT ROWID;
    `);
  },
};
