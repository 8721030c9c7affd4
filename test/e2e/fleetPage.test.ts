import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { createHub } from '../../hub';
import type { Hub } from '../../hub';
import { createVoyadoConnector } from '../../hub/connectors/voyado/voyadoConnector';
import type { Heartbeat } from '../../sync/protocol';
import { axeViolations } from './support/axeCheck';
import { launchChromium } from './support/chromium';
import { screenshot } from './support/screenshots';
import { startVoyadoStandIn } from '../support/voyadoStandIn';

const MINUTE = 60_000;
let clock = Date.UTC(2026, 10, 30, 9, 0, 0);
let hub: Hub;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function admin(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${hub.url}${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${hub.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** Enrols a till in a store and sends one heartbeat for it. */
async function tillWith(storeId: string, tillName: string, beat: Partial<Heartbeat>): Promise<void> {
  const { code } = (await admin('/admin/enrolment-codes', { storeId })) as { code: string };
  const enrolled = await fetch(`${hub.url}/sync/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, tillName }) });
  const { credentials } = (await enrolled.json()) as { credentials: { token: string } };
  const heartbeat: Heartbeat = {
    version: '0.1.0', sentAt: clock, lastPullAt: clock, lastPushAt: clock, outboxBacklog: { count: 0, oldestAt: null }, deadLetters: 0,
    devices: [{ deviceId: 'scanner-1', transport: 'serial', state: 'online' }], ...beat,
  };
  const sent = await fetch(`${hub.url}/sync/v1/heartbeat`, {
    method: 'POST', headers: { authorization: `Bearer ${credentials.token}`, 'content-type': 'application/json' }, body: JSON.stringify(heartbeat),
  });
  if (sent.status !== 200) throw new Error(`heartbeat: HTTP ${sent.status}`);
}

beforeAll(async () => {
  hub = await createHub({ logger: pino({ enabled: false }), now: () => clock, defaultStore: { storeId: 'goteborg', name: 'Göteborg Avenyn' } });
  await admin('/admin/stores', { storeId: 'malmo', name: 'Malmö Triangeln' });
  // Heard from 20 minutes ago, then quiet: silent.
  await tillWith('goteborg', 'Kassa 1', {});
  await tillWith('malmo', 'Kassa 1', { devices: [{ deviceId: 'scanner-1', transport: 'hid', state: 'error' }] });
  clock += 20 * MINUTE;
  await tillWith('goteborg', 'Kassa 2', { deadLetters: 2, outboxBacklog: { count: 14, oldestAt: clock - 75 * MINUTE } });
  await tillWith('goteborg', 'Kassa 3', { version: '0.2.0' });
  // What the hub owes the CRM for Malmö: one receipt on its way, one the CRM refused (the queue, as a worker left it).
  await hub.parts.db.query(
    `INSERT INTO crm_deliveries (kind, item_key, till_id, store_id, state, attempts, next_at, reason, created_at, done_at)
     VALUES ('receipt', 'R-1', 'till-x', 'malmo', 'pending', 0, $1, NULL, $2, NULL), ('receipt', 'R-2', 'till-x', 'malmo', 'failed', 1, $1, 'rejected: InvalidStore', $2, $1)`,
    [clock, clock - 10 * MINUTE],
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

describe('the fleet page, in Chromium at 1024×768', () => {
  it('is served with a strict CSP, and the admin signs in with the admin token and sees every store', async () => {
    const response = await page.goto(`${hub.url}/fleet/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.fill('#field-admin-token', hub.adminToken);
    await page.click('text=Sign in as admin');
    await page.waitForSelector('section.store');
    expect(await page.locator('section.store h2').allTextContents()).toEqual(['Göteborg Avenyn', 'Malmö Triangeln']);
    const badges = await page.locator('section[data-store-id="goteborg"] .badge').allTextContents();
    expect(badges.sort()).toEqual(['Needs attention', 'OK', 'Silent'].sort());
    expect(await page.locator('section[data-store-id="malmo"] .badge').allTextContents()).toEqual(['Silent']);
    expect(await page.textContent('section[data-store-id="malmo"] td.devices')).toContain('scanner-1: error');
    expect(await page.textContent('section[data-store-id="malmo"] .store-crm')).toBe('To the CRM: 1 on the way, oldest 10 min ago · 1 failed (rejected: InvalidStore: 1): ask the retailer\'s admin');
    expect(await page.locator('section[data-store-id="goteborg"] .store-crm').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'fleet-admin-1024x768');
    // The page fits the width: nothing to scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  });

  it('a store manager signs in with a one-time code and sees only their store; the code works once', async () => {
    await page.click('text=Sign out');
    const { code } = (await admin('/admin/store-manager-codes', { storeId: 'malmo' })) as { code: string };
    // Typed without clicking first: the code field has the focus when the sign-in shows.
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.waitForSelector('section.store');
    expect(await page.locator('section.store h2').allTextContents()).toEqual(['Malmö Triangeln']);
    expect(await page.textContent('.who')).toContain('malmo');
    await screenshot(page, 'fleet-store-manager-1024x768');

    await page.click('text=Sign out');
    await page.fill('#field-code', code);
    await page.click('button:text-is("Sign in")');
    await page.waitForSelector('.error');
    expect(await page.textContent('.error')).toContain('unknown, used or expired');
    // After a refused code the field has the focus again, ready for the next try.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-code');
    expect(pageErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('the admin who types the token straight away, in the code field, is signed in as admin; a wrong one is refused', async () => {
    await page.goto(`${hub.url}/fleet/`);
    await page.waitForSelector('#field-code');
    await page.keyboard.type('adm_not-the-token-of-this-hub');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.error');
    expect(await page.textContent('.error')).toBe('That is neither a store code nor the hub’s admin token.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-code');

    await page.keyboard.type(hub.adminToken);
    await page.keyboard.press('Enter');
    await page.waitForSelector('section.store');
    expect(await page.locator('section.store h2').allTextContents()).toEqual(['Göteborg Avenyn', 'Malmö Triangeln']);
    expect(await page.textContent('.who')).toContain('Retailer admin');
    expect(pageErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});

describe('the fleet page of a hub delivering to Voyado', () => {
  it('counts the receipts Voyado took as handed over, and says Voyado applies them in batches later', async () => {
    const standIn = await startVoyadoStandIn();
    const voyadoHub = await createHub({
      logger: pino({ enabled: false }), now: () => clock, defaultStore: { storeId: 'uppsala', name: 'Uppsala Forum' }, changePoll: { intervalMs: 0 },
      connector: createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: 'e2e' }),
    });
    try {
      await voyadoHub.deliveryWorker?.stop();
      // Three receipts Voyado answered 202 for in the last hour, one on its way (the queue, as a worker left it).
      await voyadoHub.parts.db.query(
        `INSERT INTO crm_deliveries (kind, item_key, till_id, store_id, state, attempts, next_at, created_at, done_at)
         VALUES ('receipt', 'R-1', 'till-x', 'uppsala', 'delivered', 1, $1, $1, $1), ('receipt', 'R-2', 'till-x', 'uppsala', 'delivered', 1, $1, $1, $1),
                ('receipt', 'R-3', 'till-x', 'uppsala', 'delivered', 1, $1, $1, $1), ('receipt', 'R-4', 'till-x', 'uppsala', 'pending', 0, $2, $1, NULL)`,
        [clock - 60 * MINUTE, clock + 60 * MINUTE],
      );
      const voyadoPage = await browser.newPage({ viewport: { width: 1024, height: 768 } });
      await voyadoPage.goto(`${voyadoHub.url}/fleet/`);
      await voyadoPage.fill('#field-admin-token', voyadoHub.adminToken);
      await voyadoPage.click('text=Sign in as admin');
      await voyadoPage.waitForSelector('section.store');
      expect(await voyadoPage.textContent('section[data-store-id="uppsala"] .store-crm')).toBe('To Voyado: 3 receipts handed over in the last 24 h · 1 on the way, oldest 1 h ago');
      expect(await voyadoPage.textContent('section[data-store-id="uppsala"] .store-crm-note')).toBe(
        'Voyado applies receipts in batches, some time after it takes them: a purchase and its points can take a while to show on the member in Voyado.',
      );
      expect(await axeViolations(voyadoPage)).toEqual([]);
      await screenshot(voyadoPage, 'fleet-voyado-1024x768');
      await voyadoPage.close();
    } finally {
      await voyadoHub.close();
      await standIn.close();
    }
  });
});
