import { describe, expect, it } from 'vitest';
import { messageForIgnored, messageForProblem, messageForRejection } from '../../../renderer/problemMessages';
import type { RejectionReason } from '../../../main/identify/types';

// Every reason identification can give (main/identify/types.ts): each must have its own words, not the fallback.
const reasons: Record<RejectionReason, string> = {
  bad_check_digit: 'err.badCheckDigit',
  bad_signature: 'err.qrForged',
  expired: 'err.qrExpired',
  not_yet_valid: 'err.qrNotYetValid',
  replayed: 'err.qrReplayed',
  unknown_key: 'err.qrForged',
  lifetime_too_long: 'err.qrForged',
  malformed: 'err.malformed',
  too_long: 'err.tooLong',
  empty: 'err.empty',
  invalid_phone: 'err.invalidPhone',
  invalid_email: 'err.invalidEmail',
  card_range: 'err.cardRange',
};

describe('errors in words a cashier understands', () => {
  it.each(Object.entries(reasons))('rejection %s → %s', (reason, key) => {
    expect(messageForRejection(reason).key).toBe(key);
  });

  it('an unknown reason still says what to do', () => {
    expect(messageForRejection('something_new').key).toBe('err.rejected');
    expect(messageForRejection(undefined).key).toBe('err.rejected');
  });

  it.each([
    [{ type: 'network', status: 0 }, 'err.network'],
    [{ type: 'unauthorized', status: 401 }, 'err.unauthorized'],
    [{ type: 'internal', status: 500 }, 'err.internal'],
    [{ type: 'profile_not_found', status: 404 }, 'err.profileNotFound'],
    [{ type: 'invalid_body', status: 400 }, 'err.invalidInput'],
    [{ type: 'wrong_pin', status: 401, attemptsLeft: 4 }, 'err.wrongPin'],
    [{ type: 'wrong_pin', status: 401, attemptsLeft: 2 }, 'err.wrongPinLeft'],
    [{ type: 'too_many_attempts', status: 429, retryAfterSeconds: 30 }, 'err.tooManyAttempts'],
    [{ type: 'manager_pin_required', status: 403 }, 'err.pinRequired'],
    [{ type: 'enrolment_refused', status: 400 }, 'err.enrolmentRefused'],
    [{ type: 'crm_unreachable', status: 502 }, 'err.crmUnreachable'],
    [{ type: 'brand_new_type', status: 503 }, 'err.internal'],
    [{ type: 'brand_new_type', status: 422 }, 'err.invalidInput'],
  ])('problem %o → %s', (problem, key) => {
    expect(messageForProblem(problem).key).toBe(key);
  });

  it('says how long to wait after too many wrong PINs', () => {
    expect(messageForProblem({ type: 'too_many_attempts', status: 429, retryAfterSeconds: 60 }).params).toEqual({ seconds: 60 });
  });

  it.each([['scan', 'err.notAPerson'], ['typed', 'err.typedNotAPerson']] as const)('input that is not a person (%s)', (source, key) => {
    expect(messageForIgnored(source).key).toBe(key);
  });
});
