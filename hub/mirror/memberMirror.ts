import type { Sql } from '../db/sql';
import type { ChangeLog } from '../feed/changeLog';
import type { IdentifierKind, IdentifierTuple } from '../../sync/protocol';
import { deleteHeldIdentifiers, heldBy, moveHeldIdentifiers } from './heldIdentifiers';
import type { HeldIdentifiers } from './heldIdentifiers';
import { localProfileId } from './localProfileId';
import { parseProfileRow, renderProfileRow } from './profileRow';
import type { ProfileState } from './profileRow';

export interface MirroredProfile extends ProfileState {
  lastName: string | null;
}

/** Where a till's reference to a profile leads: a live profile, nobody (erased), or not known (yet). */
export type Resolution = { profileId: string } | { erased: true } | { unknown: true };

/**
 * The member mirror: profiles, their identifiers in clear (normalised), points. Every write appends its change to
 * the change log in the same transaction; callers hold a write transaction (db/sql.ts writeTransaction).
 */
export class MemberMirror {
  constructor(private readonly feed: ChangeLog) {}

  async count(sql: Sql): Promise<number> {
    const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM profiles');
    return row?.n ?? 0;
  }

  async get(sql: Sql, profileId: string): Promise<ProfileState | null> {
    const [row] = await sql.query<{ row_json: string }>('SELECT row_json FROM profiles WHERE profile_id = $1', [profileId]);
    return row === undefined ? null : parseProfileRow(row.row_json);
  }

  /** The profile holding an identifier, or null. */
  async findByIdentifier(sql: Sql, kind: IdentifierKind, value: string): Promise<string | null> {
    const [row] = await sql.query<{ profile_id: string }>('SELECT profile_id FROM identifiers WHERE kind = $1 AND value = $2', [kind, value]);
    return row?.profile_id ?? null;
  }

  /**
   * Creates or replaces a profile with the id its CRM gave it. Identifiers another profile holds move to this one
   * (the CRM's latest word wins), and that profile's upsert follows in the feed too.
   */
  async upsert(tx: Sql, profile: MirroredProfile, now: number): Promise<void> {
    const { lastName, ...state } = profile;
    const rowJson = renderProfileRow(state);
    // The row before, read in the same statement: what the profile held until now (heldIdentifiers.ts).
    const [written] = await tx.query<{ previous: string | null }>(
      `WITH old AS (SELECT row_json FROM profiles WHERE profile_id = $1)
       INSERT INTO profiles (profile_id, last_name, created_at, row_json) VALUES ($1, $2, $3, $4)
       ON CONFLICT (profile_id) DO UPDATE SET last_name = excluded.last_name, row_json = excluded.row_json
       RETURNING (SELECT row_json FROM old) AS previous`,
      [state.profileId, lastName, now, rowJson],
    );
    await this.setIdentifiers(tx, heldBy(state.profileId, written?.previous), state.identifiers, now);
    await this.feed.append(tx, 'upsert', state.profileId, null, now);
  }

  /** A profile the hub makes itself (a sign-up with no CRM to ask): the id comes from the mirror's row number. */
  async createLocal(tx: Sql, profile: Omit<MirroredProfile, 'profileId'>, now: number): Promise<string> {
    const [row] = await tx.query<{ seq: number }>("SELECT nextval(pg_get_serial_sequence('profiles', 'seq')) AS seq");
    const seq = row?.seq ?? 0;
    const profileId = localProfileId(seq);
    const { lastName, ...rest } = profile;
    await tx.query('INSERT INTO profiles (seq, profile_id, last_name, created_at, row_json) VALUES ($1, $2, $3, $4, $5)', [
      seq, profileId, lastName, now, renderProfileRow({ profileId, ...rest }),
    ]);
    await this.setIdentifiers(tx, heldBy(profileId, null), rest.identifiers, now);
    await this.feed.append(tx, 'upsert', profileId, null, now);
    return profileId;
  }

