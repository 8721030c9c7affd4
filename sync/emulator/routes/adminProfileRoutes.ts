import { profileFromRow } from '../../protocol';
import { adminIdentifiers } from '../admin/adminIdentifiers';
import { AdminCreateProfileSchema, AdminMergeSchema, AdminPatchProfileSchema } from '../admin/adminSchemas';
import type { AdminProfileView } from '../admin/adminSchemas';
import type { CrmParts } from '../crmParts';
import { jsonReply, noContentReply, problemReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';
import { profileIdOf } from '../store/profileIds';
import type { ProfileState } from '../store/profileRow';
import { heldReceiptView } from './heldReceiptView';
import { liveProfileSeq, missingProfileReply } from './adminProfileLookup';

function wire(state: ProfileState): AdminProfileView['profile'] {
  return profileFromRow([profileIdOf(state.seq), state.firstName, state.displayName, state.tier, state.pointsBalance, state.pointsAsOf, 'active', state.identifiers]);
}

/** Admin: create, read, change, erase and merge profiles. */
export function adminProfileRoutes(parts: CrmParts): Route[] {
  return [
    {
      method: 'POST', path: '/admin/profiles', auth: 'admin',
      handle: ({ body, now }) => {
        const parsed = AdminCreateProfileSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the profile');
        const input = parsed.data;
        const ids = adminIdentifiers(input);
        if (!ids.ok) return problemReply(400, 'bad_request', `${ids.field}: ${ids.message}`, { errors: [{ path: ids.field, message: ids.message }] });
        const lastInitial = input.lastName ? ` ${input.lastName.charAt(0)}.` : '';
        const created = parts.profiles.create({
          firstName: input.firstName, lastName: input.lastName ?? null, displayName: `${input.firstName}${lastInitial}`,
          tier: input.tier ?? 'member', pointsBalance: input.points ?? 0, pointsAsOf: now, identifiers: ids.identifiers,
        }, now);
        if (!created.ok) return problemReply(409, 'identifier_taken', `another profile already has this ${created.kind}`, { kind: created.kind });
        return jsonReply(201, { id: profileIdOf(created.seq) });
      },
    },
    {
      method: 'GET', path: '/admin/profiles/:id', auth: 'admin',
      handle: ({ params }) => {
        const found = liveProfileSeq(parts, params.id);
        if ('reply' in found) return found.reply;
        const state = parts.profiles.store.get(found.seq);
        if (!state) return problemReply(404, 'not_found', 'no such profile');
        const view: AdminProfileView = {
          profile: wire(state),
          lastName: parts.profiles.store.lastName(found.seq),
          receipts: parts.ledger.receipts({ profileSeq: found.seq, limit: 10_000 }).map(heldReceiptView),
          consents: parts.ledger.consents(found.seq),
        };
        return jsonReply(200, view);
      },
    },
    {
      method: 'PATCH', path: '/admin/profiles/:id', auth: 'admin',
      handle: ({ params, body, now }) => {
        const parsed = AdminPatchProfileSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the change');
        const found = liveProfileSeq(parts, params.id);
        if ('reply' in found) return found.reply;
        const updated = parts.profiles.update(found.seq, parsed.data, now);
        return 'missing' in updated ? missingProfileReply(updated) : jsonReply(200, { profile: wire(updated) });
      },
    },
    {
      method: 'DELETE', path: '/admin/profiles/:id', auth: 'admin',
      handle: ({ params, now }) => {
        const found = liveProfileSeq(parts, params.id);
        if ('reply' in found) return found.reply;
        const erased = parts.profiles.erase(found.seq, now);
        if (erased !== true) return missingProfileReply(erased);
        parts.logger.info({ profileId: params.id }, 'profile erased');
        return noContentReply();
      },
    },
    {
      method: 'POST', path: '/admin/profiles/:id/merge', auth: 'admin',
      handle: ({ params, body, now }) => {
        const parsed = AdminMergeSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the merge');
        const from = liveProfileSeq(parts, params.id);
        if ('reply' in from) return from.reply;
        const into = liveProfileSeq(parts, parsed.data.into);
        if ('reply' in into) return into.reply;
        const merged = parts.profiles.merge(from.seq, into.seq, now);
        if (merged !== true) {
          return 'invalid' in merged ? problemReply(400, 'invalid_operation', 'a profile cannot be merged into itself') : missingProfileReply(merged);
        }
        return jsonReply(200, { from: profileIdOf(from.seq), into: profileIdOf(into.seq) });
      },
    },
  ];
}
