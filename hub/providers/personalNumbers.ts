import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Does the person BankID names own the profile? The CRM holds the profile's personal number (Voyado:
 * `socialSecurityNumber`); the hub asks and compares, and never stores or logs the number BankID returned.
 */
export interface PersonalNumberCheck {
  /** false also when the profile has no personal number: nothing to prove ownership with. */
  matches(profileId: string, personalNumber: string): Promise<boolean>;
}

/**
 * The CRM could not be asked (timeout, 5xx, an unreadable answer): the ownership is neither proven nor disproven. BankID
 * forgets a finished order, so the verification cannot wait: it fails (`personalNumberCheckUnavailable`) and the
 * cashier starts a new one. The message never quotes a personal number.
 */
export class PersonalNumberCheckUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`the CRM did not answer the personal number check (${reason})`);
    this.name = 'PersonalNumberCheckUnavailable';
  }
}

/** The 12 digits YYYYMMDDNNNN, or the 10 of YYMMDD-NNNN (a CRM may keep either), or null for anything else. */
export function digitsOf(personalNumber: string): string | null {
  const digits = personalNumber.replace(/[\s+-]/g, '');
  return /^(\d{10}|\d{12})$/.test(digits) ? digits : null;
}

/**
 * Whether two personal numbers are the same person's, in constant time: both 12 digits compare on all 12, otherwise
 * (a CRM keeping YYMMDD-NNNN, without century) on the last 10. false when either is not a personal number.
 */
export function samePersonalNumber(held: string, given: string): boolean {
  const a = digitsOf(held);
  const b = digitsOf(given);
  if (a === null || b === null) return false;
  return a.length === 12 && b.length === 12
    ? timingSafeEqual(Buffer.from(a), Buffer.from(b))
    : timingSafeEqual(Buffer.from(a.slice(-10)), Buffer.from(b.slice(-10)));
}

/**
 * Personal numbers for profiles whose CRM record the hub cannot ask (the demo's mirror holds none): kept only as
 * HMAC-SHA256 under a key made at start and never written down, in this process's memory. A 10-digit number
 * (no century) is compared on its last 10 digits, a 12-digit one on all 12.
 */
export class KeyedPersonalNumbers implements PersonalNumberCheck {
  private readonly key = randomBytes(32);
  private readonly digests = new Map<string, { ten: Buffer; twelve: Buffer | null }>();

  /** Remembers a profile's personal number (as keyed digests). Throws on a malformed number, without quoting it. */
  set(profileId: string, personalNumber: string): void {
    const digits = digitsOf(personalNumber);
    if (digits === null) throw new Error('a personal number is 10 or 12 digits (YYMMDD-NNNN or YYYYMMDDNNNN)');
    this.digests.set(profileId, { ten: this.digest(digits.slice(-10)), twelve: digits.length === 12 ? this.digest(digits) : null });
  }

  forget(profileId: string): void {
    this.digests.delete(profileId);
  }

  async matches(profileId: string, personalNumber: string): Promise<boolean> {
    const held = this.digests.get(profileId);
    const digits = digitsOf(personalNumber);
    if (!held || digits === null) return false;
    if (held.twelve !== null && digits.length === 12) return timingSafeEqual(held.twelve, this.digest(digits));
    return timingSafeEqual(held.ten, this.digest(digits.slice(-10)));
  }

  private digest(digits: string): Buffer {
    return createHmac('sha256', this.key).update(digits).digest();
  }
}
