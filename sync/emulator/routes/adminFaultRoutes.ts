import { FaultSettingsSchema } from '../admin/adminSchemas';
import type { CrmParts } from '../crmParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

/** Admin: injected faults on the sync routes (all zero to stop). */
export function adminFaultRoutes(parts: CrmParts): Route[] {
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
