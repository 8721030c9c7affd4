import { z } from 'zod';
import type { IdentifierTuple } from '../../../sync/protocol';
import type { ConnectorMember, CrmConnector } from '../crmConnector';
import { demoOffers, demoPurchases } from './demoActivity';
import { demoPromotions } from './demoPromotions';
import { demoIndexOfIdentifier } from './demoIdentifierLookup';
import { demoMember, MAX_DEMO_MEMBERS } from './demoMembers';
import { DEMO_SHARED_PHONE } from './demoSharedPhone';
import type { DemoMember } from './demoMembers';

export interface DemoConnectorOptions {
  /** How many deterministic demo members the demo CRM holds (default 1,000). */
  members?: number;
  /** Seed of the demo members (default 1). */
  seed?: number;
  /** Members per import batch (default 5,000). */
  batchSize?: number;
}

export function demoConnectorMember(m: DemoMember): ConnectorMember {
  const identifiers: IdentifierTuple[] = [['phone', m.phone]];
  if (m.email) identifiers.push(['email', m.email]);
  if (m.cardNumber) identifiers.push(['card', m.cardNumber]);
  if (m.memberNumber) identifiers.push(['member_number', m.memberNumber]);
  return {
    profileId: m.profileId, firstName: m.firstName, lastName: m.lastName, displayName: m.displayName, tier: m.tier,
    pointsBalance: m.points, pointsAsOf: m.pointsAsOf, identifiers,
  };
}

/**
 * The `demo` connector: a CRM of deterministic demo members (the same people, ids and identifiers as the emulated
 * CRM's for the same seed), computed rather than stored, so a million members cost no disk. After the first import
 * the demo CRM's own record is the hub's mirror: changes are made through the hub's admin API, so there is nothing
 * to report as a change, and it has no `push` (sign-ups, receipts and redemptions end in the hub's ledger). Its offers can be redeemed
 * (`demoPromotions.ts`): the hub's `promotion_redemptions` is then the record of which were. Its demo
 * members have offers and web and app purchases (demoActivity.ts), the same on every run.
 */
export type DemoConnector = CrmConnector & { readonly members: number; readonly seed: number; member(index: number): DemoMember };

/** The demo connector's settings as a database keeps them (hub_meta `connector_settings`). */
const DemoSettingsSchema = z.object({ members: z.number().int().min(0).max(MAX_DEMO_MEMBERS), seed: z.number().int() });

/** The demo connector a hub runs with, or null when it runs with another (or none). */
export function asDemoConnector(connector: CrmConnector | null): DemoConnector | null {
  return connector !== null && connector.name === 'demo' && 'member' in connector ? (connector as DemoConnector) : null;
}

export function createDemoConnector(options: DemoConnectorOptions = {}): DemoConnector {
  const members = options.members ?? 1000;
  const seed = options.seed ?? 1;
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(members) || members < 0 || members > MAX_DEMO_MEMBERS) throw new RangeError(`members must be 0…${MAX_DEMO_MEMBERS}`);
  const indexOfId = (profileId: string): number | null => {
    const m = /^P(\d{8,15})$/.exec(profileId);
    const index = m ? Number(m[1]) - 1 : -1;
    return index >= 0 && index < members ? index : null;
  };
  return {
    name: 'demo',
    members,
    seed,
    settings: { members, seed },
    withSettings: (settings) => {
      const parsed = DemoSettingsSchema.safeParse(settings);
      return parsed.success ? createDemoConnector({ ...parsed.data, batchSize }) : null;
    },
    member: (index) => demoMember(index, seed),
    async *fullImport() {
      for (let start = 0; start < members; start += batchSize) {
        const batch: ConnectorMember[] = [];
        for (let i = start; i < Math.min(members, start + batchSize); i++) batch.push(demoConnectorMember(demoMember(i, seed)));
        yield batch;
      }
    },
    changesSince: async (position) => ({ status: 'accepted', value: { changed: [], erased: [], position: position ?? 'demo' } }),
    lookup: async (profileId) => {
      const index = indexOfId(profileId);
      return { status: 'accepted', value: index === null ? null : demoConnectorMember(demoMember(index, seed)) };
    },
    findByIdentifier: async (kind, value) => {
      if (kind === 'phone' && value === DEMO_SHARED_PHONE && members >= 2) return { status: 'accepted', value: { several: true } };
      const index = demoIndexOfIdentifier(kind, value, seed);
      const found = index !== null && index < members ? demoConnectorMember(demoMember(index, seed)) : null;
      return { status: 'accepted', value: found === null ? { notFound: true } : { found } };
    },
    activity: async (profileIds, now) => {
      const indexes = profileIds.map(indexOfId).filter((index): index is number => index !== null);
      return {
        status: 'accepted',
        value: { offers: indexes.flatMap((i) => demoOffers(i, seed, now)), purchases: indexes.flatMap((i) => demoPurchases(i, seed, now)) },
      };
    },
    promotions: demoPromotions((profileId) => indexOfId(profileId), seed),
    close: async () => undefined,
  };
}
