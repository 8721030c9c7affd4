// The rows the emulated CRM (seeded with `seed`) sends in its bootstrap, built here without it: the limit of the sync
// bench's bootstrap is the bulk load of these same rows (sync.bench.ts).
import type { BootstrapRow } from '../../../sync/cache/bootstrapLoader';
import { bootstrapRowFromWire } from '../../../sync/client/wireToCache';
import { demoMember } from '../../../sync/emulator/demo/demoMembers';
import type { IdentifierTuple } from '../../../sync/protocol';

/** The same fields and identifier order as the emulator's seedDemoMembers + renderProfileRow. */
export function crmMemberRow(index: number, seed: number): BootstrapRow {
  const m = demoMember(index, seed);
  const identifiers: IdentifierTuple[] = [['phone', m.phone]];
  if (m.email) identifiers.push(['email', m.email]);
  if (m.cardNumber) identifiers.push(['card', m.cardNumber]);
  if (m.memberNumber) identifiers.push(['member_number', m.memberNumber]);
  return bootstrapRowFromWire([m.profileId, m.firstName, m.displayName, m.tier, m.points, m.pointsAsOf, 'active', identifiers]);
}

export function* crmMemberPages(count: number, seed: number, pageSize = 10_000): Generator<BootstrapRow[]> {
  for (let start = 0; start < count; start += pageSize) {
    const page: BootstrapRow[] = [];
    for (let i = start; i < Math.min(count, start + pageSize); i++) page.push(crmMemberRow(i, seed));
    yield page;
  }
}
