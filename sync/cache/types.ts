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
