import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProfileRow, profileFromRow, ProfileRowSchema, profileToRow, WireProfileSchema } from '../../../sync/protocol';

const validIdentifier = fc.oneof(
  fc.tuple(fc.constant('phone'), fc.stringMatching(/^\+[1-9]\d{6,14}$/)),
  fc.tuple(fc.constant('email'), fc.stringMatching(/^[a-z0-9.]{1,20}@[a-z]{1,10}\.[a-z]{2,5}$/)),
  fc.tuple(fc.constant('card'), fc.stringMatching(/^\d{6,19}$/)),
  fc.tuple(fc.constant('member_number'), fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,31}$/)),
);
const text = (max: number): fc.Arbitrary<string | null> => fc.option(fc.string({ maxLength: max + 3 }), { nil: null });
const number = fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2), fc.constant(-1));

/** Rows that are mostly valid, with every field sometimes wrong in a realistic way. */
const nearRow = fc.tuple(
  fc.oneof(fc.stringMatching(/^P\d{8}$/), fc.string({ maxLength: 3 }), fc.constant(42)),
  text(100),
  text(200),
  text(50),
  number,
  fc.oneof(fc.constant(null), number),
  fc.oneof(fc.constant('active'), fc.constant('pending_sync')),
  fc.array(fc.oneof(validIdentifier, fc.tuple(fc.constant('phone'), fc.string()), fc.tuple(fc.constant('fax'), fc.string()), fc.constant(['phone'])), { maxLength: 4 }),
);
const anyShape = fc.oneof(nearRow, nearRow.map((r) => [...r, 'extra']), nearRow.map((r) => r.slice(0, 7)), fc.anything());

describe('the fast row guard', () => {
  it('agrees with ProfileRowSchema on valid, near-valid and arbitrary rows', () => {
    fc.assert(
      fc.property(anyShape, (row) => {
        expect(isProfileRow(row)).toBe(ProfileRowSchema.safeParse(row).success);
      }),
      { numRuns: 5000 },
    );
  });

  it('is exercised on both sides (the generator yields valid and invalid rows)', () => {
    const verdicts = fc.sample(nearRow, { numRuns: 2000, seed: 7 }).map((row) => isProfileRow(row));
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(20);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(20);
  });
});

describe('row and object forms', () => {
  it.each([
    [{ id: 'P00000001', firstName: 'Anna', displayName: 'Anna L.', tier: 'gold', pointsBalance: 5, pointsAsOf: 1, status: 'active' as const, identifiers: [{ kind: 'phone' as const, value: '+46701234567' }] }],
    [{ id: 'P00000002', firstName: null, displayName: null, tier: null, pointsBalance: 0, pointsAsOf: null, status: 'active' as const, identifiers: [] }],
  ])('convert both ways without loss: %j', (profile) => {
    const row = profileToRow(profile);
    expect(ProfileRowSchema.parse(row)).toEqual(row);
    expect(WireProfileSchema.parse(profileFromRow(row))).toEqual(profile);
  });
});
