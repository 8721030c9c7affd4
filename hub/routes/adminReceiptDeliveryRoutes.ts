import { z } from 'zod';
import type { HubParts } from '../hubParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

const QuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100_000).default(1000) });

/**
 * Admin: the receipts customers asked to get by e-mail or SMS, each request once, with the address it goes to (the
 * CRM's own data, for tests and operators; never logged).
 */
export function adminReceiptDeliveryRoutes(parts: HubParts): Route[] {
  return [
    {
      method: 'GET', path: '/admin/receipt-deliveries', auth: 'admin',
      handle: async ({ query }) => {
        const parsed = QuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the receipt deliveries query');
        return jsonReply(200, { deliveries: await parts.receiptDeliveries.list(parts.db, parsed.data.limit) });
      },
    },
  ];
}