  /** Saves new wire fields of an existing profile (identifiers included) and feeds the upsert. */
  async save(tx: Sql, state: ProfileState, now: number): Promise<void> {
    const [written] = await tx.query<{ previous: string | null }>(
      `WITH old AS (SELECT row_json FROM profiles WHERE profile_id = $2)
       UPDATE profiles SET row_json = $1 WHERE profile_id = $2 RETURNING (SELECT row_json FROM old) AS previous`,
      [renderProfileRow(state), state.profileId],
    );
    await this.setIdentifiers(tx, heldBy(state.profileId, written?.previous), state.identifiers, now);
    await this.feed.append(tx, 'upsert', state.profileId, null, now);
  }

  async creditPoints(tx: Sql, profileId: string, points: number, now: number): Promise<void> {
    await this.creditPointsEach(tx, new Map([[profileId, points]]), now);
  }

  /**
   * Credits each profile its points (a batch's receipts, summed per profile): one read, one write and one feed append
   * for all of them, an upsert per profile credited, in the map's order. Only points and their date change, so the
   * identifiers are not rewritten. Ids not live (none, under the write lock, once resolved) are skipped.
   */
  async creditPointsEach(tx: Sql, points: ReadonlyMap<string, number>, now: number): Promise<void> {
    const wanted = [...points].filter(([, n]) => n !== 0).map(([id]) => id);
    if (wanted.length === 0) return;
    const rows = await tx.query<{ profile_id: string; row_json: string }>('SELECT profile_id, row_json FROM profiles WHERE profile_id = ANY($1::text[])', [wanted]);
    const current = new Map(rows.map((r) => [r.profile_id, parseProfileRow(r.row_json)]));
    const ids: string[] = [];
    const rowJsons: string[] = [];
    for (const id of wanted) {
      const state = current.get(id);
      if (state === undefined) continue;
      ids.push(id);
      rowJsons.push(renderProfileRow({ ...state, pointsBalance: state.pointsBalance + (points.get(id) ?? 0), pointsAsOf: now }));
    }
    if (ids.length === 0) return;
    await tx.query(
      'UPDATE profiles p SET row_json = u.row_json FROM unnest($1::text[], $2::text[]) AS u(profile_id, row_json) WHERE p.profile_id = u.profile_id',
      [ids, rowJsons],
    );
    await this.feed.appendUpserts(tx, ids, now);
  }

