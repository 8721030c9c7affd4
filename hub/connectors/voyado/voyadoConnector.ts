import type { IdentifierKind } from '../../../sync/protocol';
import { PROFILE_SUMMARY_LIMITS } from '../../../sync/protocol';
import type { SummaryOffer } from '../../../sync/protocol';
import type { ConnectorActivity, ConnectorAnswer, ConnectorLookup, ConnectorMember, CrmConnector } from '../crmConnector';
import { changedIds } from './voyadoChanges';
import { contactToMember } from './contactToMember';
import { retryLater, VoyadoHttp } from './voyadoHttp';
import { voyadoPersonalNumbers } from './voyadoPersonalNumbers';
import { VoyadoOptionsSchema } from './voyadoOptions';
import type { VoyadoOptionsInput } from './voyadoOptions';
import { createVoyadoPush } from './voyadoPush';
import { voyadoPromotions } from './voyadoPromotions';
import { VoyadoContactSchema, VoyadoFoundIdSchema, VoyadoPointAccountsSchema } from './voyadoSchemas';
import { promotionToOffer } from './promotionToOffer';
import { contactPromotions } from './contactPromotions';
import { contactVouchers } from './contactVouchers';
import { voucherToOffer } from './voucherToOffer';

/** Which lookup parameter of `GET /api/v2/contacts/id` takes which identifier (memberNumber is the tenant's customKey). */
const LOOKUP_PARAMETER: Partial<Record<IdentifierKind, string>> = { phone: 'mobilePhone', email: 'email', member_number: 'customKey' };

export type VoyadoConnector = CrmConnector & {
  /** Requests sent and 429s met so far (bench, logs). */
  readonly counts: { requests: number; throttled: number; droppedIdentifiers: number };
};

/**
 * The `voyado` connector: Voyado Engage API v2 behind the hub. Pull: one contact is `GET /contacts/{id}` plus its point
 * account; changes are ids only (`/contacts/changes`); a till's miss is `GET /contacts/id`. Push (`voyadoPush.ts`):
 * sign-ups, receipts, point redemptions; promotions and reward vouchers are redeemed at once (`voyadoPromotions.ts`, `voyadoVouchers.ts`). BankID's personal number is checked against the contact's
 * `socialSecurityNumber` (`voyadoPersonalNumbers.ts`). Every request keeps to 50/s for the key and waits out 429s.
 */
