import { z } from 'zod';
import type { CrmParts } from '../crmParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';
import { profileIdOf } from '../store/profileIds';

const QuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100_000).default(1000) });

/**
 * Admin: the receipts customers asked to get by e-mail or SMS, each request once, with the address it goes to (the
 * CRM's own data, for tests and operators; never logged).
 */
export function adminReceiptDeliveryRoutes(parts: CrmParts): Route[] {
  return [
    {
      method: 'GET', path: '/admin/receipt-deliveries', auth: 'admin',
      handle: ({ query }) => {
        const parsed = QuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the receipt deliveries query');
        const deliveries = parts.deliveries.list(parsed.data.limit).map((d) => ({
          receiptId: d.receiptId, channel: d.channel, address: d.address, source: d.source,
          profileId: d.profileSeq === null ? null : profileIdOf(d.profileSeq), deviceId: d.deviceId, receivedAt: d.receivedAt,
        }));
        return jsonReply(200, { deliveries });
      },
    },
  ];
}