  /**
   * Gives `count` profiles one more point each (an upsert each), walking the mirror round-robin from where the last
   * touch stopped (kept in hub_meta, so every hub process continues the same walk). For delta benches and tests.
   */
  async touch(tx: Sql, count: number, now: number): Promise<number> {
    const [kept] = await tx.query<{ value: string }>("SELECT value FROM hub_meta WHERE key = 'touch_cursor'");
    let cursor = kept === undefined ? 0 : Number(kept.value);
    let touched = 0;
    while (touched < count) {
      const rows = await tx.query<{ seq: number; profile_id: string; row_json: string }>(
        'SELECT seq, profile_id, row_json FROM profiles WHERE seq > $1 ORDER BY seq LIMIT $2', [cursor, Math.min(10_000, count - touched)],
      );
      if (rows.length === 0) {
        if (cursor === 0) break; // no profiles at all
        cursor = 0;
        continue;
      }
      const rowJsons = rows.map((r) => {
        const state = parseProfileRow(r.row_json);
        return renderProfileRow({ ...state, pointsBalance: state.pointsBalance + 1, pointsAsOf: now });
      });
      const ids = rows.map((r) => r.profile_id);
      await tx.query(
        'UPDATE profiles p SET row_json = u.row_json FROM unnest($1::text[], $2::text[]) AS u(profile_id, row_json) WHERE p.profile_id = u.profile_id',
        [ids, rowJsons],
      );
      await this.feed.appendUpserts(tx, ids, now);
      cursor = rows[rows.length - 1]?.seq ?? cursor;
      touched += rows.length;
    }
    await tx.query("INSERT INTO hub_meta (key, value) VALUES ('touch_cursor', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(cursor)]);
    return touched;
  }

  /**
   * Erasure: the profile and everything personal go (receipt deliveries too: they hold an address); receipts stay,
   * unlinked; a tombstone enters the feed.
   */
  async erase(tx: Sql, profileId: string, now: number): Promise<boolean> {
    const [deleted] = await tx.query<{ row_json: string }>('DELETE FROM profiles WHERE profile_id = $1 RETURNING row_json', [profileId]);
    if (deleted === undefined) return false;
    await deleteHeldIdentifiers(tx, [heldBy(profileId, deleted.row_json)]);
    await tx.query('UPDATE receipts SET profile_id = NULL WHERE profile_id = $1', [profileId]);
    for (const table of ['consents', 'member_offers', 'channel_purchases', 'receipt_deliveries']) await tx.query(`DELETE FROM ${table} WHERE profile_id = $1`, [profileId]);
    await tx.query("INSERT INTO gone_profiles (profile_id, reason, into_profile_id, at) VALUES ($1, 'erased', NULL, $2) ON CONFLICT (profile_id) DO NOTHING", [profileId, now]);
    await this.feed.append(tx, 'erase', profileId, null, now);
    return true;
  }

  /**
   * `from` merged into `into`: identifiers, points, receipts, consents, offers, purchases and receipt deliveries move; `from` is gone and
   * its id leads to `into` from now on. The feed gets the merge, then the survivor's upsert.
   */
  async merge(tx: Sql, fromId: string, intoId: string, now: number): Promise<'merged' | 'same_profile' | 'missing'> {
    if (fromId === intoId) return 'same_profile';
    const from = await this.get(tx, fromId);
    const into = await this.get(tx, intoId);
    if (!from || !into) return 'missing';
    await tx.query('DELETE FROM profiles WHERE profile_id = $1', [fromId]);
    await tx.query("INSERT INTO gone_profiles (profile_id, reason, into_profile_id, at) VALUES ($1, 'merged', $2, $3) ON CONFLICT (profile_id) DO NOTHING", [fromId, intoId, now]);
    await moveHeldIdentifiers(tx, { profileId: fromId, identifiers: from.identifiers }, intoId);
    for (const table of ['receipts', 'consents', 'member_offers', 'channel_purchases', 'receipt_deliveries']) {
      await tx.query(`UPDATE ${table} SET profile_id = $1 WHERE profile_id = $2`, [intoId, fromId]);
    }
    await tx.query('UPDATE provisional_mappings SET profile_id = $1 WHERE profile_id = $2', [intoId, fromId]);
    const merged: ProfileState = {
      ...into,
      firstName: into.firstName ?? from.firstName,
      displayName: into.displayName ?? from.displayName,
      pointsBalance: into.pointsBalance + from.pointsBalance,
      pointsAsOf: now,
      identifiers: [...into.identifiers, ...from.identifiers],
    };
    await this.feed.append(tx, 'merge', intoId, fromId, now);
    await this.save(tx, merged, now);
    return 'merged';
  }

  async lastName(sql: Sql, profileId: string): Promise<string | null> {
    const [row] = await sql.query<{ last_name: string | null }>('SELECT last_name FROM profiles WHERE profile_id = $1', [profileId]);
    return row?.last_name ?? null;
  }

  /**
   * What a till's reference names: a provisional id through its sign-up mapping, then merges followed to the survivor.
   */
  async resolveRef(sql: Sql, ref: string): Promise<Resolution> {
    return (await this.resolveRefs(sql, [ref])).get(ref) ?? { unknown: true };
  }

  /** resolveRef for a batch's references at once: one statement for the mappings, then one per merge hop. */
  async resolveRefs(sql: Sql, refs: readonly string[]): Promise<Map<string, Resolution>> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return new Map();
    const mapped = await sql.query<{ provisional_id: string; profile_id: string }>(
      'SELECT provisional_id, profile_id FROM provisional_mappings WHERE provisional_id = ANY($1::text[])',
      [unique],
    );
    const mappedTo = new Map(mapped.map((r) => [r.provisional_id, r.profile_id]));
    return this.followMerges(sql, new Map(unique.map((ref) => [ref, mappedTo.get(ref) ?? ref])));
  }

