import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, hasValidGs1CheckDigit } from '../../../base/gs1CheckDigit';

describe('the GS1 check digit', () => {
  it.each([
    ['400638133393', 1], // EAN-13 bodies: a real product (GS1 Germany)
    ['731086500470', 3], // a Swedish product
    ['012345678901', 2],
    ['040000000000', 8],
    ['040123456789', 3], // our loyalty card range
    ['000000000000', 0],
    ['9638507', 4], // GTIN-8
    ['03600029145', 2], // GTIN-12 (UPC-A)
    ['1234567890123', 1], // GTIN-14
  ])('of %s is %i', (body, digit) => {
    expect(gs1CheckDigit(body)).toBe(digit);
  });

  it.each([
    ['4006381333931', true],
    ['5901234123457', true], // GS1's own example number
    ['9780201379624', true], // an ISBN-13
    ['96385074', true],
    ['036000291452', true],
    ['12345678901231', true],
    ['4006381333932', false],
    ['5901234123450', false],
    ['40063813339a1', false],
    ['7', false],
    ['', false],
  ])('%s valid: %s', (digits, valid) => {
    expect(hasValidGs1CheckDigit(digits)).toBe(valid);
  });
});
