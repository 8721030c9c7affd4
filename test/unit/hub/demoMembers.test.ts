import { describe, expect, it } from 'vitest';
import { ClearIdentifierSchema } from '../../../sync/protocol';
import { demoMember } from '../../../hub/connectors/demo/demoMembers';
import { isValidEan13 } from '../../../main/identify/ean13';
import { demoIndexOfIdentifier } from '../../../hub/connectors/demo/demoIdentifierLookup';

describe('demo members', () => {
  it('are the same for the same seed and differ between seeds', () => {
    expect(demoMember(123, 42)).toEqual(demoMember(123, 42));
    expect(demoMember(123, 42).phone).not.toBe(demoMember(123, 43).phone);
  });

  it.each([0, 1, 2, 3, 4, 5, 9, 10, 99_999, 9_999_999])('member %i has well-formed identifiers', (index) => {
    const m = demoMember(index, 42);
    expect(m.profileId).toBe(`P${String(index + 1).padStart(8, '0')}`);
    expect(m.phone).toMatch(/^\+4670\d{7}$/);
    expect(m.phoneLocal.replace(/[-\s]/g, '')).toBe(`0${m.phone.slice(3)}`);
    expect(m.email !== null).toBe(index % 2 === 0);
    expect(m.cardNumber !== null).toBe(index % 5 === 0 || index % 5 === 3);
    expect(m.memberNumber !== null).toBe(index % 10 === 0);
    if (m.cardNumber) {
      expect(m.cardNumber).toMatch(/^04\d{11}$/);
      expect(isValidEan13(m.cardNumber)).toBe(true);
    }
    for (const [kind, value] of [['phone', m.phone], ['email', m.email], ['card', m.cardNumber], ['member_number', m.memberNumber]] as const) {
      if (value !== null) expect(ClearIdentifierSchema.safeParse({ kind, value }).success).toBe(true);
    }
  });

  it('have distinct phones and cards over the first 200,000', () => {
    const phones = new Set<string>();
    const cards = new Set<string>();
    let cardCount = 0;
    for (let i = 0; i < 200_000; i++) {
      const m = demoMember(i, 7);
      phones.add(m.phone);
      if (m.cardNumber) {
        cards.add(m.cardNumber);
        cardCount++;
      }
    }
    expect(phones.size).toBe(200_000);
    expect(cards.size).toBe(cardCount);
  });

  it('cover the whole in-company range 040–049', () => {
    const prefixes = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const card = demoMember(i, 1).cardNumber;
      if (card) prefixes.add(card.slice(0, 3));
    }
    expect([...prefixes].sort()).toEqual(['040', '041', '042', '043', '044', '045', '046', '047', '048', '049']);
  });

  it.each([0, 3, 10, 12_345, 999_990, 9_999_999])('member %i is found again from each of its identifiers', (index) => {
    const m = demoMember(index, 42);
    expect(demoIndexOfIdentifier('phone', m.phone, 42)).toBe(index);
    if (m.email) expect(demoIndexOfIdentifier('email', m.email, 42)).toBe(index);
    if (m.cardNumber) expect(demoIndexOfIdentifier('card', m.cardNumber, 42)).toBe(index);
    if (m.memberNumber) expect(demoIndexOfIdentifier('member_number', m.memberNumber, 42)).toBe(index);
  });

  it.each([
    ['phone', '+46731234567'],
    ['email', 'someone.else1@example.com'],
    ['email', 'anna@example.org'],
    ['card', '0400000000008'],
    ['member_number', 'M99999999'],
  ] as const)('%s %s is no demo member of seed 42', (kind, value) => {
    expect(demoIndexOfIdentifier(kind, value, 42)).toBeNull();
  });

  it('an identifier of one member does not resolve to another', () => {
    const a = demoMember(1, 42); // odd index: no email
    expect(demoIndexOfIdentifier('email', `${a.firstName.toLowerCase()}.x2@example.com`, 42)).toBeNull();
    expect(demoIndexOfIdentifier('member_number', 'M10000001', 42)).toBeNull(); // index 1 has no member number
  });
});
