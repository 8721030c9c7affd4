import type { HubDatabase, Sql } from '../db/sql';
import { writeTransaction } from '../db/sql';
import type { ChangeLog } from '../feed/changeLog';
import { deleteHeldIdentifiers, heldBy, identifierColumns } from '../mirror/heldIdentifiers';
import type { MemberMirror } from '../mirror/memberMirror';
import { renderProfileRow } from '../mirror/profileRow';
import type { ConnectorMember, CrmConnector } from './crmConnector';

/**
 * Writes one batch of members into the mirror in one write transaction: set-based (unnest) for members whose
 * identifiers no other profile holds, which is every member of a first import; one by one, through the mirror's
 * upsert (which moves identifiers and feeds both profiles' upserts), for the rest. Every member gets its upsert in
 * the change log, so tills that bootstrapped already receive them as deltas.
 */
export async function importMemberBatch(db: HubDatabase, mirror: MemberMirror, feed: ChangeLog, batch: readonly ConnectorMember[], now: number): Promise<void> {
  if (batch.length === 0) return;
  await writeTransaction(db, async (tx) => {
    const contested = await contestedProfiles(tx, batch);
    const plain = batch.filter((m) => !contested.has(m.profileId));
    if (plain.length > 0) await bulkUpsert(tx, plain, now);
    for (const m of batch) if (contested.has(m.profileId)) await mirror.upsert(tx, m, now);
    if (plain.length > 0) await feed.appendUpserts(tx, plain.map((m) => m.profileId), now);
  });
}

/** Runs a connector's full import into the mirror; answers how many members it wrote. */
export async function importAllMembers(db: HubDatabase, mirror: MemberMirror, feed: ChangeLog, connector: CrmConnector, now: () => number): Promise<number> {
  let count = 0;
  for await (const batch of connector.fullImport()) {
    await importMemberBatch(db, mirror, feed, batch, now());
    count += batch.length;
  }
  return count;
}

/** Members of the batch with an identifier held by another profile, or named twice in the batch. */
async function contestedProfiles(tx: Sql, batch: readonly ConnectorMember[]): Promise<Set<string>> {
  const kinds: string[] = [];
  const values: string[] = [];
  const owners: string[] = [];
  const seen = new Map<string, string>();
  const contested = new Set<string>();
  for (const m of batch) {
    for (const [kind, value] of m.identifiers) {
      const key = `${kind}\u0000${value}`;
      const other = seen.get(key);
      if (other !== undefined && other !== m.profileId) {
        contested.add(m.profileId);
        contested.add(other);
      }
      seen.set(key, m.profileId);
      kinds.push(kind);
      values.push(value);
      owners.push(m.profileId);
    }
  }
  const taken = await tx.query<{ owner: string }>(
    `SELECT w.owner FROM unnest($1::text[], $2::text[], $3::text[]) AS w(kind, value, owner)
       JOIN identifiers i ON i.kind = w.kind AND i.value = w.value AND i.profile_id <> w.owner`,
    [kinds, values, owners],
  );
  for (const t of taken) contested.add(t.owner);
  return contested;
}

async function bulkUpsert(tx: Sql, members: readonly ConnectorMember[], now: number): Promise<void> {
  const ids = members.map((m) => m.profileId);
  // A re-import replaces each member's identifiers with the CRM's set: what its row listed until now goes first.
  const before = await tx.query<{ profile_id: string; row_json: string }>('SELECT profile_id, row_json FROM profiles WHERE profile_id = ANY($1::text[])', [ids]);
  await deleteHeldIdentifiers(tx, before.map((row) => heldBy(row.profile_id, row.row_json)));
  await tx.query(
    `INSERT INTO profiles (profile_id, last_name, created_at, row_json)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[])
     ON CONFLICT (profile_id) DO UPDATE SET last_name = excluded.last_name, row_json = excluded.row_json`,
    [ids, members.map((m) => m.lastName), members.map(() => now), members.map(({ lastName: _lastName, ...state }) => renderProfileRow(state))],
  );
  await tx.query('INSERT INTO identifiers (kind, value, profile_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', identifierColumns(members));
}
