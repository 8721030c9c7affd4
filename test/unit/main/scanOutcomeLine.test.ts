import { describe, expect, it } from 'vitest';
import { maskedLabel, scanOutcomeLine } from '../../../main/compose/scanOutcomeLine';

describe('the line a terminal shows for a typed scan', () => {
  it.each([
    ['0478343776867', '…67, 13 characters'],
    ['070-573 21 04', '…04, 13 characters'],
    ['hello', '5 characters'],
    ['x', '1 character'],
    ['jan.olsson1@example.com', '…om, 23 characters'],
  ])('masks %s as %s', (label, masked) => {
    expect(maskedLabel(label)).toBe(masked);
  });

  it.each([
    [{ result: 'identified', kind: 'card' }, 'Scan sent (…67, 13 characters) → identified: member (card)\n'],
    [{ result: 'not_found', kind: 'phone' }, 'Scan sent (…67, 13 characters) → not found (phone)\n'],
    [{ result: 'ambiguous', kind: 'phone' }, 'Scan sent (…67, 13 characters) → several members share this phone: ask for another identifier\n'],
    [{ result: 'rejected', kind: 'member_qr' }, 'Scan sent (…67, 13 characters) → rejected (member QR)\n'],
    [{ result: 'ignored', kind: 'unknown' }, "Scan sent (…67, 13 characters) → ignored: not a member identifier (a scanner's bare digits are a product code; type a phone with its spaces or dashes, e.g. 070-123 45 67, or in the cashier screen)\n"],
    [{ unanswered: 'no till answers' }, 'Scan sent (…67, 13 characters); no till answers.\n'],
  ] as const)('%o → %s', (outcome, line) => {
    const printed = scanOutcomeLine('0478343776867', outcome);
    expect(printed).toBe(line);
    expect(printed).not.toContain('0478343776867');
  });

  it('says how to type a phone into a scanner only when bare digits were ignored', () => {
    expect(scanOutcomeLine('0735550100', { result: 'ignored', kind: 'unknown' })).toContain('type a phone with its spaces or dashes');
    expect(scanOutcomeLine('hello', { result: 'ignored', kind: 'unknown' })).toBe('Scan sent (5 characters) → ignored: not a member identifier\n');
    expect(scanOutcomeLine('073-555 01 00', { result: 'ambiguous', kind: 'phone' })).not.toContain('product code');
    // With a + it was read as a phone (one that is not valid), not as a product code.
    expect(scanOutcomeLine('+4612', { result: 'ignored', kind: 'unknown' })).toBe('Scan sent (5 characters) → ignored: not a member identifier\n');
  });
});
