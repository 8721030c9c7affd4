import { z } from 'zod';

/**
 * Every error of the sync protocol is an RFC 9457 problem (`application/problem+json`).
 * `type` is one of these short codes (a relative URI reference); the till branches on it, never on `title`.
 */
export const SyncProblemTypeSchema = z.enum([
  /** 400: the query or body does not match its schema; `errors` lists the fields. */
  'bad_request',
  /** 400: the till sent a protocol version the CRM does not speak. */
  'unsupported_version',
  /** 401: no, malformed or unknown device token. */
  'unauthorized',
  /** 403: enrolment code unknown (never issued, or mistyped). */
  'enrolment_code_invalid',
  /** 403: enrolment code already used by another till. */
  'enrolment_code_used',
  /** 403: enrolment code past its expiry. */
  'enrolment_code_expired',
  /** 404: no such route. */
  'not_found',
  /** 405 */
  'method_not_allowed',
  /** 404: a points redemption names a profile the CRM does not know (never did, or erased). */
  'unknown_profile',
  /** 422: the profile has fewer points than a redemption asks for; `pointsBalance` says how many it has. */
  'insufficient_points',
  /** 403: a promotion redemption without a fresh step-up verification of that profile at that till. */
  'step_up_required',
  /** 409: the offer cannot be redeemed (already redeemed, expired, not this member's); `reason` says which. */
  'offer_not_available',
  /** 409: another redemption of the same offer is on its way to the CRM; ask again in a moment. */
  'redemption_in_progress',
  /** 503: the CRM did not confirm a redemption that only it can confirm; nothing was redeemed and nothing is queued. */
  'crm_unavailable',
  /** 404: a member lookup found nobody holding the identifier (an ordinary miss). */
  'member_not_found',
  /** 409: a member lookup found several members sharing the identifier: ask the customer for another one. */
  'several_members',
  /** 410: the cursor or bootstrap page token is older than the retained change log or from another epoch: re-bootstrap. */
  'cursor_expired',
  /** 413: body or batch too large. */
  'batch_too_large',
  /** 500: the CRM failed; safe to retry idempotent requests. */
  'internal',
  /** 503: the CRM is temporarily unavailable; honour Retry-After. */
  'unavailable',
]);
export type SyncProblemType = z.infer<typeof SyncProblemTypeSchema>;

export const SyncProblemSchema = z.object({
  type: SyncProblemTypeSchema,
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  /** With `bad_request`: which fields were wrong. Never echoes the offending values. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type SyncProblem = z.infer<typeof SyncProblemSchema>;

/** The status each problem type is answered with. */
export const SYNC_PROBLEM_STATUS: Record<SyncProblemType, number> = {
  bad_request: 400,
  unsupported_version: 400,
  unauthorized: 401,
  enrolment_code_invalid: 403,
  enrolment_code_used: 403,
  enrolment_code_expired: 403,
  not_found: 404,
  method_not_allowed: 405,
  unknown_profile: 404,
  insufficient_points: 422,
  step_up_required: 403,
  offer_not_available: 409,
  redemption_in_progress: 409,
  crm_unavailable: 503,
  member_not_found: 404,
  several_members: 409,
  cursor_expired: 410,
  batch_too_large: 413,
  internal: 500,
  unavailable: 503,
};
