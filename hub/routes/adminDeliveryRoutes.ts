import { z } from 'zod';
import type { HubParts } from '../hubParts';
import { crmDeliveryReport } from '../delivery/crmDeliveryReport';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

export const RequeueDeliveriesSchema = z.object({ ids: z.array(z.number().int().positive()).min(1).max(10_000).optional() });

/** The outbound queue to the CRM for the retailer admin: what is owed, what failed and why, and a way to try again. */
export function adminDeliveryRoutes(parts: HubParts): Route[] {
  return [
    {
      method: 'GET', path: '/admin/deliveries', auth: 'admin',
      handle: async () => jsonReply(200, await crmDeliveryReport(parts.db)),
    },
    {
      // The cause is fixed (the CRM's configuration, a store id): failed rows go back in the queue as new.
      method: 'POST', path: '/admin/deliveries/retry', auth: 'admin',
      handle: async ({ body, now }) => {
        const parsed = RequeueDeliveriesSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the retry request');
        const requeued = await parts.crmQueue.requeueFailed(parts.db, parsed.data.ids ?? null, now);
        parts.logger.info({ requeued }, 'failed CRM deliveries requeued');
        return jsonReply(200, { requeued });
      },
    },
  ];
}
