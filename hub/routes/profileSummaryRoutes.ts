import { PROFILE_SUMMARY_PATH, ProfileIdSchema } from '../../sync/protocol';
import type { HubParts } from '../hubParts';
import { jsonReply, syncProblem, validationProblem } from '../http/replies';
import type { Reply, Route } from '../http/routeTable';
import { liveProfile } from './adminProfileRoutes';
import { AdminAddOfferSchema, AdminAddPurchaseSchema } from './adminSummarySchemas';

const UNKNOWN = 'no profile with this id is known to the hub (it may have been erased)';

/**
 * The till's profile summary (docs/sync-protocol.md, "Profile summary"), authenticated by device token, and the admin
 * endpoints that add offers and purchases made elsewhere.
 */
export function profileSummaryRoutes(parts: HubParts): Route[] {
  const { db } = parts;
  // The admin adds to a live profile only, and is told why one is not (erased, merged into another, unknown).
  const adminTarget = async (id: string | undefined): Promise<{ profileId: string } | { reply: Reply }> => {
    const found = await liveProfile(db, parts, id);
    return 'reply' in found ? found : { profileId: found.state.profileId };
  };
  return [
    {
      method: 'GET', path: PROFILE_SUMMARY_PATH, auth: 'till',
      handle: async ({ params, now }) => {
        const id = ProfileIdSchema.safeParse(params.id);
        const summary = id.success ? await parts.summaries.summarise(db, id.data, now) : null;
        return summary === null ? syncProblem('not_found', UNKNOWN) : jsonReply(200, summary);
      },
    },
    {
      method: 'POST', path: '/admin/profiles/:id/offers', auth: 'admin',
      handle: async ({ params, body, now }) => {
        const parsed = AdminAddOfferSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the offer');
        const found = await adminTarget(params.id);
        if ('reply' in found) return found.reply;
        const { title, validUntil, personal } = parsed.data;
        await parts.summaries.addOffer(db, found.profileId, { title, validUntil: validUntil === undefined ? null : Date.parse(validUntil), personal }, now);
        return jsonReply(201, { profileId: found.profileId });
      },
    },
    {
      method: 'POST', path: '/admin/profiles/:id/purchases', auth: 'admin',
      handle: async ({ params, body, now }) => {
        const parsed = AdminAddPurchaseSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the purchase');
        const found = await adminTarget(params.id);
        if ('reply' in found) return found.reply;
        const p = parsed.data;
        await parts.summaries.addPurchase(db, found.profileId, {
          channel: p.channel, at: p.at === undefined ? now : Date.parse(p.at), total: p.total, currency: p.currency, itemCount: p.itemCount, storeName: p.storeName ?? null,
        });
        return jsonReply(201, { profileId: found.profileId });
      },
    },
  ];
}
