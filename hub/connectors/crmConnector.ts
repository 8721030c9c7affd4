import type { ClearIdentifier, ConsentPayload, IdentifierKind, IdentifierTuple, ReceiptPayload, SignupPayload, SummaryOffer, SummaryPurchase } from '../../sync/protocol';
import type { PersonalNumberCheck } from '../providers/personalNumbers';

/**
 * The one small interface between the hub and a retailer's CRM. The hub owns the tills' side (the mirror, the change
 * log, the ledger); a connector only translates to and from one CRM's API. Shaped for Voyado Engage (issue 10): its
 * change feed gives contact ids only, one contact costs one request, and every push can be refused, repeated or
 * throttled, so every push answers one of four outcomes and the hub decides what to keep and when to retry.
 */

/** How a CRM answered a push. `retry_later`: not now (throttled, down, timed out); the hub keeps it and retries. */
export type ConnectorAnswer<T> =
  | { status: 'accepted'; value: T }
  | { status: 'duplicate'; value: T }
  | { status: 'rejected'; reason: string }
  | { status: 'retry_later'; reason: string; retryAfterMs?: number };

/** A member as a connector hands it over: the CRM's own id, the names, points and normalised clear identifiers. */
export interface ConnectorMember {
  profileId: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  tier: string | null;
  pointsBalance: number;
  /** Epoch ms of the balance, null when the CRM has none. */
  pointsAsOf: number | null;
  identifiers: IdentifierTuple[];
}

/** What changed at the CRM since a position: ids to look up again, and ids that are gone (erased). */
export interface ConnectorChanges {
  changed: string[];
  erased: string[];
  /** Where to ask from next time; opaque to the hub. */
  position: string;
}

/** What the CRM knows of members' lives outside the tills: their offers, and purchases on the web and in the app. */
export interface ConnectorActivity {
  offers: SummaryOffer[];
  purchases: SummaryPurchase[];
}

/** A single lookup: a member, nobody, or several who share the identifier (ask the customer for another). */
export type ConnectorLookup = { found: ConnectorMember } | { notFound: true } | { several: true };

export interface CrmConnector {
  /** `demo`, `voyado`, …: for logs and the hub's records. */
  readonly name: string;
  /** The CRM's name as store staff know it (`Voyado`), for the fleet page; `name` when absent. */
  readonly displayName?: string;

  // Pull: filling and refreshing the mirror.
  /** Every member, in batches (a file export or a paged API). The first load of an empty mirror. */
  fullImport(): AsyncIterable<ConnectorMember[]>;
  /** Changes since `position` (null: from now on). */
  changesSince(position: string | null): Promise<ConnectorAnswer<ConnectorChanges>>;
  /** One member by the CRM's id (after a change notification); null when the CRM has no such member. */
  lookup(profileId: string): Promise<ConnectorAnswer<ConnectorMember | null>>;
  /** One member by an identifier, for a till that missed while online. */
  findByIdentifier(kind: IdentifierKind, value: string): Promise<ConnectorAnswer<ConnectorLookup>>;
  /**
   * Offers and other-channel purchases of these CRM ids (a member and those merged into it), for a till's profile
   * summary at `now` (epoch ms). Absent when the CRM offers none; an answer other than accepted leaves them out.
   */
  activity?(profileIds: readonly string[], now: number): Promise<ConnectorAnswer<ConnectorActivity>>;

  /**
   * Promotion redemption at a till: online only, so it is not a push (pushes are queued and delivered later). Absent
   * when the CRM's offers cannot be redeemed at a till: they show in the summary with `redeemable: false`.
   */
  readonly promotions?: CrmPromotions;

  /**
   * Push: what the tills sent, delivered to the CRM. Absent when the hub's mirror is the CRM's own record (the demo
   * CRM): then the hub's ledger is where sign-ups, receipts and redemptions end.
   */
  readonly push?: CrmPush;

  /**
   * The profiles' personal numbers as the CRM holds them, for a real BankID order's `complete` (the hub uses it unless
   * its step-up providers name another). Absent when the CRM holds none (the demo CRM).
   */
  readonly personalNumbers?: PersonalNumberCheck;

