/** Kinds of identifier the cache indexes (always as a keyed hash of the normalised value). */
export type IdentifierKind = 'phone' | 'email' | 'card' | 'member_number';

export type ProfileStatus = 'active' | 'pending_sync';

/** What the till keeps of a person: the minimum a cashier screen needs. */
export interface Profile {
  id: string;
  firstName: string | null;
  displayName: string | null;
  tier: string | null;
  pointsBalance: number;
  /** Epoch ms of the balance as the CRM last reported it. */
  pointsAsOf: number | null;
  status: ProfileStatus;
}

/** A normalised identifier, in clear, on its way into the cache (never stored like this). */
export interface ClearIdentifier {
  kind: IdentifierKind;
  value: string;
}

/** What a member agreed to. `terms` is required at sign-up; the two marketing purposes are opt-in. */
export type ConsentPurpose = 'terms' | 'marketing_email' | 'marketing_sms';

/** The current state of one consent of one profile (the latest decision wins). */
export interface Consent {
  profileId: string;
  purpose: ConsentPurpose;
  granted: boolean;
  /** Epoch ms of the decision. */
  at: number;
  /** Where the decision was made, e.g. `till:<deviceId>`, `customer_display` or `crm`. Never personal data. */
  source: string;
  /** The version of the text consented to (the membership terms shown); null or absent where not known. */
  version?: string | null;
}

/** A finished sale as the till keeps it. `body` is the rest of the receipt (lines, payments) as JSON-able data. */
export interface ReceiptRecord {
  receiptId: string;
  profileId: string | null;
  /** Epoch ms of the sale. */
  createdAt: number;
  currency: string;
  /** Total in minor units (öre, cents). */
  totalMinor: number;
  body: unknown;
}

export interface StoredReceipt extends ReceiptRecord {
  /** Epoch ms when the till queued it. */
  queuedAt: number;
  /** Whether the CRM has it: its outbox item's state. */
  delivery: OutboxState;
}

export type OutboxKind = 'receipt' | 'signup' | 'consent' | 'receipt_delivery';
export type OutboxState = 'pending' | 'delivered' | 'dead';

/**
 * Something the CRM must receive exactly once. `profileId` is the profile it is about *now* (merges, erasures and
 * sign-up mappings keep it current), so the wire message takes it from here, never from the payload.
 */
export interface OutboxItem {
  /** UUIDv7, also the idempotency key sent to the CRM. */
  id: string;
  kind: OutboxKind;
  idempotencyKey: string;
  profileId: string | null;
  /** What to send (without the profile id); null once delivered (personal data is not kept after delivery). */
  payload: unknown;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A public key that verifies member QR tokens. */
export interface MemberKey {
  kid: string;
  /** As the CRM sends it (the protocol fixes the encoding, e.g. base64url of the raw Ed25519 key). */
  publicKey: string;
  /** Epoch ms after which tokens signed with it are refused; null = no end. */
  notAfter: number | null;
}
