import { describe, expect, it } from 'vitest';
import { looksLikePhone, normalisePhone } from '../../../main/identify/phone';
import { INVALID_PHONES, VALID_PHONES } from './support/phoneTables';

describe('normalisePhone (default region SE)', () => {
  it.each(VALID_PHONES)('%j → %s', (input, e164) => {
    expect(normalisePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each(INVALID_PHONES)('%j is invalid (%s)', (input) => {
    expect(normalisePhone(input)).toEqual({ ok: false, reason: 'invalid_phone' });
  });

  it('reads national numbers in the configured region', () => {
    expect(normalisePhone('(213) 373-4253', 'US')).toEqual({ ok: true, e164: '+12133734253' });
    expect(normalisePhone('1 213 373 4253', 'US')).toEqual({ ok: true, e164: '+12133734253' });
    expect(normalisePhone('412 34 567', 'NO')).toEqual({ ok: true, e164: '+4741234567' });
    expect(normalisePhone('070-123 45 67', 'NO')).toEqual({ ok: false, reason: 'invalid_phone' });
  });
});

describe('looksLikePhone', () => {
  it.each([
    ['070-123 45 67', true],
    ['+46701234567', true],
    ['(08) 123 456 78', true],
    ['12345', false],
    ['0701234567x', false],
    ['hello', false],
    ['+', false],
    ['+4670123456789012345', false],
  ])('%j → %s', (input, expected) => {
    expect(looksLikePhone(input)).toBe(expected);
  });
});
