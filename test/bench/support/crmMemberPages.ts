// The rows the hub with the demo connector (seeded with `seed`) sends in its bootstrap, built here without it: the limit of the sync
// bench's bootstrap is the bulk load of these same rows (sync.bench.ts).
import type { BootstrapRow } from '../../../sync/cache/bootstrapLoader';
import { bootstrapRowFromWire } from '../../../sync/client/wireToCache';
import { demoConnectorMember } from '../../../hub/connectors/demo/demoConnector';
import { demoMember } from '../../../hub/connectors/demo/demoMembers';

/** The same fields and identifier order (phone, email, card, member number) as the demo connector's import into the mirror. */
export function crmMemberRow(index: number, seed: number): BootstrapRow {
  const m = demoConnectorMember(demoMember(index, seed));
  return bootstrapRowFromWire([m.profileId, m.firstName, m.displayName, m.tier, m.pointsBalance, m.pointsAsOf, 'active', m.identifiers]);
}

export function* crmMemberPages(count: number, seed: number, pageSize = 10_000): Generator<BootstrapRow[]> {
  for (let start = 0; start < count; start += pageSize) {
    const page: BootstrapRow[] = [];
    for (let i = start; i < Math.min(count, start + pageSize); i++) page.push(crmMemberRow(i, seed));
    yield page;
  }
}
