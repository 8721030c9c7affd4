import { isValidPhoneNumber, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/min';

/** What a phone number or e-mail address being typed looks like so far: said by the field while typing. */
export type ContactCheck =
  | { kind: 'empty' }
  /** An address is only wrong once it is finished, so while typing it is `incomplete` until it looks whole. */
  | { kind: 'email'; state: 'valid' | 'incomplete' }
  | { kind: 'phone'; state: 'valid' | 'incomplete' | 'invalid' };

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Checks a contact as it is typed, with the same library the till parses it with (libphonenumber-js): a number that
 * is still too short is `incomplete`, not wrong, so the field does not shout at the third digit.
 */
export function checkContact(text: string, region: CountryCode = 'SE'): ContactCheck {
  const value = text.trim();
  if (value === '') return { kind: 'empty' };
  if (value.includes('@') || /[a-z]/i.test(value)) return { kind: 'email', state: EMAIL.test(value) ? 'valid' : 'incomplete' };
  if (/[^\d\s()+-]/.test(value)) return { kind: 'phone', state: 'invalid' };
  if (isValidPhoneNumber(value, region)) return { kind: 'phone', state: 'valid' };
  // While typing, a number is wrong for sure only when it has too many digits: past the longest the region has, or
  // one more than a number that was already whole. Any other length may still grow into a number.
  if (validatePhoneNumberLength(value, region) === 'TOO_LONG') return { kind: 'phone', state: 'invalid' };
  const shorter = value.replace(/\d(?=\D*$)/, '');
  return { kind: 'phone', state: shorter !== value && isValidPhoneNumber(shorter, region) ? 'invalid' : 'incomplete' };
}
