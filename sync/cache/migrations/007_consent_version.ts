import type { Migration } from './migration';

/**
 * The version of the text a consent was given to (the membership terms the customer read), so the CRM can tell which
 * terms each member accepted. Null for consents from before, and for those the CRM sends without one.
 */
export const migration007: Migration = {
  version: 7,
  name: 'consent version',
  up(db) {
    db.exec(`ALTER TABLE consents ADD COLUMN version TEXT;`);
  },
};
