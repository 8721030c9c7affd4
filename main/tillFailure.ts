// What the till core says when it cannot do what it was asked: a stable code, words for a person, and the facts a
// client needs to act. The core knows nothing of HTTP: main/api/problemTable.ts gives each code its status.

/** Every code the core (main/till, main/stepup) may fail with. */
export type FailureCode =
  | 'invalid_phone'
  | 'invalid_email'
  | 'already_member'
  | 'terms_changed'
  | 'no_customer_display'
  | 'unknown_profile'
  | 'profile_not_found'
  | 'not_enrolled'
  | 'no_customer'
  | 'already_verified'
  | 'step_up_required'
  | 'method_unavailable'
  | 'step_up_rate_limited'
  | 'crm_refused'
  | 'offline'
  | 'step_up_not_found'
  | 'not_a_code_verification'
  | 'customer_changed'
  | 'insufficient_points'
  | 'redemption_in_progress'
  | 'offer_not_available'
  | 'crm_unavailable'
  | 'receipt_not_found'
  | 'no_member_contact';

export class TillFailure<Code extends string = FailureCode> extends Error {
  constructor(
    readonly code: Code,
    /** For a person: what happened and what to do. Never an identifier, a label or a token. */
    detail: string,
    /** Facts a client acts on (`profileId`, `retryAfterSeconds`, `methods`, …), sent beside the detail. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'TillFailure';
  }
}