  /** Follows merges to the surviving profile. */
  async resolve(sql: Sql, profileId: string): Promise<Resolution> {
    return (await this.followMerges(sql, new Map([[profileId, profileId]]))).get(profileId) ?? { unknown: true };
  }

  /** Where each reference leads from the profile id it starts at: one statement per hop for all that are still going. */
  private async followMerges(sql: Sql, startAt: ReadonlyMap<string, string>): Promise<Map<string, Resolution>> {
    const resolved = new Map<string, Resolution>();
    let at = new Map<string, string[]>();
    const wait = (where: Map<string, string[]>, id: string, refs: readonly string[]): void => {
      where.set(id, [...(where.get(id) ?? []), ...refs]);
    };
    for (const [ref, id] of startAt) wait(at, id, [ref]);
    // Merge chains are short; the bound only guards against a corrupted cycle.
    for (let hops = 0; hops < 100 && at.size > 0; hops++) {
      const rows = await sql.query<{ id: string; live: boolean; reason: string | null; into_profile_id: string | null }>(
        `SELECT u.id, p.profile_id IS NOT NULL AS live, g.reason, g.into_profile_id
           FROM unnest($1::text[]) AS u(id)
           LEFT JOIN profiles p ON p.profile_id = u.id
           LEFT JOIN gone_profiles g ON g.profile_id = u.id`,
        [[...at.keys()]],
      );
      const next = new Map<string, string[]>();
      for (const row of rows) {
        const refs = at.get(row.id) ?? [];
        const settle = (outcome: Resolution): void => {
          for (const ref of refs) resolved.set(ref, outcome);
        };
        if (row.live) settle({ profileId: row.id });
        else if (row.reason === null) settle({ unknown: true });
        else if (row.reason === 'erased' || row.into_profile_id === null) settle({ erased: true });
        else wait(next, row.into_profile_id, refs);
      }
      at = next;
    }
    for (const refs of at.values()) for (const ref of refs) resolved.set(ref, { unknown: true });
    return resolved;
  }

  /** Gives the profile exactly `identifiers`: what it held (`previous`, from its row before) and no longer lists goes. */
  private async setIdentifiers(tx: Sql, previous: HeldIdentifiers, identifiers: readonly IdentifierTuple[], now: number): Promise<void> {
    const { profileId } = previous;
    const wanted = new Set(identifiers.map(([kind, value]) => `${kind}\u0000${value}`));
    const dropped = previous.identifiers.filter(([kind, value]) => !wanted.has(`${kind}\u0000${value}`));
    await deleteHeldIdentifiers(tx, [{ profileId, identifiers: dropped }]);
    for (const [kind, value] of identifiers) {
      const [moved] = await tx.query<{ previous: string | null }>(
        `WITH old AS (SELECT profile_id FROM identifiers WHERE kind = $1 AND value = $2)
         INSERT INTO identifiers (kind, value, profile_id) VALUES ($1, $2, $3)
         ON CONFLICT (kind, value) DO UPDATE SET profile_id = excluded.profile_id
         RETURNING (SELECT profile_id FROM old) AS previous`,
        [kind, value, profileId],
      );
      const from = moved?.previous ?? null;
      if (from !== null && from !== profileId) await this.dropIdentifier(tx, from, kind, value, now);
    }
  }

  /** Takes an identifier out of a profile's row after it moved to another profile. */
  private async dropIdentifier(tx: Sql, profileId: string, kind: IdentifierKind, value: string, now: number): Promise<void> {
    const state = await this.get(tx, profileId);
    if (state === null) return;
    const identifiers = state.identifiers.filter(([k, v]) => !(k === kind && v === value));
    await tx.query('UPDATE profiles SET row_json = $1 WHERE profile_id = $2', [renderProfileRow({ ...state, identifiers }), profileId]);
    await this.feed.append(tx, 'upsert', profileId, null, now);
  }
}
