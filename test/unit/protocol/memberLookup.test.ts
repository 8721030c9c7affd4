import { describe, expect, it } from 'vitest';
import {
  MEMBER_LOOKUP_PATH, MemberLookupAnswerSchema, MemberLookupRequestSchema, SYNC_PROBLEM_STATUS, SyncProblemSchema,
} from '../../../sync/protocol';

const vera = {
  id: 'CRM-VERA', firstName: 'Vera', displayName: 'Vera C.', tier: 'gold', pointsBalance: 420, pointsAsOf: 1_735_689_600_000, status: 'active',
  identifiers: [{ kind: 'phone', value: '+46708880001' }, { kind: 'email', value: 'vera@example.se' }],
};

describe('a member lookup request carries one normalised identifier', () => {
  it.each([
    ['a phone in E.164', { identifier: { kind: 'phone', value: '+46708880001' } }, true],
    ['an e-mail in lower case', { identifier: { kind: 'email', value: 'vera@example.se' } }, true],
    ['a card number', { identifier: { kind: 'card', value: '0401234567893' } }, true],
    ['a member number', { identifier: { kind: 'member_number', value: 'M10000001' } }, true],
    ['a phone as typed', { identifier: { kind: 'phone', value: '070-888 00 01' } }, false],
    ['an e-mail in capitals', { identifier: { kind: 'email', value: 'Vera@Example.se' } }, false],
    ['an unknown kind', { identifier: { kind: 'ssn', value: '198112181097' } }, false],
    ['no identifier', {}, false],
    ['an extra field (nothing else may travel)', { identifier: { kind: 'phone', value: '+46708880001' }, storeId: 's1' }, false],
  ])('%s → valid %s', (_what, value, valid) => {
    expect(MemberLookupRequestSchema.safeParse(value).success).toBe(valid);
  });

  it('names the fields that are wrong, never the value', () => {
    const parsed = MemberLookupRequestSchema.safeParse({ identifier: { kind: 'phone', value: '070-888 00 01' } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).not.toContain('888');
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['identifier.value']);
  });
});

describe('a member lookup answer is the member as a change feed upsert has it', () => {
  it.each([
    ['a member', { profile: vera }, true],
    ['a member without points or tier', { profile: { ...vera, tier: null, pointsAsOf: null, pointsBalance: 0 } }, true],
    ['a member with an identifier not normalised', { profile: { ...vera, identifiers: [{ kind: 'phone', value: '0708880001' }] } }, false],
    ['a pending member (a till status that never travels)', { profile: { ...vera, status: 'pending_sync' } }, false],
    ['a bare profile, not wrapped', vera, false],
  ])('%s → valid %s', (_what, value, valid) => {
    expect(MemberLookupAnswerSchema.safeParse(value).success).toBe(valid);
  });
});

describe('the lookup path and its problems', () => {
  it('is a POST path with no identifier in it, and its problems have their statuses', () => {
    expect(MEMBER_LOOKUP_PATH).toBe('/sync/v1/lookup');
    expect(SYNC_PROBLEM_STATUS.member_not_found).toBe(404);
    expect(SYNC_PROBLEM_STATUS.several_members).toBe(409);
    expect(SyncProblemSchema.parse({ type: 'several_members', title: 'Several members', status: 409, detail: 'ask for another' }).type).toBe('several_members');
  });
});
