import type { IdentifierKind, Profile } from '../../sync/cache/types';

/** What was presented. `unknown` is anything that is not a person (a product EAN, a URL, garbage). */
export type PresentedKind = 'phone' | 'email' | 'card' | 'magstripe' | 'member_qr' | 'member_number' | 'unknown';

/** How sure we are that the person in front of us is the profile's owner. Ordered: claimed < possession < verified. */
export type Assurance = 'claimed' | 'possession' | 'verified';
export const ASSURANCE_ORDER: readonly Assurance[] = ['claimed', 'possession', 'verified'];

export type RejectionReason =
  | 'bad_check_digit'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'replayed'
  | 'unknown_key'
  | 'lifetime_too_long'
  | 'malformed'
  | 'too_long'
  | 'empty'
  | 'invalid_phone'
  | 'invalid_email'
  | 'card_range';

export type InputSource = 'typed' | 'scan';

/** The outcome of classifying one input, before any cache lookup. */
export type Classification =
  | {
      outcome: 'person';
      kind: Exclude<PresentedKind, 'unknown'>;
      assurance: Assurance;
      /** The identifier to look up: a normalised value of a cache kind, or a profile id (from a member QR). */
      lookup: { by: 'identifier'; kind: IdentifierKind; value: string } | { by: 'profile_id'; profileId: string };
    }
  | { outcome: 'rejected'; kind: PresentedKind; reason: RejectionReason }
  | { outcome: 'ignored'; kind: 'unknown' };

export type IdentifyResult =
  | { result: 'identified'; kind: PresentedKind; assurance: Assurance; profile: Profile }
  | { result: 'not_found'; kind: PresentedKind; assurance: Assurance;
      /** What was presented, normalised, so a sign-up can use it; never logged or sent on events. */
      identifier?: { kind: IdentifierKind; value: string } }
  | { result: 'rejected'; kind: PresentedKind; reason: RejectionReason }
  | { result: 'ignored'; kind: 'unknown' };
