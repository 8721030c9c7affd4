import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startTill, type RunningTill } from '../../../main/compose/startTill';
import { TillEventSchema, type TillEvent } from '../../../main/api/contract/events';
import { ScreenSettingsSchema } from '../../../main/api/contract/screens';

let dir: string;
let till: RunningTill;

function headers(): Record<string, string> {
  return { authorization: `Bearer ${till.token}`, 'content-type': 'application/json' };
}
async function call(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${till.url}${route}`, { method, headers: headers(), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** An open event stream: the events it has read so far, and a way to wait for one. */
interface OpenStream {
  events: TillEvent[];
  next(type: TillEvent['type']): Promise<TillEvent>;
  close(): void;
}

async function openStream(route: '/api/v1/events' | '/api/v1/customer-display/events'): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(`${till.url}${route}`, { headers: headers(), signal: abort.signal });
  if (!res.body) throw new Error('no event stream');
  const events: TillEvent[] = [];
  const waiting: Array<{ type: string; resolve: (event: TillEvent) => void }> = [];
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const event = TillEventSchema.parse(JSON.parse(data.slice(6)));
          events.push(event);
          for (const w of waiting.filter((w) => w.type === event.type)) w.resolve(event);
        }
      }
    } catch {
      // Closed by the test.
    }
  })();
  return {
    events,
    next: (type) =>
      new Promise((resolve, reject) => {
        const seen = events.find((e) => e.type === type);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`no ${type} event within 5 s`)), 5000);
        waiting.push({ type, resolve: (event) => (clearTimeout(timer), resolve(event)) });
      }),
    close: () => abort.abort(),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-screens-'));
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      screens: {
        tierNames: { platinum: { sv: 'Platina', en: 'Platinum' }, vip: { sv: 'Stamkund', en: 'Regular' } },
        terms: { version: '2026-11', title: { sv: 'Villkor', en: 'Terms' }, text: { sv: 'Text på svenska.', en: 'Text in English.' } },
        points: { perCurrencyUnit: 1, valueEach: 0.02, currency: 'SEK' },
      },
    }),
  );
  till = await startTill({ dataDir: dir, logger: pino({ level: 'silent' }), port: 0 });
});

afterAll(async () => {
  await till?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the screens’ settings and the customer display on the POS API', () => {
  it('answers tier names, the terms and the points scheme from config.json', async () => {
    const { status, json } = await call('GET', '/api/v1/screens');
    expect(status).toBe(200);
    const settings = ScreenSettingsSchema.parse(json);
    expect(settings.tierNames.vip).toEqual({ sv: 'Stamkund', en: 'Regular' });
    expect(settings.terms.version).toBe('2026-11');
    expect(settings.points).toEqual({ perCurrencyUnit: 1, valueEach: 0.02, currency: 'SEK' });
    expect(settings.customerDisplay).toEqual({ connected: false });
  });

  it('refuses to hand a sign-up to a customer display that is not there', async () => {
    const { status, json } = await call('POST', '/api/v1/customer-display/join');
    expect(status).toBe(409);
    expect(json.type).toMatch(/no_customer_display$/);
  });

  it('knows when a customer display follows, hands it the sign-up, and records the consent as the customer’s own', async () => {
    const pos = await openStream('/api/v1/events');
    const display = await openStream('/api/v1/customer-display/events');
    expect(await pos.next('customer_display.status')).toEqual({ type: 'customer_display.status', connected: true });
    expect((await call('GET', '/api/v1/screens')).json.customerDisplay).toEqual({ connected: true });

    expect((await call('POST', '/api/v1/customer-display/join')).status).toBe(204);
    await display.next('customer_join.started');
    const signup = await call('POST', '/api/v1/signup', {
      phone: '070-111 00 33',
      consents: { terms: true, marketingEmail: false, marketingSms: true, termsVersion: '2026-11' },
      givenOn: 'customer_display',
    });
    expect(signup.status).toBe(201);
    expect(await display.next('customer_join.ended')).toEqual({ type: 'customer_join.ended', reason: 'joined' });

    const view = await call('GET', `/api/v1/profiles/${signup.json.profileId}`);
    expect(view.json.consents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'terms', granted: true, source: 'customer_display', version: '2026-11' }),
        expect.objectContaining({ purpose: 'marketing_sms', granted: true, source: 'customer_display' }),
      ]),
    );
    // The CRM is sent the version with the consent.
    const outbox = till.cache.outbox.nextBatch(10).find((item) => item.kind === 'signup' && item.profileId === signup.json.profileId);
    expect(JSON.stringify(outbox?.payload)).toContain('"version":"2026-11"');

    display.close();
    await expect.poll(() => pos.events.filter((e) => e.type === 'customer_display.status').at(-1)).toEqual({ type: 'customer_display.status', connected: false });
    pos.close();
  });

  it('cancels a handed sign-up from either side', async () => {
    const display = await openStream('/api/v1/customer-display/events');
    await display.next('customer_display.status');
    expect((await call('POST', '/api/v1/customer-display/join')).status).toBe(204);
    expect((await call('DELETE', '/api/v1/customer-display/join')).status).toBe(204);
    expect(await display.next('customer_join.ended')).toEqual({ type: 'customer_join.ended', reason: 'cancelled' });
    display.close();
  });

  it('refuses a sign-up to terms other than those in force', async () => {
    const { status, json } = await call('POST', '/api/v1/signup', { phone: '070-111 00 44', consents: { terms: true, termsVersion: '2025-01' } });
    expect(status).toBe(409);
    expect(json.type).toMatch(/terms_changed$/);
    expect(json.termsVersion).toBe('2026-11');
  });
});
