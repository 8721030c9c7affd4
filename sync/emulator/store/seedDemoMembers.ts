import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { IdentifierTuple } from '../../protocol';
import { demoMember, MAX_DEMO_MEMBERS } from '../demo/demoMembers';
import { renderProfileRow } from './profileRow';

/** Rows per INSERT statement: one multi-row statement is ~1.5× faster than as many single-row runs. */
const BATCH = 200;

/**
 * Inserts demo members 0…count-1 as profiles 1…count in one transaction with prepared statements.
 * For an empty profile table only: a fresh data directory is seeded once.
 */
export function seedDemoMembers(db: SqliteDatabase, count: number, seed: number, now: number): void {
  if (!Number.isInteger(count) || count < 0 || count > MAX_DEMO_MEMBERS) throw new RangeError(`members must be 0…${MAX_DEMO_MEMBERS}`);
  const sql = (n: number): string => `INSERT INTO profiles (seq, last_name, created_at, row_json) VALUES ${Array(n).fill('(?, ?, ?, ?)').join(', ')}`;
  const insertBatch = db.prepare(sql(BATCH));
  db.transaction(() => {
    let args: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const m = demoMember(i, seed);
      const identifiers: IdentifierTuple[] = [['phone', m.phone]];
      if (m.email) identifiers.push(['email', m.email]);
      if (m.cardNumber) identifiers.push(['card', m.cardNumber]);
      if (m.memberNumber) identifiers.push(['member_number', m.memberNumber]);
      const row = renderProfileRow({
        seq: i + 1, firstName: m.firstName, displayName: m.displayName, tier: m.tier,
        pointsBalance: m.points, pointsAsOf: m.pointsAsOf, identifiers,
      });
      args.push(i + 1, m.lastName, now, row);
      if (args.length === BATCH * 4) {
        insertBatch.run(args);
        args = [];
      }
    }
    if (args.length > 0) db.prepare(sql(args.length / 4)).run(args);
  })();
}
