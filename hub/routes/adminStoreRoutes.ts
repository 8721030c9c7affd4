import { z } from 'zod';
import type { HubParts } from '../hubParts';
import { jsonReply, problemReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

export const StoreIdSchema = z.string().trim().min(1).max(64).regex(/^[\w.-]+$/, 'a store id is letters, digits, _ . and -');

export const AdminStoreSchema = z.object({ storeId: StoreIdSchema, name: z.string().trim().min(1).max(100) });

/** The admin may name a store; without one the code is for the hub's default store, as the emulated CRM did. */
export const AdminEnrolmentCodeSchema = z.object({
  ttlSeconds: z.number().int().min(1).max(30 * 86_400).default(86_400),
  storeId: StoreIdSchema.optional(),
});

/** The retailer's stores and the one-time codes that enrol a till into one. */
export function adminStoreRoutes(parts: HubParts): Route[] {
  return [
    {
      method: 'POST', path: '/admin/stores', auth: 'admin',
      handle: async ({ body, now }) => {
        const parsed = AdminStoreSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the store');
        await parts.enrolment.saveStore(parsed.data.storeId, parsed.data.name, now);
        return jsonReply(200, parsed.data);
      },
    },
    {
      method: 'POST', path: '/admin/enrolment-codes', auth: 'admin',
      handle: async ({ body, now }) => {
        const parsed = AdminEnrolmentCodeSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the enrolment code request');
        const storeId = parsed.data.storeId ?? parts.defaultStoreId;
        if (!(await parts.enrolment.storeExists(storeId))) return problemReply(404, 'unknown_store', 'no store has this id: add it with POST /admin/stores first');
        return jsonReply(201, await parts.enrolment.issueCode(storeId, now, parsed.data.ttlSeconds));
      },
    },
  ];
}
