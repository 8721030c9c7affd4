import { describe, expect, it } from 'vitest';
import { memberListLoading } from '../../../main/till/memberListLoading';
import type { SyncStatus } from '../../../sync/client';

const status = (overrides: Partial<SyncStatus>): SyncStatus => ({
  enrolled: true, online: true, connectivity: 'online', lastPullAt: null, lastPushAt: null, lastError: null, pendingItems: 0,
  deadLetters: 0, cacheProfiles: 0, cursorAgeMs: null, nextSyncAt: null, memberListComplete: false,
  bootstrap: { state: 'none', done: 0, total: 0, rate: 0 },
  ...overrides,
});

describe('whether identification must say the member list is still loading', () => {
  it.each([
    ['enrolled, no copy begun yet', status({}), { state: 'loading', done: 0, total: 0 }],
    ['the first copy under way', status({ bootstrap: { state: 'running', done: 20_000, total: 1_000_000, rate: 9_000 } }), { state: 'loading', done: 20_000, total: 1_000_000 }],
    ['a first copy whose total grew past the CRM’s first count', status({ bootstrap: { state: 'running', done: 1_000_010, total: 1_000_000, rate: 0 } }), { state: 'loading', done: 1_000_010, total: 1_000_010 }],
    ['the first copy complete', status({ memberListComplete: true, bootstrap: { state: 'done', done: 1_000_000, total: 1_000_000, rate: 0 } }), undefined],
    ['a later copy under way beside a complete one', status({ memberListComplete: true, bootstrap: { state: 'running', done: 5, total: 1_000_000, rate: 0 } }), undefined],
    ['not enrolled: no CRM, no list to wait for', status({ enrolled: false }), undefined],
  ] as const)('%s', (_case, input, expected) => {
    expect(memberListLoading(input)).toEqual(expected);
  });
});
