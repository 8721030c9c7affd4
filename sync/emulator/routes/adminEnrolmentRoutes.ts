import { EnrolmentCodeRequestSchema } from '../admin/adminSchemas';
import type { CrmParts } from '../crmParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

/** Admin: one-time enrolment codes (what a store manager would read off the CRM's back office). */
export function adminEnrolmentRoutes(parts: CrmParts): Route[] {
  return [
    {
      method: 'POST', path: '/admin/enrolment-codes', auth: 'admin',
      handle: ({ body, now }) => {
        const parsed = EnrolmentCodeRequestSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the code request');
        return jsonReply(201, parts.enrolment.issueCode(now, parsed.data.ttlSeconds));
      },
    },
  ];
}
