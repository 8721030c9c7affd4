import type { Migration } from './migration';

/**
 * The till's own unsynced sign-ups (`pending_sync`), found without reading every profile: a re-bootstrap copies them
 * into the new copy inside the short transaction that swaps it in (shadowCopy.ts). A partial index: only the few
 * pending rows are in it, so it costs a bulk load nothing.
 */
export const migration006: Migration = {
  version: 6,
  name: 'pending sign-ups index',
  up(db) {
    db.exec(`CREATE INDEX profiles_pending ON profiles(status) WHERE status = 'pending_sync';`);
  },
};
