import type { MessageKey } from './i18n/english';
import type { MessageParams } from './i18n/language';

/** A message to show: a key into the string tables plus its parameters. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
  /** Good news ("Sync finished") is shown calmly; everything else is an error. */
  tone?: 'info';
}

/** What went wrong with a call to the till, as the API client reports it. */
export interface ClientProblem {
  /** The problem `type` without its URL prefix (`wrong_pin`), or `network` / `bad_response` from the client itself. */
  type: string;
  status: number;
  retryAfterSeconds?: number;
  attemptsLeft?: number;
  /** With `already_member`: the member's profile. */
  profileId?: string;
  /** With `step_up_required`: the verifications the till can start now (empty offline). */
  methods?: string[];
  /** With `step_up_required`: the CRM cannot be reached. */
  offline?: boolean;
  /** With a 503 `offline` redemption: its answer was lost, so whether it went through is not known. */
  inDoubt?: boolean;
  /** With `insufficient_points`: the balance the till last saw. */
  balance?: number;
  /** With `offer_not_available`: why (`already_redeemed`, `expired`, `not_found`, `not_at_pos`). */
  reason?: string;
}

const problemKeys: Record<string, MessageKey> = {
  network: 'err.network',
  bad_response: 'err.badResponse',
  unauthorized: 'err.unauthorized',
  bad_host: 'err.unauthorized',
  internal: 'err.internal',
  invalid_body: 'err.invalidInput',
  malformed_json: 'err.internal',
  body_too_large: 'err.tooLong',
  unsupported_media_type: 'err.internal',
  not_found: 'err.internal',
  method_not_allowed: 'err.internal',
  profile_not_found: 'err.profileNotFound',
  already_member: 'err.alreadyMember',
  step_up_required: 'err.stepUp',
  wrong_pin: 'err.wrongPin',
  too_many_attempts: 'err.tooManyAttempts',
  manager_pin_required: 'err.pinRequired',
  enrolment_refused: 'err.enrolmentRefused',
  crm_unreachable: 'err.crmUnreachable',
  crm_timeout: 'err.crmTimeout',
  crm_error: 'err.crmError',
  crm_refused_till: 'err.crmRefusedTill',
  not_enrolled: 'err.notEnrolled',
  crm_bad_request: 'err.badCrmAddress',
};

/** Words for a failed call: what happened and what to do. Unknown types fall back to the general one. */
export function messageForProblem(problem: ClientProblem): Message {
  if (problem.type === 'wrong_pin' && problem.attemptsLeft !== undefined && problem.attemptsLeft <= 3) {
    return { key: 'err.wrongPinLeft', params: { count: problem.attemptsLeft } };
  }
  if (problem.type === 'too_many_attempts') return { key: 'err.tooManyAttempts', params: { seconds: problem.retryAfterSeconds ?? 30 } };
  const key = problemKeys[problem.type];
  if (key) return { key };
  return { key: problem.status >= 500 ? 'err.internal' : 'err.invalidInput' };
}

const reasonKeys: Record<string, MessageKey> = {
  empty: 'err.empty',
  invalid_phone: 'err.invalidPhone',
  invalid_email: 'err.invalidEmail',
  bad_check_digit: 'err.badCheckDigit',
  card_range: 'err.cardRange',
  bad_signature: 'err.qrForged',
  unknown_key: 'err.qrForged',
  lifetime_too_long: 'err.qrForged',
  expired: 'err.qrExpired',
  replayed: 'err.qrReplayed',
  not_yet_valid: 'err.qrNotYetValid',
  malformed: 'err.malformed',
  too_long: 'err.tooLong',
};

/** Words for an identification the till refused, by its reason code. */
export function messageForRejection(reason: string | undefined): Message {
  return { key: (reason && reasonKeys[reason]) || 'err.rejected' };
}

/** Words for input that is not a person at all (a product code scanned, or text that is no identifier). */
export function messageForIgnored(source: 'typed' | 'scan'): Message {
  return { key: source === 'scan' ? 'err.notAPerson' : 'err.typedNotAPerson' };
}
