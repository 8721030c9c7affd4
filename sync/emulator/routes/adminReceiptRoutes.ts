import { AdminReceiptsQuerySchema } from '../admin/adminSchemas';
import type { CrmParts } from '../crmParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';
import { seqOfProfileId } from '../store/profileIds';
import { heldReceiptView } from './heldReceiptView';

/** Admin: the receipts the CRM received, each once (optionally those linked to one profile). */
export function adminReceiptRoutes(parts: CrmParts): Route[] {
  return [
    {
      method: 'GET', path: '/admin/receipts', auth: 'admin',
      handle: ({ query }) => {
        const parsed = AdminReceiptsQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the receipts query');
        const { profileId, limit } = parsed.data;
        if (profileId === undefined) return jsonReply(200, { receipts: parts.ledger.receipts({ limit }).map(heldReceiptView) });
        const seq = seqOfProfileId(profileId);
        const receipts = seq === null ? [] : parts.ledger.receipts({ profileSeq: seq, limit }).map(heldReceiptView);
        return jsonReply(200, { receipts });
      },
    },
  ];
}