export function createVoyadoConnector(input: VoyadoOptionsInput, clock: () => number = Date.now): VoyadoConnector {
  const options = VoyadoOptionsSchema.parse(input);
  const http = new VoyadoHttp(options);
  const counts = { get requests() { return http.counts.requests; }, get throttled() { return http.counts.throttled; }, droppedIdentifiers: 0 };

  async function lookup(profileId: string): Promise<ConnectorAnswer<ConnectorMember | null>> {
    if (!VoyadoFoundIdSchema.safeParse(profileId).success) return { status: 'accepted', value: null };
    const got = await http.request({ method: 'GET', path: `/contacts/${encodeURIComponent(profileId)}` });
    if (got.kind === 'retry_later') return retryLater(got);
    if (got.kind === 'error') return got.status === 404 || got.status === 400 ? { status: 'accepted', value: null } : { status: 'rejected', reason: `voyado:${got.errorCode}` };
    const contact = VoyadoContactSchema.safeParse(got.body);
    if (!contact.success) return { status: 'retry_later', reason: 'malformed_response' };
    // Only the configured contact type is a member at the till.
    if (contact.data.contactType.toLowerCase() !== options.contactType.toLowerCase()) return { status: 'accepted', value: null };
    const accounts = await http.request({ method: 'GET', path: '/point-accounts', query: { contactId: contact.data.id } });
    if (accounts.kind === 'retry_later') return retryLater(accounts);
    let balance = 0;
    if (accounts.kind === 'ok') {
      const parsed = VoyadoPointAccountsSchema.safeParse(accounts.body);
      if (!parsed.success) return { status: 'retry_later', reason: 'malformed_response' };
      balance = parsed.data.find((a) => a.definitionId === options.pointDefinitionId)?.balance ?? 0;
    } else if (accounts.status === 404) return { status: 'accepted', value: null };
    const { member, dropped } = contactToMember(contact.data, balance, clock());
    counts.droppedIdentifiers += dropped;
    return { status: 'accepted', value: member };
  }

  async function findByIdentifier(kind: IdentifierKind, value: string): Promise<ConnectorAnswer<ConnectorLookup>> {
    const parameter = LOOKUP_PARAMETER[kind];
    if (parameter === undefined) return { status: 'accepted', value: { notFound: true } };
    const got = await http.request({ method: 'GET', path: '/contacts/id', query: { [parameter]: value, contactType: options.contactType } });
    if (got.kind === 'retry_later') return retryLater(got);
    if (got.kind === 'error') {
      if (got.status === 409 && got.errorCode === 'MultipleMatches') return { status: 'accepted', value: { several: true } };
      // ContactNotFound, and a value Voyado cannot hold at all (InvalidPhoneNumber…): nobody has it.
      if (got.status === 404 || got.status === 400) return { status: 'accepted', value: { notFound: true } };
      return { status: 'rejected', reason: `voyado:${got.errorCode}` };
    }
    const id = VoyadoFoundIdSchema.safeParse(got.body);
    if (!id.success) return { status: 'retry_later', reason: 'malformed_response' };
    const member = await lookup(id.data.toLowerCase());
    if (member.status === 'rejected' || member.status === 'retry_later') return member;
    return { status: 'accepted', value: member.value === null ? { notFound: true } : { found: member.value } };
  }

  return {
    name: 'voyado',
    displayName: 'Voyado',
    counts,

    async *fullImport() {
      if (options.importFrom === undefined) return;
      const ids = await changedIds(http, 'Created', options.importFrom.getTime(), clock());
      if (ids.status === 'rejected' || ids.status === 'retry_later') throw new Error(`the Voyado import could not list contacts: ${ids.status} ${ids.reason}`);
      for (let start = 0; start < ids.value.length; start += options.importBatchSize) {
        yield await lookupAll(ids.value.slice(start, start + options.importBatchSize));
      }
    },

    async changesSince(position) {
      const to = clock();
      if (position === null) return { status: 'accepted', value: { changed: [], erased: [], position: new Date(to).toISOString() } };
      const last = Date.parse(position);
      if (!Number.isFinite(last)) return { status: 'rejected', reason: 'position_unreadable' };
      const from = last - options.changesOverlapMs;
      const answers = [];
      for (const type of ['Created', 'Updated', 'Deleted'] as const) {
        const ids = await changedIds(http, type, from, to);
        if (ids.status === 'rejected' || ids.status === 'retry_later') return ids;
        answers.push(ids.value);
      }
      const erased = new Set(answers[2]);
      const changed = [...new Set([...(answers[0] ?? []), ...(answers[1] ?? [])])].filter((id) => !erased.has(id));
      return { status: 'accepted', value: { changed, erased: [...erased], position: new Date(to).toISOString() } };
    },

    lookup,
    findByIdentifier,

    /**
     * The available reward vouchers and the POS promotions of the member (and of contacts merged into it) for the
     * till's summary, vouchers first (money the member holds). The two lists are read side by side, each on its own:
     * one Voyado cannot give now (a tenant without the rewards module, a timeout) leaves only its own offers out.
     * Voyado's purchases elsewhere are not read (its receipts API takes receipts, it does not list them).
     */
    async activity(profileIds, now): Promise<ConnectorAnswer<ConnectorActivity>> {
      const [vouchers, promotions] = await Promise.all([contactVouchers(http, profileIds, 'available'), contactPromotions(http, profileIds)]);
      if ((promotions.status === 'rejected' || promotions.status === 'retry_later') && vouchers.status !== 'accepted') return promotions;
      const offers: SummaryOffer[] = [
        ...(vouchers.status === 'accepted' ? vouchers.value.flatMap((v) => voucherToOffer(v, now)) : []),
        ...(promotions.status === 'accepted' ? promotions.value.flatMap((p) => promotionToOffer(p, now)) : []),
      ];
      return { status: 'accepted', value: { offers: offers.slice(0, PROFILE_SUMMARY_LIMITS.maxOffers), purchases: [] } };
    },

    promotions: voyadoPromotions(http),
    push: createVoyadoPush(http, options),
    personalNumbers: voyadoPersonalNumbers(http),
    close: async () => undefined,
  };

  /**
   * Looks up a batch of ids, 25 at a time (the limiter keeps the pace); a contact gone since is skipped. Transient
   * failures are retried, a bounded number of times: a failed import runs again at the hub's next start.
   */
  async function lookupAll(ids: string[]): Promise<ConnectorMember[]> {
    const members: (ConnectorMember | null)[] = new Array<ConnectorMember | null>(ids.length).fill(null);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const i = next++;
        for (let attempt = 1; ; attempt++) {
          const got = await lookup(ids[i] as string);
          if (got.status === 'accepted' || got.status === 'duplicate') {
            members[i] = got.value;
            break;
          }
          if (got.status === 'rejected' || attempt >= 5) throw new Error(`the Voyado import could not fetch a contact: ${got.status} ${got.reason}`);
          await new Promise((resolve) => setTimeout(resolve, got.retryAfterMs ?? 1000 * attempt));
        }
      }
    };
    // Enough at once that the limiter, not the round trip, sets the pace (a member is two requests in a row).
    await Promise.all(Array.from({ length: Math.min(25, ids.length) }, worker));
    return members.filter((m): m is ConnectorMember => m !== null);
  }
}
