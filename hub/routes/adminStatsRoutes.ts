import type { HubParts } from '../hubParts';
import { jsonReply } from '../http/replies';
import type { Route } from '../http/routeTable';
import type { AdminStats } from './adminAnswerSchemas';

async function count(parts: HubParts, table: 'receipts' | 'upload_ledger' | 'tills'): Promise<number> {
  const [row] = await parts.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? 0;
}

/** Admin: counts, for tests and the demo's status line (AdminStatsSchema says which are this process's own). */
export function adminStatsRoutes(parts: HubParts): Route[] {
  const { db, feed } = parts;
  return [
    {
      method: 'GET', path: '/admin/stats', auth: 'admin',
      handle: async () => {
        const stats: AdminStats = {
          epoch: parts.epoch,
          profiles: await parts.mirror.count(db),
          feed: { head: await feed.head(db), prunedThrough: await feed.prunedThrough(db), size: await feed.size(db), retention: feed.retention },
          receipts: await count(parts, 'receipts'),
          idempotencyKeys: await count(parts, 'upload_ledger'),
          devices: await count(parts, 'tills'),
          keys: (await parts.keyring.publicKeys(db)).length,
          requests: { ...parts.stats.requests },
          uploads: { ...parts.stats.uploads },
          faultsInjected: { ...parts.faults.counts },
        };
        return jsonReply(200, stats);
      },
    },
  ];
}
