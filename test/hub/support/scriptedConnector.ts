import type { ConnectorAnswer, ConnectorChanges, ConnectorMember, ContactAdditions, CrmConnector, CrmPush } from '../../../hub/connectors/crmConnector';
import type { ReceiptPayload, SignupPayload } from '../../../sync/protocol';

/**
 * How the scripted CRM answers one push call. `timeout` never answers; `throw` rejects; `garbage` answers something
 * that is no ConnectorAnswer; `retry_after` is retry_later with retryAfterMs; `reject_pii` is a rejection whose
 * reason quotes an e-mail address and a phone number (which must never reach the admin API or a log).
 */
export type Scripted = 'accept' | 'duplicate' | 'reject' | 'reject_pii' | 'retry_later' | 'retry_after' | 'timeout' | 'throw' | 'garbage';

export interface DeliveredReceipt {
  profileId: string | null;
  storeId: string;
  /** Calls that carried it (a retry after a timeout may deliver it again: the CRM keeps it once by receiptId). */
  calls: number;
}

/**
 * A CRM for tests, in process: answers each push call from a script (per kind, in order; `accept` once the script
 * is used up), keeps what it accepted the way a real CRM would (receipts once per receiptId, sign-ups matched by phone
 * or e-mail), and notes any push of one item that overlaps another push of the same item (two hub processes
 * delivering one row at once).
 */
export class ScriptedConnector implements CrmConnector {
  readonly name = 'scripted';
  readonly script: { signUp: Scripted[]; receipt: Scripted[]; redeem: Scripted[]; consent: Scripted[]; completeContact: Scripted[]; lookup: Scripted[] } = { signUp: [], receipt: [], redeem: [], consent: [], completeContact: [], lookup: [] };
  readonly receipts = new Map<string, DeliveredReceipt>();
  /** CRM id by provisional id of every sign-up it answered, and how many calls carried each. */
  readonly signUps = new Map<string, { profileId: string; calls: number }>();
  readonly redemptions = new Map<string, { profileId: string; points: number; calls: number }>();
  /** Every redemption call's key and `at`, answered or not: a retry must repeat the first call's `at`. */
  readonly redeemCalls: { key: string; at: number }[] = [];
  /** Every consent the CRM took, in the order it took them (a repeat is taken again: it sets a state). */
  readonly consents: { profileId: string; purpose: string; granted: boolean; at: string; version: string | null }[] = [];
  /** What matched sign-ups added to existing members, in the order the CRM took them. */
  readonly contactAdditions: { profileId: string; additions: ContactAdditions }[] = [];
  readonly members = new Map<string, ConnectorMember>();
  /** What changesSince hands out next (then emptied), and every position it was asked from. */
  pendingChanges: { changed: string[]; erased: string[] } = { changed: [], erased: [] };
  readonly positionsAsked: (string | null)[] = [];
  /** Pushes of one item that ran at the same time as another of the same item. */
  overlaps = 0;
  /** Every push call, in order: kind and item key. */
  readonly calls: { kind: string; key: string }[] = [];
  /** ms each push takes before it answers. */
  latencyMs = 0;
  private readonly inFlight = new Set<string>();
  private nextId = 1;
  private changeSeq = 0;

  readonly push: CrmPush = {
    receiptsApplied: 'at_once',
    signUp: (signup, storeId) => this.answer('signUp', signup.provisionalId, () => this.applySignUp(signup, storeId)),
    receipt: (receipt, profileId, storeId) => this.answer('receipt', receipt.receiptId, () => this.applyReceipt(receipt, profileId, storeId)),
    redeem: (profileId, points, key, at) => {
      this.redeemCalls.push({ key, at });
      return this.answer('redeem', key, () => {
        const seen = this.redemptions.get(key);
        if (seen) seen.calls++;
        else this.redemptions.set(key, { profileId, points, calls: 1 });
        return { status: seen ? 'duplicate' : 'accepted', value: { pointsBalance: 1000 - points } } as const;
      });
    },
    consent: (consent, profileId) => this.answer('consent', `${profileId}:${consent.purpose}:${consent.at}`, () => {
      this.consents.push({ profileId, purpose: consent.purpose, granted: consent.granted, at: consent.at, version: consent.version ?? null });
      return { status: 'accepted', value: null } as const;
    }),
    completeContact: (profileId, additions) => this.answer('completeContact', profileId, () => {
      this.contactAdditions.push({ profileId, additions });
      return { status: 'accepted', value: null } as const;
    }),
  };

