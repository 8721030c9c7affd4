import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { IdentifierKind, IdentifierTuple } from '../../protocol';
import { demoIndexOfIdentifier } from '../demo/demoIdentifierLookup';

/**
 * Which profile holds an identifier. Two sources: the `identifiers` table (profiles made after seeding,
 * identifiers moved by merges) and, for seeded demo members, arithmetic inversion. Either answer counts
 * only if the profile's current row still holds the identifier, so erasures and merges need no cleanup
 * of the seeded half.
 */
export class IdentifierIndex {
  private readonly selectStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;

  constructor(
    db: SqliteDatabase,
    private readonly demo: { seed: number; members: number },
    private readonly holds: (seq: number, kind: IdentifierKind, value: string) => boolean,
  ) {
    this.selectStmt = db.prepare<[string, string], number>('SELECT profile_seq FROM identifiers WHERE kind = ? AND value = ?').pluck();
    this.upsertStmt = db.prepare<[string, string, number]>(
      'INSERT INTO identifiers (kind, value, profile_seq) VALUES (?, ?, ?) ON CONFLICT (kind, value) DO UPDATE SET profile_seq = excluded.profile_seq',
    );
    this.deleteStmt = db.prepare<[string, string]>('DELETE FROM identifiers WHERE kind = ? AND value = ?');
  }

  /** The row number of the profile holding this normalised identifier, or null. */
  find(kind: IdentifierKind, value: string): number | null {
    const explicit = this.selectStmt.get(kind, value);
    if (explicit !== undefined && this.holds(explicit, kind, value)) return explicit;
    const index = demoIndexOfIdentifier(kind, value, this.demo.seed);
    if (index !== null && index < this.demo.members && this.holds(index + 1, kind, value)) return index + 1;
    return null;
  }

  point(ids: readonly IdentifierTuple[], seq: number): void {
    for (const [kind, value] of ids) this.upsertStmt.run(kind, value, seq);
  }

  remove(ids: readonly IdentifierTuple[]): void {
    for (const [kind, value] of ids) this.deleteStmt.run(kind, value);
  }
}
