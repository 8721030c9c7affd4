import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDevice, HUB_ENGINES, seedMembers, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';

/** What a request could have changed: the log head, the ledger, the tills and when each was last seen. */
async function stateOf(under: HubUnderTest): Promise<unknown> {
  const { db } = under.hub.parts;
  return {
    head: await under.hub.parts.feed.head(db),
    ledger: await db.query('SELECT count(*)::int AS n FROM upload_ledger'),
    receipts: await db.query('SELECT count(*)::int AS n FROM receipts'),
    tills: await db.query('SELECT till_id, last_seen_at FROM tills ORDER BY till_id'),
  };
}

describe.each(HUB_ENGINES)('the hub on %s refuses bad input with problem+json and changes nothing', (engine) => {
  let under: HubUnderTest;
  let token: string;
  let cursor: string;

  beforeAll(async () => {
    under = await startHub(engine);
    await seedMembers(under.hub, 20);
    token = await enrolDevice(under.hub);
    const page = (await (await fetch(`${under.hub.url}/sync/v1/bootstrap`, { headers: { authorization: `Bearer ${token}` } })).json()) as { cursor: string };
    cursor = page.cursor;
  });
  afterAll(async () => {
    await under?.close();
  });

  const future = (c: string): string => c.replace(/\.(\d+)$/, (_, seq: string) => `.${Number(seq) + 1_000}`);

  it.each([
    { what: 'a forged till token', path: () => `/sync/v1/changes?cursor=${cursor}`, auth: () => 'Bearer forged-token-forged-token-forged-token', status: 401, type: 'unauthorized' },
    { what: 'no till token', path: () => `/sync/v1/bootstrap`, auth: () => '', status: 401, type: 'unauthorized' },
    { what: 'a cursor from the future', path: () => `/sync/v1/changes?cursor=${future(cursor)}`, auth: () => `Bearer ${token}`, status: 410, type: 'cursor_expired' },
    { what: 'a cursor of another hub database', path: () => `/sync/v1/changes?cursor=c.zzzzzz.1`, auth: () => `Bearer ${token}`, status: 410, type: 'cursor_expired' },
    { what: 'an absurd changes page size', path: () => `/sync/v1/changes?cursor=${cursor}&limit=1000000000`, auth: () => `Bearer ${token}`, status: 400, type: 'bad_request' },
    { what: 'an absurd bootstrap page size', path: () => `/sync/v1/bootstrap?limit=99999999`, auth: () => `Bearer ${token}`, status: 400, type: 'bad_request' },
    { what: 'a forged bootstrap page token', path: () => `/sync/v1/bootstrap?after=b.zzzz.1.2.3`, auth: () => `Bearer ${token}`, status: 410, type: 'cursor_expired' },
  ])('$what → $status $type', async ({ path, auth, status, type }) => {
    const before = await stateOf(under);
    const headers: Record<string, string> = auth() === '' ? {} : { authorization: auth() };
    const response = await fetch(`${under.hub.url}${path()}`, { headers });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ type, status });
    // A refused request with a valid token still marks the till as seen: compare everything but that.
    const strip = (s: unknown) => ({ ...(s as object), tills: (s as { tills: { till_id: string }[] }).tills.map((t) => t.till_id) });
    expect(strip(await stateOf(under))).toEqual(strip(before));
  });

  it('an upload with a forged token stores nothing', async () => {
    const before = await stateOf(under);
    const response = await fetch(`${under.hub.url}/sync/v1/upload`, {
      method: 'POST',
      headers: { authorization: 'Bearer forged-token-forged-token-forged-token', 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ idempotencyKey: '0190b6a4-7c1e-7000-8000-000000000001', kind: 'receipt', payload: {} }] }),
    });
    expect(response.status).toBe(401);
    expect(await stateOf(under)).toEqual(before);
  });

  it('an upload batch over the item limit is 413 batch_too_large, and nothing is stored', async () => {
    const before = await stateOf(under);
    const items = Array.from({ length: 501 }, () => ({ idempotencyKey: '0190b6a4-7c1e-7000-8000-000000000001', kind: 'receipt', payload: {} }));
    const response = await fetch(`${under.hub.url}/sync/v1/upload`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ items }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ type: 'batch_too_large' });
    const strip = (s: unknown) => ({ ...(s as object), tills: null });
    expect(strip(await stateOf(under))).toEqual(strip(before));
  });
});
