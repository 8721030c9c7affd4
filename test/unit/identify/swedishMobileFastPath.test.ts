// The Swedish mobile fast path must agree with libphonenumber on everything: on every phone input of the tables, on
// generated Swedish-looking numbers written every which way, and it must actually answer for the common forms.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePhone, normalisePhoneWithLibphonenumber } from '../../../main/identify/phone';
import { swedishMobileE164 } from '../../../base/swedishMobileFastPath';
import { INVALID_PHONES, VALID_PHONES } from './support/phoneTables';

describe('swedishMobileE164', () => {
  it.each([
    ['070-123 45 67', '+46701234567'],
    ['0701234567', '+46701234567'],
    ['070 123 45 67', '+46701234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['+46701234567', '+46701234567'],
    ['0046 70 123 45 67', '+46701234567'],
    ['46701234567', '+46701234567'],
    ['072-123 45 67', '+46721234567'],
    ['073-987 65 43', '+46739876543'],
    ['076-123 45 67', '+46761234567'],
    ['078-123 45 67', '+46781234567'],
    ['079-123 45 67', '+46791234567'],
  ])('reads %j as %s without libphonenumber', (input, e164) => {
    expect(swedishMobileE164(input)).toBe(e164);
  });

  it.each([
    ['08-123 456 78', 'a landline'],
    ['074-123 45 67', '074 is not a mobile range'],
    ['075-123 45 67', 'a personal number range'],
    ['077-123 45 67', 'a UAN range'],
    ['(070) 123 45 67', 'parentheses'],
    ['070.123.45.67', 'dots'],
    ['+46 (0)70-123 45 67', 'the (0) form'],
    ['+460701234567', 'a trunk 0 after the country code'],
    ['070--123 45 67', 'two separators in a row'],
    ['+ 46 70 123 45 67', 'a space after the plus'],
    ['070-123 45 67-', 'a trailing separator'],
    ['+47 412 34 567', 'another country'],
    ['070-123 45 678', 'one digit too many'],
  ])('leaves %j to libphonenumber (%s)', (input) => {
    expect(swedishMobileE164(input)).toBeUndefined();
  });
});

describe('normalisePhone with the fast path agrees with libphonenumber alone', () => {
  it.each([...VALID_PHONES, ...INVALID_PHONES].map(([input]) => input))('on the table input %j', (input) => {
    expect(normalisePhone(input)).toEqual(normalisePhoneWithLibphonenumber(input));
  });

  // Numbers written the ways people and scanners write them, and the ways they should not: prefixes (+46, 0046, 0, 46,
  // +460, other countries, none), national numbers mostly starting with 7, and separators of many kinds anywhere.
  // Half are "tidy" (a 9-digit number, spaces and hyphens only), so many reach the fast path; half anything goes.
  const digit = fc.constantFrom(...'0123456789');
  function writtenWith(prefixes: string[], separators: string[], lengths: { minLength: number; maxLength: number }): fc.Arbitrary<string> {
    const nsn = fc.tuple(fc.constantFrom('7', '7', '7', '8', '1', '0'), digit, fc.array(digit, lengths));
    const separator = fc.constantFrom(...separators);
    return fc.tuple(fc.constantFrom(...prefixes), nsn, fc.array(separator, { minLength: 12, maxLength: 12 }), separator, separator).map(([head, [first, second, rest], seps, lead, tail]) => {
      const chars = [...head, first, second, ...rest];
      return lead + chars.map((c, i) => c + (i < chars.length - 1 ? (seps[i] ?? '') : '')).join('') + tail;
    });
  }
  const tidy = writtenWith(['+46', '0046', '0', '46', '+460'], ['', '', '', '', ' ', '-'], { minLength: 6, maxLength: 8 });
  const anything = writtenWith(
    ['+46', '0046', '0', '46', '+460', '+4', '+47', '00', '+', '', '460', '00460'],
    ['', '', '', ' ', ' ', '-', '  ', '.', '/', '(', ')', '\u00a0', '–', '+'],
    { minLength: 5, maxLength: 9 },
  );
  const written = fc.oneof(tidy, anything);

  it('on generated numbers', () => {
    fc.assert(
      fc.property(written, (input) => {
        expect(normalisePhone(input)).toEqual(normalisePhoneWithLibphonenumber(input));
      }),
      { numRuns: 10_000 },
    );
  });

  it('and the generated numbers reach the fast path often (the property above is not vacuous)', () => {
    const samples = fc.sample(written, { numRuns: 5000, seed: 14 });
    const answered = samples.filter((input) => swedishMobileE164(input.trim()) !== undefined).length;
    expect(answered).toBeGreaterThan(100);
  });
});
