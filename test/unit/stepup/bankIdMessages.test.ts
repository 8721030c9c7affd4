import { describe, expect, it } from 'vitest';
import { BANKID_MESSAGES, bankIdMessage, bankIdMessageKey } from '../../../main/stepup/bankIdMessages';
import type { BankIdMessageKey } from '../../../main/stepup/bankIdMessages';
import { bankIdQrData } from '../../../hub/stepUp/bankIdQr';

describe('BankID user messages (RFA codes from BankID’s guidelines)', () => {
  it.each<['pending' | 'failed' | 'cancelled' | 'complete' | 'crm_unreachable', string | null, BankIdMessageKey | null]>([
    ['pending', 'outstandingTransaction', 'RFA1'],
    ['pending', 'noClient', 'RFA1'],
    ['pending', 'started', 'RFA14'],
    ['pending', 'userSign', 'RFA9'],
    ['pending', 'userMrtd', 'RFA23'],
    ['pending', 'somethingNew', 'RFA21'],
    ['pending', null, 'RFA21'],
    ['failed', 'expiredTransaction', 'RFA8'],
    ['failed', 'certificateErr', 'RFA16'],
    ['failed', 'userCancel', 'RFA6'],
    ['failed', 'cancelled', 'RFA3'],
    ['failed', 'startFailed', 'RFA17'],
    ['failed', 'somethingNew', 'RFA22'],
    ['failed', 'toString', 'RFA22'],
    ['cancelled', null, 'RFA3'],
    ['crm_unreachable', 'outstandingTransaction', 'RFA5'],
    ['complete', null, null],
  ])('%s / %s → %s', (status, hintCode, key) => {
    expect(bankIdMessageKey({ status, hintCode })).toBe(key);
  });

  it.each([
    ['RFA1', 'Starta BankID-appen.', 'Start your BankID app.'],
    ['RFA3', 'Åtgärden avbruten. Försök igen.', 'Action cancelled. Please try again.'],
    ['RFA6', 'Åtgärden avbruten.', 'Action cancelled.'],
    ['RFA13', 'Försöker starta BankID-appen.', 'Trying to start your BankID app.'],
  ] as const)('%s reads as BankID prescribes', (key, sv, en) => {
    expect(bankIdMessage(key)).toEqual({ key, sv, en });
  });

  it('has both languages for every code', () => {
    for (const [key, text] of Object.entries(BANKID_MESSAGES)) {
      expect(text.sv.length, key).toBeGreaterThan(5);
      expect(text.en.length, key).toBeGreaterThan(5);
    }
  });
});

describe('the animated QR code data', () => {
  // The example in BankID's relying-party guidelines.
  const token = '67df3917-fa0d-44e5-b327-edcc928297f8';
  const secret = 'd28db9a7-4cde-429e-a983-359be676944c';

  it.each([
    [0, 'dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8'],
    [1, '949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2'],
    [2, 'a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3'],
    [2.9, 'a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3'],
  ])('second %s', (seconds, authCode) => {
    expect(bankIdQrData(token, secret, seconds)).toBe(`bankid.${token}.${Math.floor(seconds)}.${authCode}`);
  });
});
