import { MemberQrRequestSchema } from '../admin/adminSchemas';
import type { CrmParts } from '../crmParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';
import { profileIdOf } from '../store/profileIds';
import { liveProfileSeq } from './adminProfileLookup';

/** Admin: a currently valid signed member QR token, as the member app would show it. */
export function adminMemberQrRoutes(parts: CrmParts): Route[] {
  return [
    {
      method: 'POST', path: '/admin/member-qr/:id', auth: 'admin',
      handle: ({ params, body, now }) => {
        const parsed = MemberQrRequestSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the token request');
        const found = liveProfileSeq(parts, params.id);
        if ('reply' in found) return found.reply;
        return jsonReply(201, parts.keyring.sign(profileIdOf(found.seq), now, parsed.data.ttlSeconds));
      },
    },
  ];
}
