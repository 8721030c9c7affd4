import { PROFILE_SUMMARY_PATH, ProfileIdSchema } from '../../protocol';
import type { CrmParts } from '../crmParts';
import { jsonReply, syncProblem, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';
import { AdminAddOfferSchema, AdminAddPurchaseSchema } from '../summary/adminSummarySchemas';
import { ProfileSummaryDesk } from '../summary/profileSummaryDesk';
import { profileIdOf } from '../store/profileIds';
import { liveProfileSeq } from './adminProfileLookup';

const UNKNOWN = 'no profile with this id is known to the CRM (it may have been erased)';

/**
 * The till's profile summary (docs/sync-protocol.md, "Profile summary"), authenticated by device token, and the admin
 * endpoints that add offers and purchases made elsewhere. Not subject to injected faults, like step-up.
 */
export function profileSummaryRoutes(parts: CrmParts): Route[] {
  const desk = new ProfileSummaryDesk(parts.db, parts.profiles, parts.enrolment.store.storeName);
  return [
    {
      method: 'GET', path: PROFILE_SUMMARY_PATH, auth: 'device',
      handle: ({ params, now }) => {
        const id = ProfileIdSchema.safeParse(params.id);
        const summary = id.success ? desk.summarise(id.data, now) : null;
        return summary === null ? syncProblem('not_found', UNKNOWN) : jsonReply(200, summary);
      },
    },
    {
      method: 'POST', path: '/admin/profiles/:id/offers', auth: 'admin',
      handle: ({ params, body, now }) => {
        const parsed = AdminAddOfferSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the offer');
        const found = liveProfileSeq(parts, params.id);
        if ('reply' in found) return found.reply;
        const { title, validUntil, personal } = parsed.data;
        desk.addOffer(found.seq, { title, validUntil: validUntil === undefined ? null : Date.parse(validUntil), personal }, now);
        return jsonReply(201, { profileId: profileIdOf(found.seq) });
      },
    },
    {
      method: 'POST', path: '/admin/profiles/:id/purchases', auth: 'admin',
      handle: ({ params, body, now }) => {
        const parsed = AdminAddPurchaseSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the purchase');
        const found = liveProfileSeq(parts, params.id);
        if ('reply' in found) return found.reply;
        const p = parsed.data;
        desk.addPurchase(found.seq, {
          channel: p.channel, at: p.at === undefined ? now : Date.parse(p.at), total: p.total, currency: p.currency, itemCount: p.itemCount,
          storeName: p.storeName ?? (p.channel === 'store' ? parts.enrolment.store.storeName : null),
        });
        return jsonReply(201, { profileId: profileIdOf(found.seq) });
      },
    },
  ];
}
