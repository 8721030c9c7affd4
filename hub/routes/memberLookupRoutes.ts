import { MEMBER_LOOKUP_PATH, MemberLookupRequestSchema } from '../../sync/protocol';
import type { MemberLookupAnswer } from '../../sync/protocol';
import type { HubParts } from '../hubParts';
import { jsonReply, problemReply, syncProblem, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

/**
 * Member lookup (docs/sync-protocol.md, "Member lookup"), authenticated by device token. Problems never carry the
 * identifier: their details are fixed sentences.
 */
export function memberLookupRoutes(parts: HubParts): Route[] {
  return [
    {
      method: 'POST', path: MEMBER_LOOKUP_PATH, auth: 'till',
      handle: async ({ body, now }) => {
        const parsed = MemberLookupRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the member lookup');
        const found = await parts.lookups.lookUp(parsed.data.identifier, now);
        switch (found.outcome) {
          case 'found':
            return jsonReply(200, { profile: found.profile } satisfies MemberLookupAnswer);
          case 'not_found':
            return syncProblem('member_not_found', 'no member holds this identifier');
          case 'several':
            return syncProblem('several_members', 'several members share this identifier: ask the customer for another one');
          case 'unavailable': {
            const reply = problemReply(503, 'unavailable', 'the CRM did not answer in time; the till answers from its own cache');
            return { ...reply, headers: { ...reply.headers, 'retry-after': String(Math.max(1, Math.ceil(found.retryAfterMs / 1000))) } };
          }
        }
      },
    },
  ];
}
