import { CompactRequestSchema, TouchRequestSchema } from '../admin/adminSchemas';
import type { CrmParts } from '../crmParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

/** Admin: make many deltas at once (benches), and shrink the feed's window (so old cursors expire). */
export function adminChangeRoutes(parts: CrmParts): Route[] {
  return [
    {
      method: 'POST', path: '/admin/changes/touch', auth: 'admin',
      handle: ({ body, now }) => {
        const parsed = TouchRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the touch request');
        return jsonReply(200, { touched: parts.profiles.touch(parsed.data.count, now) });
      },
    },
    {
      method: 'POST', path: '/admin/changes/compact', auth: 'admin',
      handle: ({ body }) => {
        const parsed = CompactRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the compact request');
        const prunedThrough = parts.feed.keepNewest(parsed.data.keep);
        return jsonReply(200, { prunedThrough, head: parts.feed.head() });
      },
    },
  ];
}
