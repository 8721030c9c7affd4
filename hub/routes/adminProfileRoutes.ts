import { profileFromRow } from '../../sync/protocol';
import type { ReceiptPayload, WireProfile } from '../../sync/protocol';
import { writeTransaction } from '../db/sql';
import type { Sql } from '../db/sql';
import type { HubParts } from '../hubParts';
import { jsonReply, noContentReply, problemReply, validationProblem } from '../http/replies';
import type { Reply, Route } from '../http/routeTable';
import { renderProfileRow } from '../mirror/profileRow';
import type { ProfileState } from '../mirror/profileRow';
import { adminIdentifiers } from './adminIdentifiers';
import { AdminCreateProfileSchema, AdminMergeSchema, AdminPatchProfileSchema, AdminReceiptsQuerySchema } from './adminProfileSchemas';
import type { AdminProfileView, HeldReceiptView } from './adminProfileSchemas';
import { memberDisplayName } from '../mirror/displayName';

function wire(state: ProfileState): WireProfile {
  return profileFromRow(JSON.parse(renderProfileRow(state)));
}

interface ReceiptRow {
  payload: string;
  profile_id: string | null;
  till_id: string;
  received_at: number;
}

function heldReceiptView(r: ReceiptRow): HeldReceiptView {
  return { ...(JSON.parse(r.payload) as ReceiptPayload), linkedProfileId: r.profile_id, deviceId: r.till_id, receivedAt: r.received_at };
}

/** A live profile named in a path, or the 404 that says why it is not there (erased, merged into another, unknown). */
export async function liveProfile(sql: Sql, parts: HubParts, id: string | undefined): Promise<{ state: ProfileState } | { reply: Reply }> {
  const state = id === undefined ? null : await parts.mirror.get(sql, id);
  if (state) return { state };
  const [gone] = id === undefined ? [] : await sql.query<{ reason: string; into_profile_id: string | null }>('SELECT reason, into_profile_id FROM gone_profiles WHERE profile_id = $1', [id]);
  if (gone?.reason === 'erased') return { reply: problemReply(404, 'profile_erased', 'this profile was erased') };
  if (gone?.reason === 'merged') return { reply: problemReply(404, 'profile_merged', 'this profile was merged into another', { into: gone.into_profile_id }) };
  return { reply: problemReply(404, 'not_found', 'no such profile') };
}

/** Admin: create, read, change, erase and merge profiles, and the receipts the hub holds (as the emulated CRM's). */
export function adminProfileRoutes(parts: HubParts): Route[] {
  const { db, mirror } = parts;
  return [
    {
      method: 'POST', path: '/admin/profiles', auth: 'admin',
      handle: async ({ body, now }) => {
        const parsed = AdminCreateProfileSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the profile');
        const input = parsed.data;
        const ids = adminIdentifiers(input);
        if (!ids.ok) return problemReply(400, 'bad_request', `${ids.field}: ${ids.message}`, { errors: [{ path: ids.field, message: ids.message }] });
        return writeTransaction(db, async (tx): Promise<Reply> => {
          for (const [kind, value] of ids.identifiers) {
            if ((await mirror.findByIdentifier(tx, kind, value)) !== null) return problemReply(409, 'identifier_taken', `another profile already has this ${kind}`, { kind });
          }
          const id = await mirror.createLocal(tx, {
            firstName: input.firstName, lastName: input.lastName ?? null, displayName: memberDisplayName(input.firstName, input.lastName ?? null),
            tier: input.tier ?? 'member', pointsBalance: input.points ?? 0, pointsAsOf: now, identifiers: ids.identifiers,
          }, now);
          return jsonReply(201, { id });
        });
      },
    },
    {
      method: 'GET', path: '/admin/profiles/:id', auth: 'admin',
      handle: async ({ params }) => {
        const found = await liveProfile(db, parts, params.id);
        if ('reply' in found) return found.reply;
        const id = found.state.profileId;
        const receipts = await db.query<ReceiptRow>('SELECT payload, profile_id, till_id, received_at FROM receipts WHERE profile_id = $1 ORDER BY received_at, receipt_id', [id]);
        const consents = await db.query<{ purpose: string; granted: boolean; at: string; source: string; till_id: string; received_at: number }>(
          'SELECT purpose, granted, at, source, till_id, received_at FROM consents WHERE profile_id = $1 ORDER BY id',
          [id],
        );
        const view: AdminProfileView = {
          profile: wire(found.state),
          lastName: await mirror.lastName(db, id),
          receipts: receipts.map(heldReceiptView),
          consents: consents.map((c) => ({ purpose: c.purpose, granted: c.granted, at: c.at, source: c.source, deviceId: c.till_id, receivedAt: c.received_at })),
        };
        return jsonReply(200, view);
      },
    },
    {
      method: 'PATCH', path: '/admin/profiles/:id', auth: 'admin',
      handle: async ({ params, body, now }) => {
        const parsed = AdminPatchProfileSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the change');
        return writeTransaction(db, async (tx): Promise<Reply> => {
          const found = await liveProfile(tx, parts, params.id);
          if ('reply' in found) return found.reply;
          const next: ProfileState = { ...found.state };
          if (parsed.data.firstName !== undefined) next.firstName = parsed.data.firstName;
          if (parsed.data.tier !== undefined) next.tier = parsed.data.tier;
          if (parsed.data.points !== undefined) {
            next.pointsBalance = parsed.data.points;
            next.pointsAsOf = now;
          }
          await mirror.save(tx, next, now);
          return jsonReply(200, { profile: wire(next) });
        });
      },
    },
    {
      method: 'DELETE', path: '/admin/profiles/:id', auth: 'admin',
      handle: async ({ params, now }) =>
        writeTransaction(db, async (tx): Promise<Reply> => {
          const found = await liveProfile(tx, parts, params.id);
          if ('reply' in found) return found.reply;
          await mirror.erase(tx, found.state.profileId, now);
          parts.logger.info({ profileId: found.state.profileId }, 'profile erased');
          return noContentReply();
        }),
    },
    {
      method: 'POST', path: '/admin/profiles/:id/merge', auth: 'admin',
      handle: async ({ params, body, now }) => {
        const parsed = AdminMergeSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the merge');
        return writeTransaction(db, async (tx): Promise<Reply> => {
          const from = await liveProfile(tx, parts, params.id);
          if ('reply' in from) return from.reply;
          const into = await liveProfile(tx, parts, parsed.data.into);
          if ('reply' in into) return into.reply;
          const outcome = await mirror.merge(tx, from.state.profileId, into.state.profileId, now);
          if (outcome === 'same_profile') return problemReply(400, 'invalid_operation', 'a profile cannot be merged into itself');
          return jsonReply(200, { from: from.state.profileId, into: into.state.profileId });
        });
      },
    },
    {
      method: 'GET', path: '/admin/receipts', auth: 'admin',
      handle: async ({ query }) => {
        const parsed = AdminReceiptsQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the receipts query');
        const { profileId, limit } = parsed.data;
        const rows = profileId === undefined
          ? await db.query<ReceiptRow>('SELECT payload, profile_id, till_id, received_at FROM receipts ORDER BY received_at, receipt_id LIMIT $1', [limit])
          : await db.query<ReceiptRow>('SELECT payload, profile_id, till_id, received_at FROM receipts WHERE profile_id = $1 ORDER BY received_at, receipt_id LIMIT $2', [profileId, limit]);
        return jsonReply(200, { receipts: rows.map(heldReceiptView) });
      },
    },
  ];
}