  /**
   * What makes this connector's records what they are (the demo CRM's population: its size and seed), kept with the
   * database at its first import. A later start with other settings keeps the database's: the hub asks
   * `withSettings` for the connector to them, as the emulated CRM kept a data directory's own members.
   */
  readonly settings?: Readonly<Record<string, number | string>>;
  withSettings?(settings: unknown): CrmConnector | null;

  close(): Promise<void>;
}

/** Why a CRM refuses to redeem an offer: the `reason` of a `rejected` promotion redemption. */
export type PromotionRefusal = 'already_redeemed' | 'expired' | 'not_found' | 'not_at_pos';

export interface CrmPromotions {
  /**
   * Redeems the member's offer `offerId` (an `id` its `activity` gave) at a till, at `now`, while the till waits.
   * `profileIds`: the member and every profile merged into it (the offer may be any one's). `accepted`: redeemed by
   * this call, with the offer's title. `duplicate`: the CRM says it was redeemed before (perhaps by an earlier call
   * whose answer was lost: the hub decides whose it was). `rejected`: reason a PromotionRefusal. `retry_later`: not
   * confirmed; the hub answers the till 503 and keeps nothing as spent. `resumed`: this is a retry of an attempt whose answer was lost after the redeem request was sent (the
   * offer was this member's then, and may be redeemed by it now). Offer ids are matched exactly, as the summary gave them.
   */
  redeem(profileIds: readonly string[], offerId: string, now: number, options: PromotionRedeemOptions): Promise<ConnectorAnswer<{ title: string }>>;
  /**
   * True when `redeem` awaits `options.sending()` right before the request that redeems (and sends nothing when it
   * throws): the hub then knows that an attempt that never called it (a read before it failed), or a claim a dead hub
   * process left pending without that mark, never reached the CRM, and checks its retry afresh.
   */
  readonly marksSending?: true;
}

export interface PromotionRedeemOptions {
  resumed: boolean;
  /** Records that the redeem request is about to go to the CRM; await it first, and send nothing if it throws. */
  sending?: () => Promise<void>;
}

export interface CrmPush {
  /**
   * When a receipt this push delivered (the CRM answered 2xx, so the hub counts it delivered) shows on the member at the
   * CRM: `at_once`, or `in_batches` when the CRM only queues it then and applies it later (Voyado). The fleet page
   * words its delivered receipts by it.
   */
  readonly receiptsApplied: 'at_once' | 'in_batches';
  /** A sign-up; answers the CRM's id for it (an existing member's when the CRM matched one). */
  signUp(signup: SignupPayload, storeId: string): Promise<ConnectorAnswer<{ profileId: string }>>;
  /** A receipt, linked to the CRM's id of its member (or none). Repeating one must be safe (the receiptId is unique). */
  receipt(receipt: ReceiptPayload, profileId: string | null, storeId: string): Promise<ConnectorAnswer<null>>;
  /**
   * A points redemption under the till's idempotency key, made at `at` (epoch ms); answers the balance after it. A retry
   * passes the same `at`, so the CRM sees the same request again.
   */
  redeem(profileId: string, points: number, idempotencyKey: string, at: number): Promise<ConnectorAnswer<{ pointsBalance: number }>>;
  /**
   * A consent given or withdrawn at a till, for the CRM's id of its member. Repeating one must be safe (it sets a
   * state, it adds nothing). The hub sends one purpose's decisions of one member in the order they were made, and
   * not one older than a decision it already knows. Absent when the connector cannot tell its CRM: the hub then
   * queues no consents.
   */
  consent?(consent: CrmConsent, profileId: string, storeId: string): Promise<ConnectorAnswer<null>>;
  /**
   * What a till's sign-up added to a member the CRM already has (the hub matched the sign-up to its mirror by phone or
   * e-mail, so no contact is created): identifiers the member did not hold and a first name it lacked. Fills in only
   * what the CRM's contact lacks, never overwrites what it holds. Repeating one must be safe. The sign-up's consents
   * come as consents. Absent: the hub queues none.
   */
  completeContact?(profileId: string, additions: ContactAdditions, storeId: string): Promise<ConnectorAnswer<null>>;
}

/** What a sign-up matched to an existing member added to it at the hub. */
export interface ContactAdditions {
  firstName: string | null;
  identifiers: ClearIdentifier[];
}

/** A consent as the CRM is told it: the till's decision, without the till's reference to the member. */
export type CrmConsent = Omit<ConsentPayload, 'profileId'>;
