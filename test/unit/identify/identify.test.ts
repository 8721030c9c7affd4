import { describe, expect, it } from 'vitest';
import { createIdentifier } from '../../../main/identify/identify';
import type { IdentifierDeps } from '../../../main/identify/identify';
import { DEFAULT_IDENTIFY_CONFIG } from '../../../main/identify/identifyConfig';
import { createMemoryNonceStore } from '../../support/memoryNonceStore';
import type { IdentifierKind, Profile } from '../../../sync/cache/types';
import { keyRing, memberToken, NOW_MS, PROFILE_ID } from './support/memberTokens';

const anna: Profile = {
  id: PROFILE_ID, firstName: 'Anna', displayName: 'Anna S.', tier: 'gold', pointsBalance: 1200, pointsAsOf: NOW_MS, status: 'active',
};

/** A stand-in for the cache: clear identifiers → profiles (the real cache hashes them). */
function identifier(overrides: Partial<IdentifierDeps> = {}) {
  const byIdentifier = new Map<string, Profile>([
    ['phone:+46701234567', anna],
    ['email:anna@example.se', anna],
    ['card:0401234567893', anna],
    ['card:6035550012345678', anna],
    ['member_number:M00012345', anna],
  ]);
  const lookups: Array<[IdentifierKind, string]> = [];
  const identify = createIdentifier({
    config: DEFAULT_IDENTIFY_CONFIG,
    keys: keyRing(),
    nonces: createMemoryNonceStore({ now: () => NOW_MS }),
    now: () => NOW_MS,
    findByIdentifier: (kind, value) => {
      lookups.push([kind, value]);
      return byIdentifier.get(`${kind}:${value}`);
    },
    findById: (id) => (id === anna.id ? anna : undefined),
    ...overrides,
  });
  return { identify, lookups };
}

describe('identify', () => {
  it.each([
    ['070-123 45 67', 'typed', 'phone', 'claimed'],
    ['+46 70 123 45 67', 'typed', 'phone', 'claimed'],
    ['ANNA@example.se', 'typed', 'email', 'claimed'],
    ['0401234567893', 'scan', 'card', 'possession'],
    [';6035550012345678=2812120?', 'scan', 'magstripe', 'possession'],
    ['M00012345', 'scan', 'member_number', 'possession'],
  ] as const)('%j (%s) identifies Anna as %s with %s assurance', (input, source, kind, assurance) => {
    expect(identifier().identify(input, source)).toEqual({ result: 'identified', kind, assurance, profile: anna });
  });

  it('identifies a member QR by profile id, verified, once', () => {
    const { identify, lookups } = identifier();
    const token = memberToken();
    expect(identify(token, 'scan')).toEqual({ result: 'identified', kind: 'member_qr', assurance: 'verified', profile: anna });
    expect(identify(token, 'scan')).toEqual({ result: 'rejected', kind: 'member_qr', reason: 'replayed' });
    expect(lookups).toEqual([]);
  });

  it('returns the normalised identifier when nobody has it, for a sign-up', () => {
    expect(identifier().identify('073-987 65 43', 'typed')).toEqual({
      result: 'not_found', kind: 'phone', assurance: 'claimed', identifier: { kind: 'phone', value: '+46739876543' },
    });
    expect(identifier().identify('Bo@Example.se', 'typed')).toEqual({
      result: 'not_found', kind: 'email', assurance: 'claimed', identifier: { kind: 'email', value: 'bo@example.se' },
    });
  });

  it('a member QR for a profile the cache lacks is not found, with no identifier', () => {
    expect(identifier().identify(memberToken({ sub: 'p-unknown' }), 'scan')).toEqual({
      result: 'not_found', kind: 'member_qr', assurance: 'verified',
    });
  });

  it.each([
    ['7310865004703', 'scan', { result: 'ignored', kind: 'unknown' }],
    ['https://example.se', 'scan', { result: 'ignored', kind: 'unknown' }],
    ['0401234567890', 'scan', { result: 'rejected', kind: 'card', reason: 'bad_check_digit' }],
    ['', 'typed', { result: 'rejected', kind: 'unknown', reason: 'empty' }],
    ['TID1.x.y', 'scan', { result: 'rejected', kind: 'member_qr', reason: 'malformed' }],
  ] as const)('%j (%s) → %j, without a lookup', (input, source, expected) => {
    const { identify, lookups } = identifier();
    expect(identify(input, source)).toEqual(expected);
    expect(lookups).toEqual([]);
  });

  it('never throws: a failing lookup becomes rejected/malformed and is reported without the input', () => {
    const errors: unknown[] = [];
    const { identify } = identifier({
      findByIdentifier: () => {
        throw new Error('SQLITE_BUSY');
      },
      onInternalError: (error) => errors.push(error),
    });
    expect(identify('070-123 45 67', 'typed')).toEqual({ result: 'rejected', kind: 'unknown', reason: 'malformed' });
    expect(errors).toHaveLength(1);
  });

  it('never throws: even when the error reporter throws, or the input is not a string', () => {
    const { identify } = identifier({
      findById: () => {
        throw new Error('boom');
      },
      onInternalError: () => {
        throw new Error('logger down');
      },
    });
    expect(identify(memberToken(), 'scan')).toEqual({ result: 'rejected', kind: 'unknown', reason: 'malformed' });
    expect(identify(undefined as unknown as string, 'scan')).toEqual({ result: 'rejected', kind: 'unknown', reason: 'malformed' });
    expect(identify({ length: 3 } as unknown as string, 'typed')).toEqual({ result: 'rejected', kind: 'unknown', reason: 'malformed' });
  });
});
