import { describe, expect, it } from 'vitest';
import { ChangesPageSchema } from '../../../sync/protocol/changes';
import { parseCrmResponseBody } from '../../../sync/client/crmResponseBody';
import { SyncFailure } from '../../../sync/client/syncFailure';

const page = { changes: [{ type: 'erase', profileId: 'p1' }], cursor: 'c2', hasMore: false, serverTime: 1 };
const good = JSON.stringify(page);

describe('parseCrmResponseBody', () => {
  it('returns the parsed page', () => {
    expect(parseCrmResponseBody(ChangesPageSchema, good, 'GET /x')).toEqual(page);
  });

  it.each([
    ['truncated JSON', good.slice(0, good.length - 7)],
    ['empty body', ''],
    ['HTML from a proxy', '<html>502</html>'],
    ['wrong shape', JSON.stringify({ ...page, cursor: 7 })],
    ['unknown change type', JSON.stringify({ ...page, changes: [{ type: 'explode' }] })],
    ['a phone number where a profile id belongs', JSON.stringify({ ...page, changes: [{ type: 'erase', profileId: 4_670_123_456 }] })],
  ])('%s is a malformed_response that names no value', (_name, body) => {
    let failure: unknown;
    try {
      parseCrmResponseBody(ChangesPageSchema, body, 'GET /sync/v1/changes');
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SyncFailure);
    expect((failure as SyncFailure).kind).toBe('malformed_response');
    expect((failure as SyncFailure).message).toMatch(/^GET \/sync\/v1\/changes: /);
    expect((failure as SyncFailure).message).not.toMatch(/4670123456|502|explode/);
  });
});
