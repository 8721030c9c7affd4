import { describe, expect, it } from 'vitest';
import { parseProfileRow, renderProfileRow } from '../../../hub/mirror/profileRow';
import type { ProfileState } from '../../../hub/mirror/profileRow';

const state = (firstName: string, displayName: string): ProfileState => ({
  profileId: 'P00000002', firstName, displayName, tier: 'silver', pointsBalance: 7410, pointsAsOf: 1751500800000, identifiers: [['phone', '+46707968951']],
});

describe('a mirrored profile row', () => {
  it.each([
    ['Åsa', 'Åsa W.'],
    ['Zoë', 'Zoë 😀'],
    ['Łukasz', 'Ł\u007f'],
    ['lone \ud800 surrogate', 'x'],
    ['Plain', 'Plain P.'],
  ])('is pure printable ASCII, and the same JSON: %s', (firstName, displayName) => {
    const json = renderProfileRow(state(firstName, displayName));
    expect(json).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify([...Object.values({ ...state(firstName, displayName) }).slice(0, 6), 'active', [['phone', '+46707968951']]])));
    expect(parseProfileRow(json)).toEqual(state(firstName, displayName));
  });
});
