import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../renderer/apiClient';
import { MANAGER_TOKEN_HEADER } from '../../../main/api/contract/manager';
import { startPreviewServer, PREVIEW_TOKEN } from '../../unit/renderer/support/previewServer';

let preview: Awaited<ReturnType<typeof startPreviewServer>>;
beforeAll(async () => {
  preview = await startPreviewServer();
});
afterAll(() => preview.close());

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${preview.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PREVIEW_TOKEN}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('manager routes behind a PIN', () => {
  it('gives a manager token for the right PIN, and the routes answer with it', async () => {
    const client = new ApiClient({ apiBase: preview.url, token: PREVIEW_TOKEN });
    expect(await client.managerLogin('1234')).toEqual({ ok: true, value: null });
    const enrolment = await client.enrolment();
    expect(enrolment).toMatchObject({ ok: true, value: { enrolled: false } });
    expect(await client.deadLetters()).toMatchObject({ ok: true, value: [{ kind: 'receipt' }] });
    expect(await client.diagnostics()).toMatchObject({ ok: true, value: { version: '0.1.0-test' } });
    expect(await client.enrol({ crmUrl: 'http://127.0.0.1:9/', code: 'ABCD-1234' })).toMatchObject({ ok: true, value: { enrolled: true, storeName: 'Demo Store' } });
    expect(await client.rebootstrap()).toEqual({ ok: true, value: { status: 'started' } });
    await client.managerLogout();
    expect(await client.enrolment()).toMatchObject({ ok: false, problem: { type: 'manager_pin_required', status: 403 } });
  });

  it.each([
    ['no manager token', {}],
    ['a made-up manager token', { [MANAGER_TOKEN_HEADER]: 'made-up' }],
  ])('refuses the manager routes with %s', async (_name, headers) => {
    const response = await fetch(`${preview.url}/api/v1/manager/dead-letters`, { headers: { authorization: `Bearer ${PREVIEW_TOKEN}`, ...headers } });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('still needs the bearer token', async () => {
    const response = await fetch(`${preview.url}/api/v1/manager/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"pin":"1234"}' });
    expect(response.status).toBe(401);
  });

  it.each([['12'], ['abcd'], ['1234567890123']])('refuses the malformed PIN %j without counting it', async (pin) => {
    const response = await post('/api/v1/manager/session', { pin });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).not.toContain(pin === '12' ? '"12"' : pin);
  });

  it('refuses an enrolment with a bad address, naming the field', async () => {
    const client = new ApiClient({ apiBase: preview.url, token: PREVIEW_TOKEN });
    await client.managerLogin('1234');
    expect(await client.enrol({ crmUrl: 'ftp://crm', code: 'ABCD' })).toMatchObject({ ok: false, problem: { type: 'invalid_body' } });
  });

  it('counts wrong PINs and then locks, saying how long to wait', async () => {
    const answers: Array<{ status: number; body: Record<string, unknown>; retryAfter: string | null }> = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await post('/api/v1/manager/session', { pin: '9999' });
      answers.push({ status: response.status, body: (await response.json()) as Record<string, unknown>, retryAfter: response.headers.get('retry-after') });
    }
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(answers[0]?.body).toMatchObject({ attemptsLeft: 4 });
    expect(answers[5]?.retryAfter).toBe('30');
    // Locked: even the right PIN waits.
    expect((await post('/api/v1/manager/session', { pin: '1234' })).status).toBe(429);
  });
});
