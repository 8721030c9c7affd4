import { describe, expect, it } from 'vitest';
import { checkContact, type ContactCheck } from '../../../renderer/contactCheck';

describe('a contact is checked as it is typed, without shouting at the third digit', () => {
  it.each<[string, ContactCheck]>([
    ['', { kind: 'empty' }],
    ['   ', { kind: 'empty' }],
    ['070', { kind: 'phone', state: 'incomplete' }],
    ['070111002', { kind: 'phone', state: 'incomplete' }],
    ['0701110022', { kind: 'phone', state: 'valid' }],
    ['070-111 00 22', { kind: 'phone', state: 'valid' }],
    ['+46701110022', { kind: 'phone', state: 'valid' }],
    ['08-123 456 78', { kind: 'phone', state: 'valid' }],
    // One digit more than a whole number: a typo, said at once.
    ['07011100223', { kind: 'phone', state: 'invalid' }],
    ['0701110022334455667788', { kind: 'phone', state: 'invalid' }],
    ['070#111', { kind: 'phone', state: 'invalid' }],
    // Letters are an e-mail address on its way; it is only right once it looks whole.
    ['anna', { kind: 'email', state: 'incomplete' }],
    ['anna@', { kind: 'email', state: 'incomplete' }],
    ['anna@example', { kind: 'email', state: 'incomplete' }],
    ['anna@example.com', { kind: 'email', state: 'valid' }],
  ])('%j is %j', (text, expected) => {
    expect(checkContact(text)).toEqual(expected);
  });
});
