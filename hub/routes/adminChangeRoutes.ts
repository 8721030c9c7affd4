import { z } from 'zod';
import { writeTransaction } from '../db/sql';
import type { HubParts } from '../hubParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

export const TouchRequestSchema = z.object({ count: z.number().int().min(1).max(1_000_000) });

export const CompactRequestSchema = z.object({ keep: z.number().int().min(0) });

/** Admin: make many deltas at once (benches), and shrink the change log's window (so old cursors expire). */
export function adminChangeRoutes(parts: HubParts): Route[] {
  return [
    {
      method: 'POST', path: '/admin/changes/touch', auth: 'admin',
      handle: async ({ body, now }) => {
        const parsed = TouchRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the touch request');
        const touched = await writeTransaction(parts.db, (tx) => parts.mirror.touch(tx, parsed.data.count, now));
        return jsonReply(200, { touched });
      },
    },
    {
      method: 'POST', path: '/admin/changes/compact', auth: 'admin',
      handle: async ({ body }) => {
        const parsed = CompactRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the compact request');
        return jsonReply(200, await writeTransaction(parts.db, async (tx) => {
          const prunedThrough = await parts.feed.compact(tx, parsed.data.keep);
          return { prunedThrough, head: await parts.feed.head(tx) };
        }));
      },
    },
  ];
}
