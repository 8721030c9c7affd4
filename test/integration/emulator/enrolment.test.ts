import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnrolResponseSchema, PROTOCOL_VERSION, SYNC_HEADERS } from '../../../sync/protocol';
import { EnrolmentCodeResponseSchema } from '../../../hub/routes/adminAnswerSchemas';
import { CrmHarness, problemOf } from './support/crmHarness';

describe('enrolment', () => {
  let h: CrmHarness;
  let clock = Date.UTC(2025, 2, 1);
  beforeEach(async () => {
    clock = Date.UTC(2025, 2, 1);
    h = await CrmHarness.start({ members: 10, now: () => clock });
  });
  afterEach(async () => h.stop());

  it('turns a one-time code into a device id, store and token, once', async () => {
    const { code } = await h.adminOk('POST', '/admin/enrolment-codes', EnrolmentCodeResponseSchema, {});
    const first = await h.request('POST', '/sync/v1/enrol', { body: { code, tillName: 'Kassa 1', appVersion: '0.1.0', platform: 'linux' } });
    expect(first.status).toBe(201);
    expect(first.headers.get(SYNC_HEADERS.protocolVersion)).toBe(String(PROTOCOL_VERSION));
    const enrolled = EnrolResponseSchema.parse(first.json);
    expect(enrolled.storeId).toBe('store-1');

    const again = await h.request('POST', '/sync/v1/enrol', { body: { code, tillName: 'Kassa 2' } });
    expect(again.status).toBe(403);
    expect(problemOf(again).type).toBe('enrolment_code_used');
    expect(again.text).not.toContain(code);

    const keys = await h.request('GET', '/sync/v1/keys', { token: enrolled.credentials.token });
    expect(keys.status).toBe(200);
  });

  it('ignores case, spaces and dashes in the typed code', async () => {
    const { code } = await h.adminOk('POST', '/admin/enrolment-codes', EnrolmentCodeResponseSchema, {});
    const typed = ` ${code.replace('-', ' ').toLowerCase()} `;
    expect((await h.request('POST', '/sync/v1/enrol', { body: { code: typed, tillName: 'Kassa 1' } })).status).toBe(201);
  });

  it.each([
    ['an unknown code', { code: 'ZZZZ-ZZZZ', tillName: 'Kassa 1' }, 403, 'enrolment_code_invalid'],
    ['no till name', { code: 'ZZZZ-ZZZZ' }, 400, 'bad_request'],
    ['not JSON at all', '{"code": ', 400, 'bad_request'],
  ])('refuses %s', async (_name, body, status, type) => {
    const answer = await h.request('POST', '/sync/v1/enrol', { body });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(problemOf(answer).type).toBe(type);
  });

  it('refuses an expired code', async () => {
    const { code } = await h.adminOk('POST', '/admin/enrolment-codes', EnrolmentCodeResponseSchema, { ttlSeconds: 60 });
    clock += 61_000;
    const answer = await h.request('POST', '/sync/v1/enrol', { body: { code, tillName: 'Kassa 1' } });
    expect(problemOf(answer).type).toBe('enrolment_code_expired');
  });

  it.each([
    ['no token', null, 401],
    ['an unknown token', 'x'.repeat(43), 401],
    ['the admin token', 'ADMIN', 401],
  ])('refuses sync requests with %s', async (_name, token, status) => {
    const answer = await h.request('GET', '/sync/v1/keys', { token: token === 'ADMIN' ? h.crm.adminToken : token });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(problemOf(answer).type).toBe('unauthorized');
  });

  it('refuses a protocol version it does not speak', async () => {
    const token = await h.enrolTill();
    const answer = await h.request('GET', '/sync/v1/keys', { token, headers: { [SYNC_HEADERS.protocolVersion]: '2' } });
    expect(answer.status).toBe(400);
    expect(problemOf(answer).type).toBe('unsupported_version');
  });

  it('echoes the request id', async () => {
    const token = await h.enrolTill();
    const answer = await h.request('GET', '/sync/v1/keys', { token, headers: { [SYNC_HEADERS.requestId]: 'req-42' } });
    expect(answer.headers.get(SYNC_HEADERS.requestId)).toBe('req-42');
  });
});
