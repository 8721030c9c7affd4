import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../renderer/apiClient';
import type { TillEvent } from '../../../main/api/contract/events';
import { startPreviewServer, PREVIEW_TOKEN } from '../../unit/renderer/support/previewServer';

let preview: Awaited<ReturnType<typeof startPreviewServer>>;
let client: ApiClient;
beforeAll(async () => {
  preview = await startPreviewServer();
  client = new ApiClient({ apiBase: preview.url, token: PREVIEW_TOKEN });
});
afterAll(() => preview.close());

describe('the renderer API client against the real server', () => {
  it('identifies, reads the session and the profile', async () => {
    expect(await client.identify('070-123 45 67', 'typed')).toMatchObject({ ok: true, value: { result: 'identified', profile: { firstName: 'Anna' } } });
    expect(await client.session()).toMatchObject({ ok: true, value: { customer: { profile: { id: 'p-anna' } } } });
    expect(await client.profile('p-anna')).toMatchObject({ ok: true, value: { receipts: [{ receiptId: 'r-1' }, { receiptId: 'r-2' }] } });
    expect(await client.clearSession()).toEqual({ ok: true, value: null });
  });

  it('answers problems as values with a short type', async () => {
    expect(await client.profile('nobody')).toEqual({ ok: false, problem: { type: 'profile_not_found', status: 404 } });
    const stranger = new ApiClient({ apiBase: preview.url, token: 'wrong-token-0123456789' });
    expect(await stranger.health()).toMatchObject({ ok: true });
    expect(await stranger.session()).toEqual({ ok: false, problem: { type: 'unauthorized', status: 401 } });
  });

  it('reports an already-known member with their profile id', async () => {
    const result = await client.signup({ phone: '0701234567', consents: { terms: true } });
    expect(result).toEqual({ ok: false, problem: { type: 'already_member', status: 409, profileId: 'p-anna' } });
  });

  it('answers network when nothing listens', async () => {
    const nowhere = new ApiClient({ apiBase: 'http://127.0.0.1:9', token: PREVIEW_TOKEN });
    expect(await nowhere.health()).toEqual({ ok: false, problem: { type: 'network', status: 0 } });
  });

  it('streams events with the bearer token, parsed against the contract', async () => {
    const abort = new AbortController();
    const events: TillEvent[] = [];
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const done = client.streamEvents(opened, (event) => {
      events.push(event);
      if (event.type === 'receipt.queued') abort.abort();
    }, abort.signal);
    await open;
    preview.core.emit({ type: 'sync.status', status: { online: false } });
    preview.core.recordReceipt({ receiptId: 'stream-1', kind: 'sale', createdAt: '2025-03-12T10:00:00Z', currency: 'SEK', total: 5, lines: [{ sku: 'a', description: 'A', quantity: 1, unitPrice: 5, amount: 5 }], payments: [{ method: 'card', amount: 5 }] });
    await done;
    expect(events.map((e) => e.type)).toEqual(['sync.status', 'receipt.queued']);
  });
});
