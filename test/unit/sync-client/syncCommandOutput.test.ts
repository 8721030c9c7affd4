import { describe, expect, it } from 'vitest';
import { describeSyncStatus, renderBootstrapProgress } from '../../../main/cli/commands/sync';
import { describeEnrolFailure } from '../../../main/cli/commands/enrol';
import { SyncFailure } from '../../../sync/client/syncFailure';
import type { SyncStatus } from '../../../sync/client/syncStatus';
import type { TillEnrolment } from '../../../sync/client/tillEnrolment';

describe('renderBootstrapProgress', () => {
  it.each([
    [{ done: 0, total: 1_000_000, rate: 0 }, '[░░░░░░░░░░]   0%  0 / 1,000,000 members'],
    [{ done: 620_000, total: 1_000_000, rate: 61_000 }, '[██████░░░░]  62%  620,000 / 1,000,000 members  61,000/s'],
    [{ done: 1_000_000, total: 1_000_000, rate: 65_432 }, '[██████████] 100%  1,000,000 / 1,000,000 members  65,432/s'],
    [{ done: 10, total: 0, rate: 0 }, '[░░░░░░░░░░]   0%  10 / 0 members'],
  ])('%o → %s', (progress, line) => {
    expect(renderBootstrapProgress(progress, 10)).toBe(line);
  });
});

const now = 1_750_000_000_000;
const enrolment: TillEnrolment = { version: 1, crmUrl: 'http://127.0.0.1:7430', deviceId: 'dev-1', storeId: 'store-1', storeName: 'Demo store', tillName: 'Kassa 1', enrolledAt: now };
const status: SyncStatus = {
  enrolled: true,
  memberListComplete: true,
  online: true,
  connectivity: 'online',
  lastPullAt: now - 12_000,
  lastPushAt: now - 3 * 60_000,
  lastError: null,
  pendingItems: 2,
  deadLetters: 1,
  cacheProfiles: 1_000,
  cursorAgeMs: 12_000,
  nextSyncAt: null,
  bootstrap: { state: 'done', done: 1_000, total: 1_000, rate: 0 },
};

describe('describeSyncStatus', () => {
  it('says where sync stands in words', () => {
    expect(describeSyncStatus(status, enrolment, true, now)).toBe(
      [
        'CRM: http://127.0.0.1:7430  store Demo store  till "Kassa 1" (dev-1)  online',
        'Last pull: 12 s ago   last push: 3 min ago',
        'Outbox: 2 waiting, 1 dead letter',
        'Cache: 1,000 members, following the CRM',
      ].join('\n'),
    );
  });

  it.each<[string, Partial<SyncStatus>, boolean, RegExp]>([
    ['offline with an error', { online: false, connectivity: 'offline', lastError: { kind: 'unreachable', message: 'GET /sync/v1/changes: CRM unreachable (ECONNREFUSED)', at: now - 5_000 } }, true, /offline[\s\S]*Last error: GET \/sync\/v1\/changes: CRM unreachable \(ECONNREFUSED\) \(unreachable, 5 s ago\)/],
    ['not running', {}, false, /till not running/],
    ['not enrolled', { enrolled: false }, false, /^Not enrolled: run `tillid enrol/],
    ['copying', { bootstrap: { state: 'running', done: 500, total: 1_000, rate: 0 } }, true, /copying members: \[/],
    ['never pulled', { lastPullAt: null }, true, /Last pull: never/],
  ])('%s', (_name, patch, running, pattern) => {
    expect(describeSyncStatus({ ...status, ...patch }, patch.enrolled === false ? null : enrolment, running, now)).toMatch(pattern);
  });
});

describe('describeEnrolFailure', () => {
  it.each<[unknown, RegExp]>([
    [new SyncFailure('enrolment_refused', 'POST /sync/v1/enrol: answered 403 enrolment_code_used', { status: 403, problemType: 'enrolment_code_used' }), /already been used/],
    [new SyncFailure('enrolment_refused', 'x', { problemType: 'enrolment_code_expired' }), /expired/],
    [new SyncFailure('enrolment_refused', 'x', { problemType: 'enrolment_code_invalid' }), /does not know this code/],
    [new SyncFailure('unreachable', 'POST /sync/v1/enrol: CRM unreachable (ECONNREFUSED)'), /could not be reached/],
    [new SyncFailure('timeout', 'x'), /did not answer in time/],
  ])('%s', (error, pattern) => {
    expect(describeEnrolFailure(error)).toMatch(pattern);
  });
});
