import { z } from 'zod';
import type { HubParts } from '../hubParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

export const SYNC_ROUTE_NAMES = ['enrol', 'bootstrap', 'changes', 'keys', 'upload', 'redeem', 'redeem_promotion', 'heartbeat'] as const;

const rate = z.number().min(0).max(1);

/** POST /admin/faults: the emulated CRM's fault settings, unchanged. */
export const FaultSettingsSchema = z.object({
  errorRate: rate.default(0),
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  resetRate: rate.default(0),
  commitThenFailRate: rate.default(0),
  malformedRate: rate.default(0),
  /** Only these sync routes; all when absent. */
  routes: z.array(z.enum(SYNC_ROUTE_NAMES)).optional(),
});
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;

/** Admin: injected faults on this hub process's sync routes (all zero to stop). */
export function adminFaultRoutes(parts: HubParts): Route[] {
  return [
    {
      method: 'POST', path: '/admin/faults', auth: 'admin',
      handle: ({ body }) => {
        const parsed = FaultSettingsSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the fault settings');
        parts.logger.info({ faults: parsed.data }, 'fault settings changed');
        return jsonReply(200, parts.faults.set(parsed.data));
      },
    },
    { method: 'GET', path: '/admin/faults', auth: 'admin', handle: () => jsonReply(200, parts.faults.current()) },
  ];
}
