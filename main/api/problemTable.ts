// The one table from failure codes to HTTP: each code's status, what it means (the OpenAPI document reads this), and
// for problems only the API itself raises, its default words. The core throws TillFailure with a FailureCode; the
// server (and nothing else) turns one into a problem document here.
import type { FailureCode } from '../tillFailure';
import { MANAGER_TOKEN_HEADER } from './contract/manager';
import { MAX_BODY_BYTES } from './requestGuards';

/** Codes only the API layer raises: the request itself, the guards, the manager's PIN, the CRM behind a manager route. */
export type ApiProblemCode =
  | 'bad_host'
  | 'bad_path'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'internal'
  | 'disk_full'
  | 'malformed_json'
  | 'invalid_body'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'renderer_unavailable'
  | 'manager_pin_required'
  | 'wrong_pin'
  | 'too_many_attempts'
  | 'enrolment_refused'
  | 'crm_bad_request'
  | 'crm_unreachable'
  | 'crm_error'
  | 'crm_refused_till'
  | 'crm_timeout';

export type ProblemCode = FailureCode | ApiProblemCode;

export interface ProblemEntry {
  status: number;
  /** What the code means, for the OpenAPI document. */
  means: string;
  /** A component schema richer than Problem that this code's documents follow. */
  schema?: 'StepUpRequiredProblem';
  /** Headers sent with this code, for the OpenAPI document. */
  headers?: Record<string, string>;
}

export const PROBLEMS: Record<ProblemCode, ProblemEntry> = {
  // The request and the guards.
  bad_host: { status: 421, means: 'The Host header does not name 127.0.0.1, localhost or [::1] (DNS rebinding defence).' },
  bad_path: { status: 400, means: 'The request target is not a valid path, or a path segment is not valid percent-encoded UTF-8.' },
  unauthorized: {
    status: 401,
    means: 'No `Authorization: Bearer <token>`, or the wrong token. `tillid token` prints it.',
    headers: { 'WWW-Authenticate': '`Bearer`, sent with `unauthorized`.' },
  },
  not_found: { status: 404, means: 'Nothing is served at this path.' },
  method_not_allowed: { status: 405, means: 'The path is served, with another method (the Allow header lists them).' },
  internal: { status: 500, means: 'The till could not handle the request; it is logged. Try again.' },
  disk_full: {
    status: 507,
    means: 'The till’s disk is full: free space on it. Nothing accepted before is lost; this request was not recorded, so send it again once there is space. Identification still works meanwhile.',
  },
  malformed_json: { status: 400, means: 'The body is not valid JSON.' },
  invalid_body: { status: 400, means: 'The body does not match the request schema; `errors` lists `{path, message}` per field.' },
  body_too_large: { status: 413, means: `The body is larger than ${MAX_BODY_BYTES} bytes.` },
  unsupported_media_type: { status: 415, means: 'The body is not sent as `application/json`.' },
  renderer_unavailable: { status: 500, means: 'The till screen could not be built; see the till log.' },
  // The manager.
  manager_pin_required: {
    status: 403,
    means: `No live manager token in \`${MANAGER_TOKEN_HEADER}\`: enter the manager PIN again (POST /api/v1/manager/session).`,
  },
  wrong_pin: { status: 401, means: 'The manager PIN is not right; `attemptsLeft` says how many tries remain before a pause.' },
  too_many_attempts: {
    status: 429,
    means: 'Too many wrong PINs: wait `retryAfterSeconds` (also the Retry-After header) and try again.',
    headers: { 'Retry-After': 'Seconds until the next PIN is accepted.' },
  },
  // The CRM, behind the manager's routes.
  enrolment_refused: { status: 400, means: 'The CRM refused the enrolment code: wrong, used or expired.' },
  crm_bad_request: { status: 400, means: 'The CRM refused the request: check its address.' },
  crm_unreachable: { status: 502, means: 'The CRM could not be reached.' },
  crm_error: { status: 502, means: 'The CRM had an error or answered something the till does not understand.' },
  crm_refused_till: { status: 502, means: 'The CRM no longer accepts this till: enrol it again.' },
  crm_timeout: { status: 504, means: 'The CRM did not answer in time.' },
  // The core's codes.
  invalid_phone: { status: 400, means: 'The phone number cannot be used.' },
  invalid_email: { status: 400, means: 'The email address cannot be used.' },
  already_member: { status: 409, means: 'The phone or email is already a member; `profileId` names them. Identify them instead.' },
  terms_changed: { status: 409, means: 'The membership terms changed since they were shown; `termsVersion` names the ones in force. Show them and ask again.' },
  no_customer_display: { status: 409, means: 'No customer display is following this till: let the customer read the terms on the till’s screen instead.' },
  unknown_profile: { status: 422, means: '`profileId` names no profile this till (or, for a redemption, the CRM) knows.' },
  profile_not_found: { status: 404, means: 'No profile with that id is in this till’s cache.' },
  receipt_not_found: { status: 404, means: 'No receipt with that id was recorded at this till.' },
  no_member_contact: { status: 422, means: 'No member was identified for the receipt, so there is no contact on file: send `to`.' },
  not_enrolled: { status: 409, means: 'This till is not enrolled with a CRM yet.' },
  no_customer: { status: 409, means: 'There is no customer at the till: identify one first.' },
  already_verified: { status: 409, means: 'The customer is already `verified`.' },
  step_up_required: {
    status: 403,
    means: 'The action needs more assurance than the customer has; the problem says what would raise it (`methods`, `present`) and what still works (`stillAllowed`).',
    schema: 'StepUpRequiredProblem',
  },
  method_unavailable: { status: 422, means: 'That verification method is not available for this customer; `methods` lists the ones that are.' },
  step_up_rate_limited: { status: 429, means: 'Too many codes or links went to this customer recently; `retryAfterSeconds` says when to try again.' },
  crm_refused: { status: 502, means: 'The CRM refused the verification or redemption request, or answered about another one.' },
  offline: {
    status: 503,
    means: 'The till cannot reach the CRM, so no verification or redemption can start or be checked; `stillAllowed` and `present` say what still works, and for a redemption `inDoubt` whether it may have gone through.',
  },
  step_up_not_found: { status: 404, means: 'No verification with this id is known to the till (or the CRM forgot it).' },
  not_a_code_verification: { status: 409, means: 'This verification follows an e-mail link or BankID: it takes no code.' },
  customer_changed: { status: 409, means: 'The code was right, but another customer is at the till now.' },
  insufficient_points: { status: 422, means: 'The customer has fewer points than asked; `balance` says how many the till last saw.' },
  redemption_in_progress: { status: 409, means: 'A redemption for this customer (or, for an offer, at another till) is already on its way to the CRM: wait for its answer.' },
  offer_not_available: {
    status: 409,
    means: 'The offer cannot be redeemed; `reason`: `already_redeemed`, `expired`, `not_found` (not this customer’s, or not in their summary), `not_at_pos`. Nothing was redeemed.',
  },
  crm_unavailable: {
    status: 503,
    means: 'The CRM did not confirm the offer in time (it is down or slow). Nothing was redeemed and nothing is queued; asking again for the same offer resends the same request, so it is never redeemed twice.',
  },
};

export function problemStatus(code: ProblemCode): number {
  return PROBLEMS[code].status;
}
