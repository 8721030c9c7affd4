import type { Database, Statement } from 'better-sqlite3';
import { quote } from './bootstrapIndexes';
import type { ConsentDecision } from './consentRepository';
import { IDENTIFIER_HASH_BYTES } from './identifierHasher';
import { identifierKindCode } from './identifierKindCode';
import type { ClearIdentifier, Profile } from './types';

/** One profile of a bootstrap page, as the CRM sent it. */
export interface BootstrapRow {
  profile: Profile;
  identifiers: readonly ClearIdentifier[];
  sourceVersion?: number | null;
  consents?: readonly ConsentDecision[];
}

export interface BootstrapPageResult {
  profiles: number;
  identifiers: number;
}

/** The tables a page goes into: the live ones, or a re-bootstrap's shadow copies. */
export interface PageTables {
  profiles: string;
  identifiers: string;
  consents: string;
}

const PROFILE_COLUMNS = 10;
const PROFILES_PER_STATEMENT = 50;
const IDENTIFIERS_PER_STATEMENT = 100;

/**
 * Writes one bootstrap page (profiles, their pre-computed identifier hashes, consents) and the caller's sync_state
 * keys in ONE transaction, many rows per statement: the per-call cost of crossing into SQLite dominates a bulk
 * insert otherwise.
 */
export class BootstrapPageWriter {
  private readonly maxPk: Statement;
  private readonly insertProfiles: Statement;
  private readonly insertProfile: Statement;
  private readonly insertIdentifiers: Statement;
  private readonly insertIdentifier: Statement;
  private readonly insertConsent: Statement;
  private readonly setState: Statement;
  readonly write: (rows: readonly BootstrapRow[], hashes: Buffer, state: Readonly<Record<string, string>>) => BootstrapPageResult;

  constructor(
    db: Database,
    tables: PageTables,
    private readonly now: () => number,
  ) {
    const profileInsert = (n: number): Statement =>
      db.prepare(
        `INSERT INTO ${quote(tables.profiles)} (pk, id, first_name, display_name, tier, points_balance, points_as_of, status, updated_at, source_version)
         VALUES ${placeholders(n, PROFILE_COLUMNS)}`,
      );
    const identifierInsert = (n: number): Statement => db.prepare(`INSERT INTO ${quote(tables.identifiers)} (hash, kind, profile_pk) VALUES ${placeholders(n, 3)}`);
    this.maxPk = db.prepare(`SELECT coalesce(max(pk), 0) FROM ${quote(tables.profiles)}`).pluck();
    this.insertProfiles = profileInsert(PROFILES_PER_STATEMENT);
    this.insertProfile = profileInsert(1);
    this.insertIdentifiers = identifierInsert(IDENTIFIERS_PER_STATEMENT);
    this.insertIdentifier = identifierInsert(1);
    this.insertConsent = db.prepare(
      `INSERT INTO ${quote(tables.consents)} (profile_id, purpose, granted, at, source) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (profile_id, purpose) DO UPDATE SET granted = excluded.granted, at = excluded.at, source = excluded.source WHERE excluded.at >= at`,
    );
    this.setState = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.write = db.transaction((rows: readonly BootstrapRow[], hashes: Buffer, state: Readonly<Record<string, string>>) => this.insertPage(rows, hashes, state)).immediate;
  }

  private insertPage(rows: readonly BootstrapRow[], hashes: Buffer, state: Readonly<Record<string, string>>): BootstrapPageResult {
    const updatedAt = this.now();
    let pk = this.maxPk.get() as number;
    const profileParams: unknown[] = [];
    const identifierParams: unknown[] = [];
    let profilesInBatch = 0;
    let identifiersInBatch = 0;
    let hashAt = 0;
    let identifiers = 0;
    for (const row of rows) {
      pk++;
      const p = row.profile;
      profileParams.push(pk, p.id, p.firstName, p.displayName, p.tier, p.pointsBalance, p.pointsAsOf, p.status, updatedAt, row.sourceVersion ?? null);
      if (++profilesInBatch === PROFILES_PER_STATEMENT) {
        this.insertProfiles.run(profileParams);
        profileParams.length = 0;
        profilesInBatch = 0;
      }
      for (const identifier of row.identifiers) {
        identifierParams.push(hashes.subarray(hashAt, hashAt + IDENTIFIER_HASH_BYTES), identifierKindCode(identifier.kind), pk);
        hashAt += IDENTIFIER_HASH_BYTES;
        identifiers++;
        if (++identifiersInBatch === IDENTIFIERS_PER_STATEMENT) {
          this.insertIdentifiers.run(identifierParams);
          identifierParams.length = 0;
          identifiersInBatch = 0;
        }
      }
      if (row.consents) {
        for (const c of row.consents) this.insertConsent.run(p.id, c.purpose, c.granted ? 1 : 0, c.at, c.source);
      }
    }
    if (hashAt !== hashes.length) throw new Error('bootstrap page: hash count does not match the identifiers');
    for (let i = 0; i < profilesInBatch; i++) this.insertProfile.run(profileParams.slice(i * PROFILE_COLUMNS, (i + 1) * PROFILE_COLUMNS));
    for (let i = 0; i < identifiersInBatch; i++) this.insertIdentifier.run(identifierParams.slice(i * 3, i * 3 + 3));
    for (const [key, value] of Object.entries(state)) this.setState.run(key, value);
    return { profiles: rows.length, identifiers };
  }
}

function placeholders(rows: number, columns: number): string {
  const row = `(${new Array<string>(columns).fill('?').join(', ')})`;
  return new Array<string>(rows).fill(row).join(', ');
}
