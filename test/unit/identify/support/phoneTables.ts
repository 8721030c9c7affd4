// The phone number tables of the identify tests: real inputs and what each must become (default region SE).
// Shared by phone.test.ts and the fast path's agreement test, so every input here is checked both ways.

/** Input → E.164. */
export const VALID_PHONES: ReadonlyArray<readonly [string, string]> = [
  // mobile, the ways people write it
  ['070-123 45 67', '+46701234567'],
  ['0701234567', '+46701234567'],
  ['070 123 45 67', '+46701234567'],
  ['070-1234567', '+46701234567'],
  ['(070) 123 45 67', '+46701234567'],
  ['070.123.45.67', '+46701234567'],
  ['+46 70 123 45 67', '+46701234567'],
  ['+46701234567', '+46701234567'],
  ['+46 (0)70-123 45 67', '+46701234567'],
  ['+460701234567', '+46701234567'],
  ['0046701234567', '+46701234567'],
  ['0046 70 123 45 67', '+46701234567'],
  ['46701234567', '+46701234567'],
  ['46 70 123 45 67', '+46701234567'],
  ['073-987 65 43', '+46739876543'],
  ['076 123 45 67', '+46761234567'],
  ['  070-123 45 67  ', '+46701234567'],
  ['070\u00a0123\u00a045\u00a067', '+46701234567'],
  // landlines
  ['08-123 456 78', '+46812345678'],
  ['(08) 123 456 78', '+46812345678'],
  ['+46 8 123 456 78', '+46812345678'],
  ['031-123 45 67', '+46311234567'],
  ['040-12 34 56', '+4640123456'],
  ['018-10 00 00', '+4618100000'],
  // other countries, with their country code
  ['+1 213 373 4253', '+12133734253'],
  ['+47 412 34 567', '+4741234567'],
  ['+44 7400 123456', '+447400123456'],
  ['0044 7400 123456', '+447400123456'],
];

/** Input, and why it is not a phone number. */
export const INVALID_PHONES: ReadonlyArray<readonly [string, string]> = [
  ['070-123', 'too short'],
  ['0701234567890', 'too long'],
  ['701234567', 'national number without the trunk 0'],
  ['81234567', 'Stockholm number without the trunk 0'],
  ['12345670', 'an EAN-8'],
  ['2024-05-01', 'a date'],
  ['020-123 45 67', 'toll-free, nobody’s own number'],
  ['0900-123 45 67', 'premium rate'],
  ['+46 70', 'country code and two digits'],
  ['+999 123 456 789', 'no such country code'],
  ['070-123 45 67 ext 12', 'letters'],
  ['070–123 45 67', 'an en dash is not a typed separator'],
  ['++46701234567', 'two plus signs'],
  ['46+701234567', 'plus inside'],
  ['', 'empty'],
  ['0'.repeat(41), 'over the length cap'],
  ['4470123456789', 'a foreign country code without + (only the default region’s is understood)'],
];
