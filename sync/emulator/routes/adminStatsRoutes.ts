import type { AdminStats } from '../admin/adminSchemas';
import type { CrmParts } from '../crmParts';
import { jsonReply } from '../http/replies';
import type { Route } from '../http/routeTable';

/** Admin: counts, for tests and the demo's status line. */
export function adminStatsRoutes(parts: CrmParts): Route[] {
  return [
    {
      method: 'GET', path: '/admin/stats', auth: 'admin',
      handle: () => {
        const stats: AdminStats = {
          epoch: parts.epoch,
          profiles: parts.profiles.store.count(),
          feed: { head: parts.feed.head(), prunedThrough: parts.feed.prunedThrough(), size: parts.feed.size(), retention: parts.stats.retention },
          receipts: parts.ledger.receiptCount(),
          idempotencyKeys: parts.uploads.idempotencyKeyCount(),
          devices: parts.enrolment.deviceCount(),
          keys: parts.keyring.publicKeys().length,
          requests: { ...parts.stats.requests },
          uploads: { ...parts.stats.uploads },
          faultsInjected: { ...parts.faults.counts },
        };
        return jsonReply(200, stats);
      },
    },
  ];
}
