import { describe, expect, it } from 'vitest';
import { bankIdQrData } from '../../../hub/stepUp/bankIdQr';
import { KeyedPersonalNumbers } from '../../../hub/providers/personalNumbers';

describe('the hub’s animated BankID QR data', () => {
  // BankID's published example (developers.bankid.com, "QR codes"): qrStartSecret and the auth codes for t = 0, 1.
  const secret = 'd28db9a7-4cde-429e-a983-359be676944c';
  it.each([
    [0, 'dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8'],
    [1, '949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2'],
  ])('t=%i gives the public vector', (t, authCode) => {
    expect(bankIdQrData('67df3917-fa0d-44e5-b327-edcc928297f8', secret, t)).toBe(`bankid.67df3917-fa0d-44e5-b327-edcc928297f8.${t}.${authCode}`);
  });
  it('counts whole seconds since the order started', () => {
    expect(bankIdQrData('t', secret, 1.9)).toBe(bankIdQrData('t', secret, 1));
  });
});

describe('personal numbers held only as keyed digests', () => {
  const numbers = new KeyedPersonalNumbers();
  numbers.set('C-1', '19900101-1234');
  numbers.set('C-2', '900101-1234');
  it.each([
    ['C-1', '199001011234', true],
    ['C-1', '199001011235', false],
    ['C-1', '189001011234', false],
    ['C-2', '199001011234', true],
    ['C-2', '200001011234', false],
    ['C-3', '199001011234', false],
  ])('%s against %s: %s', async (profileId, personalNumber, expected) => {
    expect(await numbers.matches(profileId, personalNumber)).toBe(expected);
  });
  it('refuses a malformed number without quoting it', () => {
    expect(() => numbers.set('C-4', '12345-secret')).toThrow(/^a personal number is 10 or 12 digits/);
    expect(() => numbers.set('C-4', '12345-secret')).not.toThrow(/secret/);
  });
});