  async *fullImport(): AsyncIterable<ConnectorMember[]> {
    const all = [...this.members.values()];
    if (all.length > 0) yield all;
  }

  changesSince(position: string | null): Promise<ConnectorAnswer<ConnectorChanges>> {
    this.positionsAsked.push(position);
    const { changed, erased } = this.pendingChanges;
    this.pendingChanges = { changed: [], erased: [] };
    this.changeSeq += 1;
    return Promise.resolve({ status: 'accepted', value: { changed, erased, position: `pos-${this.changeSeq}` } });
  }

  lookup(profileId: string): Promise<ConnectorAnswer<ConnectorMember | null>> {
    return this.scripted('lookup', () => ({ status: 'accepted', value: this.members.get(profileId) ?? null }));
  }

  findByIdentifier(): Promise<ConnectorAnswer<{ notFound: true }>> {
    return Promise.resolve({ status: 'accepted', value: { notFound: true } });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private applySignUp(signup: SignupPayload, _storeId: string): ConnectorAnswer<{ profileId: string }> {
    const known = this.signUps.get(signup.provisionalId);
    if (known) {
      known.calls++;
      return { status: 'duplicate', value: { profileId: known.profileId } };
    }
    const values = new Set(signup.identifiers.map((i) => `${i.kind}:${i.value}`));
    const existing = [...this.members.values()].find((m) => m.identifiers.some(([k, v]) => values.has(`${k}:${v}`)));
    const profileId = existing?.profileId ?? `CRM-${String(this.nextId++).padStart(5, '0')}`;
    if (!existing) {
      this.members.set(profileId, {
        profileId, firstName: signup.firstName, lastName: null, displayName: signup.firstName, tier: 'member', pointsBalance: 0, pointsAsOf: null,
        identifiers: signup.identifiers.map((i) => [i.kind, i.value]),
      });
    }
    this.signUps.set(signup.provisionalId, { profileId, calls: 1 });
    return { status: existing ? 'duplicate' : 'accepted', value: { profileId } };
  }

  private applyReceipt(receipt: ReceiptPayload, profileId: string | null, storeId: string): ConnectorAnswer<null> {
    const seen = this.receipts.get(receipt.receiptId);
    if (seen) {
      seen.calls++;
      return { status: 'duplicate', value: null };
    }
    this.receipts.set(receipt.receiptId, { profileId, storeId, calls: 1 });
    return { status: 'accepted', value: null };
  }

  private async answer<T>(kind: 'signUp' | 'receipt' | 'redeem' | 'consent' | 'completeContact', key: string, apply: () => ConnectorAnswer<T>): Promise<ConnectorAnswer<T>> {
    this.calls.push({ kind, key });
    const flight = `${kind}:${key}`;
    if (this.inFlight.has(flight)) this.overlaps++;
    this.inFlight.add(flight);
    try {
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      return await this.scripted(kind, apply);
    } finally {
      this.inFlight.delete(flight);
    }
  }

  private scripted<T>(kind: keyof ScriptedConnector['script'], apply: () => ConnectorAnswer<T>): Promise<ConnectorAnswer<T>> {
    const step = this.script[kind].shift() ?? 'accept';
    switch (step) {
      case 'accept':
        return Promise.resolve(apply());
      case 'duplicate': {
        const answer = apply();
        return Promise.resolve(answer.status === 'accepted' ? { ...answer, status: 'duplicate' } : answer);
      }
      case 'reject':
        return Promise.resolve({ status: 'rejected', reason: 'InvalidStore' });
      case 'reject_pii':
        return Promise.resolve({ status: 'rejected', reason: 'EmailInvalid: anna.svensson@example.se (mobile +46 70 123 45 67)' });
      case 'retry_later':
        return Promise.resolve({ status: 'retry_later', reason: 'Throttled' });
      case 'retry_after':
        return Promise.resolve({ status: 'retry_later', reason: 'Throttled', retryAfterMs: 30 });
      case 'timeout':
        return new Promise<never>(() => undefined);
      case 'throw':
        return Promise.reject(new TypeError('fetch failed: socket hang up'));
      case 'garbage':
        return Promise.resolve({ status: 'ok', value: 'CRM-00001', profileId: 42 } as unknown as ConnectorAnswer<T>);
    }
  }
}
