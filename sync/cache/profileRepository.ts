import type { Database, Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { truncateWal, withFullSync } from './durability';
import type { IdentifierHasher } from './identifierHasher';
import { identifierKindCode, identifierKindFromCode } from './identifierKindCode';
import type { OutboxRepository } from './outboxRepository';
import { PROFILE_COLUMNS, profileFromRow } from './profileRow';
import type { ProfileRow } from './profileRow';
import type { ClearIdentifier, ConsentPurpose, IdentifierKind, Profile } from './types';

export interface UpsertMeta {
  /** The CRM's version of the profile; an upsert not newer than the stored one is skipped (`stale`). */
  sourceVersion?: number | null;
}

/** A member created at the till, before the CRM knows them. */
export interface PendingProfileInput {
  /** Provisional id (the CRM maps it to its own id later); a UUIDv7 when omitted. */
  id?: string;
  firstName: string | null;
  displayName?: string | null;
  /** Normalised; at least one. */
  identifiers: ClearIdentifier[];
  /** `version`: of the terms the customer was shown, recorded with the consent. */
  consents: Array<{ purpose: ConsentPurpose; granted: boolean; version?: string }>;
  /** Epoch ms of the sign-up (also the consents' time). */
  at: number;
  /** Where it happened, e.g. `till:<deviceId>`. */
  source: string;
}

export type PendingProfileResult =
  | { status: 'created'; profile: Profile; outboxId: string }
  /** One of the identifiers already belongs to this profile: nothing was written. */
  | { status: 'exists'; profile: Profile };

/**
 * Profiles and their hashed identifiers. Every lookup hashes the normalised identifier and reads one index entry;
 * every write that moves a person's data (upsert, erase, merge, sign-up mapping) runs in one transaction so the
 * links between profiles, identifiers, consents, receipts and outbox items never disagree.
 *
 * Receipts and outbox items point at profiles by their CRM id (`profile_id`); a merge or a sign-up mapping re-points
 * them, an erasure unlinks them (they are still delivered, without a person).
 */
export class ProfileRepository {
  private readonly byHash: Statement;
  private readonly byId: Statement;
  private readonly pkById: Statement;
  private readonly countAll: Statement;
  private readonly kindsOf: Statement;
  private readonly insertProfile: Statement;
  private readonly updateProfile: Statement;
  private readonly renameProfile: Statement;
  private readonly activateProfile: Statement;
  private readonly setPoints: Statement;
  private readonly deleteProfile: Statement;
  private readonly insertIdentifier: Statement;
  private readonly deleteIdentifierByHash: Statement;
  private readonly deleteIdentifiersOf: Statement;
  private readonly identifiersOf: Statement;
  private readonly deleteIdentifierRow: Statement;
  private readonly moveIdentifiers: Statement;
  private readonly insertConsent: Statement;
  private readonly mergeConsents: Statement;
  private readonly deleteConsentsOf: Statement;
  private readonly repointReceipts: Statement;
  private readonly repointOutbox: Statement;
  private readonly upsertTransaction: (profile: Profile, identifiers: readonly ClearIdentifier[], meta: UpsertMeta) => 'applied' | 'stale';
  private readonly eraseTransaction: (id: string) => boolean;
  private readonly mergeTransaction: (fromId: string, intoId: string, activate: boolean) => void;
  private readonly signupTransaction: (input: PendingProfileInput) => PendingProfileResult;

  constructor(
    private readonly db: Database,
    private readonly hasher: IdentifierHasher,
    outbox: OutboxRepository,
    private readonly now: () => number = Date.now,
  ) {
    this.byHash = db.prepare(`SELECT ${PROFILE_COLUMNS} FROM identifiers i JOIN profiles p ON p.pk = i.profile_pk WHERE i.hash = ?`);
    this.byId = db.prepare(`SELECT ${PROFILE_COLUMNS} FROM profiles p WHERE p.id = ?`);
    this.pkById = db.prepare('SELECT pk, source_version FROM profiles WHERE id = ?');
    this.countAll = db.prepare('SELECT count(*) AS n FROM profiles').pluck();
    this.kindsOf = db.prepare('SELECT DISTINCT i.kind FROM identifiers i JOIN profiles p ON p.pk = i.profile_pk WHERE p.id = ? ORDER BY i.kind').pluck();
    this.insertProfile = db.prepare(
      `INSERT INTO profiles (id, first_name, display_name, tier, points_balance, points_as_of, status, updated_at, source_version)
       VALUES (@id, @firstName, @displayName, @tier, @pointsBalance, @pointsAsOf, @status, @updatedAt, @sourceVersion)`,
    );
    this.updateProfile = db.prepare(
      `UPDATE profiles SET first_name = @firstName, display_name = @displayName, tier = @tier, points_balance = @pointsBalance,
         points_as_of = @pointsAsOf, status = @status, updated_at = @updatedAt, source_version = @sourceVersion
       WHERE pk = @pk`,
    );
    this.renameProfile = db.prepare('UPDATE profiles SET id = ?, updated_at = ? WHERE pk = ?');
    this.activateProfile = db.prepare(`UPDATE profiles SET status = 'active', updated_at = ? WHERE id = ? AND status = 'pending_sync'`);
    // Only forward in time: a balance the sync engine already stored from a later change is kept.
    this.setPoints = db.prepare(
      `UPDATE profiles SET points_balance = @balance, points_as_of = @asOf, updated_at = @now
       WHERE id = @id AND (points_as_of IS NULL OR points_as_of <= @asOf)`,
    );
    this.deleteProfile = db.prepare('DELETE FROM profiles WHERE pk = ?');
    this.insertIdentifier = db.prepare('INSERT INTO identifiers (hash, kind, profile_pk) VALUES (?, ?, ?)');
    // Delete-then-insert rather than ON CONFLICT: correct (if slow) even while a bootstrap has the indexes dropped.
    this.deleteIdentifierByHash = db.prepare('DELETE FROM identifiers WHERE hash = ?');
    this.deleteIdentifiersOf = db.prepare('DELETE FROM identifiers WHERE profile_pk = ?');
    this.identifiersOf = db.prepare('SELECT rowid, hash FROM identifiers WHERE profile_pk = ?').raw();
    this.deleteIdentifierRow = db.prepare('DELETE FROM identifiers WHERE rowid = ?');
    this.moveIdentifiers = db.prepare('UPDATE identifiers SET profile_pk = ? WHERE profile_pk = ?');
    this.insertConsent = db.prepare(
      `INSERT INTO consents (profile_id, purpose, granted, at, source, version) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (profile_id, purpose) DO UPDATE SET granted = excluded.granted, at = excluded.at, source = excluded.source,
         version = excluded.version`,
    );
    this.mergeConsents = db.prepare(
      `INSERT INTO consents (profile_id, purpose, granted, at, source, version)
         SELECT @into, purpose, granted, at, source, version FROM consents WHERE profile_id = @from
       ON CONFLICT (profile_id, purpose) DO UPDATE SET granted = excluded.granted, at = excluded.at, source = excluded.source,
         version = excluded.version
         WHERE excluded.at > consents.at`,
    );
    this.deleteConsentsOf = db.prepare('DELETE FROM consents WHERE profile_id = ?');
    this.repointReceipts = db.prepare('UPDATE receipts SET profile_id = @to WHERE profile_id = @from');
    this.repointOutbox = db.prepare('UPDATE outbox SET profile_id = @to, updated_at = @now WHERE profile_id = @from');

    this.upsertTransaction = db
      .transaction((profile: Profile, identifiers: readonly ClearIdentifier[], meta: UpsertMeta) => this.upsertNow(profile, identifiers, meta))
      .immediate;
    this.eraseTransaction = db.transaction((id: string) => this.eraseNow(id)).immediate;
    this.mergeTransaction = db.transaction((fromId: string, intoId: string, activate: boolean) => this.mergeNow(fromId, intoId, activate)).immediate;
    const signup = db.transaction((input: PendingProfileInput) => this.signupNow(input, outbox));
    this.signupTransaction = (input) => withFullSync(db, () => signup.immediate(input));
  }

  /** The profile an identifier (normalised, in clear) belongs to. One HMAC and one indexed lookup. */
  findByIdentifier(kind: IdentifierKind, value: string): Profile | undefined {
    const row = this.byHash.get(this.hasher.hash(kind, value)) as ProfileRow | undefined;
    return row ? profileFromRow(row) : undefined;
  }

  findById(id: string): Profile | undefined {
    const row = this.byId.get(id) as ProfileRow | undefined;
    return row ? profileFromRow(row) : undefined;
  }

  /** Which kinds of identifier the profile has (not their values: the cache does not know them). */
  identifierKinds(id: string): IdentifierKind[] {
    return (this.kindsOf.all(id) as number[]).flatMap((code) => identifierKindFromCode(code) ?? []);
  }

  /** Profiles in the cache (a count over the smallest index: milliseconds at a million). */
  count(): number {
    return this.countAll.get() as number;
  }

  /**
   * Stores the profile as the CRM sends it, replacing its identifiers with `identifiers`. An identifier held by
   * another profile moves to this one (the CRM is the authority on who owns a phone number).
   */
  upsertProfile(profile: Profile, identifiers: readonly ClearIdentifier[], meta: UpsertMeta = {}): 'applied' | 'stale' {
    return this.upsertTransaction(profile, identifiers, meta);
  }

  /**
   * The CRM confirmed a new balance (a points redemption): stores it without touching the profile's identifiers or
   * its source version, so the change-feed upsert that follows still applies. A balance older than the stored one
   * is ignored. Answers whether it was stored.
   */
  updatePoints(id: string, balance: number, asOf: number): boolean {
    return this.setPoints.run({ id, balance, asOf, now: this.now() }).changes > 0;
  }

  /**
   * A member signed up at the till: the profile (status `pending_sync`), its hashed identifiers, its consents and a
   * `signup` outbox item carrying what the CRM needs, in one fsynced transaction. If an identifier is already known,
   * nothing is written and the existing profile is returned.
   */
  createPendingProfile(input: PendingProfileInput): PendingProfileResult {
    if (input.identifiers.length === 0) throw new Error('a sign-up needs at least one identifier');
    return this.signupTransaction(input);
  }

  /**
   * Erasure: the profile, its identifiers and consents leave the cache; its receipts and outbox items stay (they are
   * still owed to the CRM) but no longer point at anyone. Returns whether the profile was in the cache.
   */
  eraseProfile(id: string): boolean {
    const existed = this.eraseTransaction(id);
    truncateWal(this.db);
    return existed;
  }

  /**
   * Profile `fromId` was merged into `intoId` at the CRM: its identifiers, consents (the newer decision per purpose
   * wins), receipts and outbox items now belong to `intoId`, and `fromId` is gone. If `intoId` is not in the cache
   * yet, `fromId`'s row is renamed to it and stands in until the CRM's copy arrives.
   */
  mergeProfile(fromId: string, intoId: string): void {
    if (fromId === intoId) return;
    this.mergeTransaction(fromId, intoId, false);
  }

  /**
   * The CRM answered a sign-up: the till's provisional id is `crmId` from now on. Same as a merge (the CRM may already
   * have had this member, from the web shop), and the profile is no longer `pending_sync`.
   */
  repointProfileId(provisionalId: string, crmId: string): void {
    this.mergeTransaction(provisionalId, crmId, true);
  }

  private upsertNow(profile: Profile, identifiers: readonly ClearIdentifier[], meta: UpsertMeta): 'applied' | 'stale' {
    const existing = this.pkById.get(profile.id) as { pk: number; source_version: number | null } | undefined;
    const sourceVersion = meta.sourceVersion ?? null;
    if (existing && sourceVersion !== null && existing.source_version !== null && sourceVersion <= existing.source_version) {
      return 'stale';
    }
    const params = { ...profileParams(profile), updatedAt: this.now(), sourceVersion };
    let pk: number;
    if (existing) {
      pk = existing.pk;
      this.updateProfile.run({ ...params, pk });
      this.replaceIdentifiers(pk, identifiers);
    } else {
      pk = Number(this.insertProfile.run(params).lastInsertRowid);
      this.writeIdentifiers(pk, identifiers);
    }
    return 'applied';
  }

  private signupNow(input: PendingProfileInput, outbox: OutboxRepository): PendingProfileResult {
    for (const identifier of input.identifiers) {
      const existing = this.findByIdentifier(identifier.kind, identifier.value);
      if (existing) return { status: 'exists', profile: existing };
    }
    const profile: Profile = {
      id: input.id ?? uuidv7(),
      firstName: input.firstName,
      displayName: input.displayName ?? input.firstName,
      tier: null,
      pointsBalance: 0,
      pointsAsOf: null,
      status: 'pending_sync',
    };
    if (this.pkById.get(profile.id)) throw new Error('a profile with this provisional id already exists');
    const pk = Number(this.insertProfile.run({ ...profileParams(profile), updatedAt: this.now(), sourceVersion: null }).lastInsertRowid);
    this.writeIdentifiers(pk, input.identifiers);
    const consents = input.consents.map((c) => ({ purpose: c.purpose, granted: c.granted, at: input.at, source: input.source, ...(c.version ? { version: c.version } : {}) }));
    for (const c of consents) this.insertConsent.run(profile.id, c.purpose, c.granted ? 1 : 0, c.at, c.source, c.version ?? null);
    const outboxId = outbox.enqueue({
      kind: 'signup',
      profileId: profile.id,
      payload: {
        provisionalId: profile.id,
        firstName: profile.firstName,
        displayName: profile.displayName,
        identifiers: input.identifiers.map((i) => ({ kind: i.kind, value: i.value })),
        consents,
        createdAt: input.at,
      },
    });
    return { status: 'created', profile, outboxId };
  }

  private eraseNow(id: string): boolean {
    const existing = this.pkById.get(id) as { pk: number } | undefined;
    if (existing) {
      this.deleteIdentifiersOf.run(existing.pk);
      this.deleteProfile.run(existing.pk);
    }
    this.deleteConsentsOf.run(id);
    this.repointReceipts.run({ from: id, to: null });
    this.repointOutbox.run({ from: id, to: null, now: this.now() });
    return existing !== undefined;
  }

  private mergeNow(fromId: string, intoId: string, activate: boolean): void {
    const now = this.now();
    if (fromId !== intoId) {
      const from = this.pkById.get(fromId) as { pk: number } | undefined;
      const into = this.pkById.get(intoId) as { pk: number } | undefined;
      if (from && into) {
        this.moveIdentifiers.run(into.pk, from.pk);
        this.deleteProfile.run(from.pk);
      } else if (from) {
        this.renameProfile.run(intoId, now, from.pk);
      }
      this.mergeConsents.run({ from: fromId, into: intoId });
      this.deleteConsentsOf.run(fromId);
      this.repointReceipts.run({ from: fromId, to: intoId });
      this.repointOutbox.run({ from: fromId, to: intoId, now });
    }
    if (activate) this.activateProfile.run(now, intoId);
  }

  /**
   * Makes the profile's identifiers exactly `identifiers`, writing only the difference: most upserts (points, tier,
   * name) keep every identifier, and rewriting them would scatter writes over the hash index (measured: 10k upserts
   * at 1M profiles took ~1.3 s that way). A stored duplicate (a replayed bootstrap page) goes too.
   */
  private replaceIdentifiers(pk: number, identifiers: readonly ClearIdentifier[]): void {
    const wanted = new Map<string, [Buffer, number]>();
    for (const identifier of identifiers) {
      const hash = this.hasher.hash(identifier.kind, identifier.value);
      wanted.set(hash.toString('latin1'), [hash, identifierKindCode(identifier.kind)]);
    }
    for (const [rowid, hash] of this.identifiersOf.all(pk) as Array<[number, Buffer]>) {
      if (!wanted.delete(hash.toString('latin1'))) this.deleteIdentifierRow.run(rowid);
    }
    for (const [hash, kind] of wanted.values()) this.claimIdentifier(pk, hash, kind);
  }

  private writeIdentifiers(pk: number, identifiers: readonly ClearIdentifier[]): void {
    for (const identifier of identifiers) this.claimIdentifier(pk, this.hasher.hash(identifier.kind, identifier.value), identifierKindCode(identifier.kind));
  }

  /** The identifier belongs to `pk` from now on, wherever it was. */
  private claimIdentifier(pk: number, hash: Buffer, kind: number): void {
    this.deleteIdentifierByHash.run(hash);
    this.insertIdentifier.run(hash, kind, pk);
  }
}

function profileParams(profile: Profile): Record<string, string | number | null> {
  return {
    id: profile.id,
    firstName: profile.firstName,
    displayName: profile.displayName,
    tier: profile.tier,
    pointsBalance: profile.pointsBalance,
    pointsAsOf: profile.pointsAsOf,
    status: profile.status,
  };
}
