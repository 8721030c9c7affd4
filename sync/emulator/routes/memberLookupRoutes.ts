import { MEMBER_LOOKUP_PATH, MemberLookupRequestSchema, profileFromRow } from '../../protocol';
import type { MemberLookupAnswer, ProfileRow } from '../../protocol';
import type { CrmParts } from '../crmParts';
import { DEMO_SHARED_PHONE } from '../demo/demoSharedPhone';
import { jsonReply, syncProblem, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';
import { renderProfileRow } from '../store/profileRow';

/**
 * Member lookup (docs/sync-protocol.md, "POST /sync/v1/lookup"), authenticated by device token: the member holding an
 * identifier, from the emulator's own profiles. Not subject to injected faults, like the profile summary.
 */
export function memberLookupRoutes(parts: CrmParts): Route[] {
  const { store } = parts.profiles;
  return [
    {
      method: 'POST', path: MEMBER_LOOKUP_PATH, auth: 'device',
      handle: ({ body }) => {
        const parsed = MemberLookupRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the member lookup');
        const { kind, value } = parsed.data.identifier;
        if (kind === 'phone' && value === DEMO_SHARED_PHONE && store.get(1) !== null && store.get(2) !== null) {
          return syncProblem('several_members', 'several members share this identifier: ask the customer for another one');
        }
        const seq = store.identifiers.find(kind, value);
        const state = seq === null ? null : store.get(seq);
        if (state === null) return syncProblem('member_not_found', 'no member holds this identifier');
        const answer: MemberLookupAnswer = { profile: profileFromRow(JSON.parse(renderProfileRow(state)) as ProfileRow) };
        return jsonReply(200, answer);
      },
    },
  ];
}
