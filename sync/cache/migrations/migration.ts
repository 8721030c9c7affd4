import type { Database } from 'better-sqlite3';

/** One schema step. `version` is what `PRAGMA user_version` reads once it is applied. Never edit a shipped one. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
