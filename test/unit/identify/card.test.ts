import { describe, expect, it } from 'vitest';
import { inCardPrefixRange, judgeEan13, matchesCardPattern } from '../../../main/identify/card';
import { isValidEan13 } from '../../../main/identify/ean13';

const GS1_IN_COMPANY: Array<[number, number]> = [[40, 49]];

describe('EAN-13 check digit', () => {
  it.each([
    ['4006381333931', true], // a real product (GS1 Germany)
    ['5901234123457', true], // GS1's own example number
    ['7310865004703', true], // a Swedish product
    ['7311041013663', true],
    ['9780201379624', true], // an ISBN-13
    ['0401234567893', true],
    ['0490000000009', true],
    ['4006381333932', false],
    ['5901234123450', false],
    ['7310865004704', false],
    ['0401234567890', false],
    ['040123456789', false], // twelve digits
    ['04012345678930', false], // fourteen
    ['04012345678a3', false],
    ['', false],
  ])('%s valid: %s', (digits, valid) => {
    expect(isValidEan13(digits)).toBe(valid);
  });
});

describe('judgeEan13 with the GS1 in-company range 040–049', () => {
  it.each([
    ['0401234567893', 'card'],
    ['0409999999997', 'card'],
    ['0420000000006', 'card'],
    ['0490000000009', 'card'],
    ['0401234567890', 'bad_check_digit'],
    ['0490000000000', 'bad_check_digit'],
    ['0390000000002', 'not_ours'], // just below the range
    ['0501234567890', 'not_ours'], // just above
    ['7310865004703', 'not_ours'], // a product
    ['7310865004704', 'not_ours'], // a product with a wrong check digit is still not a card
    ['0201234567899', 'not_ours'], // restricted circulation 020–029 is not configured by default
  ])('%s → %s', (digits, verdict) => {
    expect(judgeEan13(digits, GS1_IN_COMPANY)).toBe(verdict);
  });

  it('accepts extra ranges from config', () => {
    const ranges: Array<[number, number]> = [[40, 49], [20, 29]];
    expect(judgeEan13('0201234567899', ranges)).toBe('card');
    expect(judgeEan13('0291234567891', ranges)).toBe('bad_check_digit');
    expect(inCardPrefixRange('0300000000000', ranges)).toBe(false);
  });
});

describe('matchesCardPattern', () => {
  const patterns = [{ regex: /^(?:6[0-9]{15})$/, maxLength: 16 }, { regex: /^(?:KC[0-9]{6})$/, maxLength: 8 }];
  it.each([
    ['6012345678901234', true],
    ['KC123456', true],
    ['5012345678901234', false],
    ['60123456789012345', false], // longer than maxLength: never reaches the regex
    ['KC12345', false],
  ])('%s → %s', (compact, expected) => {
    expect(matchesCardPattern(compact, patterns)).toBe(expected);
  });
});
