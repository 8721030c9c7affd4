import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HeldReceiptSchema } from '../../hub/routes/adminProfileSchemas';
import type { Page } from 'playwright-core';
import type { DemoTill } from './support/demoTill';
import { axeViolations } from './support/axeCheck';
import { screenshot } from './support/screenshots';
import { receiptFor, screenIs } from './support/tillPage';
import { noFaults } from './support/crmFaults';
import { useTillInBrowser } from './support/tillInBrowser';

let till: DemoTill;
let page: Page;

useTillInBrowser((session) => ({ till, page } = session));

/** How many copies of the receipt the hub holds (its admin API, which injected faults never touch). */
async function copiesAtCrm(receiptId: string): Promise<number> {
  const answer = await fetch(`${till.hub.url}/admin/receipts?limit=10000`, { headers: { authorization: `Bearer ${till.hub.adminToken}` } });
  const { receipts } = z.object({ receipts: z.array(HeldReceiptSchema) }).parse(await answer.json());
  return receipts.filter((held) => held.receiptId === receiptId).length;
}

describe('offline and back, in a real browser', () => {
  it('shows a quiet banner while the CRM is down, takes a receipt, and delivers it once when the CRM is back', async () => {
    expect(await page.isHidden('.banner-offline')).toBe(true);

    till.hub.parts.faults.set({ ...noFaults, errorRate: 1 });
    const down = await till.api('POST', '/api/v1/sync');
    expect(((await down.json()) as { online: boolean }).online).toBe(false);
    await page.waitForSelector('.banner-offline', { state: 'visible' });
    // Plain words: what works, what does not, and since when.
    const banner = (await page.textContent('.banner-offline')) ?? '';
    expect(banner).toMatch(/^Ingen kontakt med medlemsregistret/);
    expect(banner).toContain('Poäng kan inte lösas in');

    const member = till.hub.demoMember(7);
    await till.scan(await till.memberQr(member.profileId));
    await screenIs(page, 'member');
    await page.waitForSelector('.as-of:not([hidden])');
    // No offers offline: a quiet word says why, and nothing pretends there are none.
    expect(await page.textContent('.offers:not([hidden])')).toContain('Erbjudandena syns när kassan har kontakt med medlemsregistret.');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '08-offline-member');

    const answer = await till.api('POST', '/api/v1/receipts', receiptFor('e2e-offline-1', 59));
    expect(((await answer.json()) as { status: string }).status).toBe('queued');
    await screenIs(page, 'receipt');
    await screenshot(page, '09-offline-receipt');
    expect(await copiesAtCrm('e2e-offline-1')).toBe(0);

    till.hub.parts.faults.set(noFaults);
    const up = await till.api('POST', '/api/v1/sync');
    expect(((await up.json()) as { online: boolean }).online).toBe(true);
    await page.waitForSelector('.banner-offline', { state: 'hidden' });
    expect(await copiesAtCrm('e2e-offline-1')).toBe(1);

    await till.api('POST', '/api/v1/sync');
    expect(await copiesAtCrm('e2e-offline-1')).toBe(1);
  });
});

describe('the manager screen', () => {
  it('opens behind the PIN, shows sync health and scanners, and syncs now', async () => {
    // The manager routes are served: a PIN-less login is refused as a bad body, not a missing route.
    expect((await till.api('POST', '/api/v1/manager/session', {})).status).toBe(400);
    await page.waitForSelector('main[data-screen="idle"]', { timeout: 10_000 });
    await page.click('button:has-text("Chef")');
    await screenIs(page, 'pin');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '10-manager-pin');

    await page.fill('#pin-input', '0000');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#pin-error:has-text("PIN-koden stämmer inte")');

    await page.fill('#pin-input', '1234');
    await page.keyboard.press('Enter');
    await screenIs(page, 'manager');
    await page.waitForSelector('[data-testid="sync-status"]');
    expect(await page.textContent('[data-testid="sync-status"]')).toContain('Kontakt med medlemsregistretJa');
    await page.waitForSelector('#mgr-devices ~ .card-body li, #mgr-devices ~ .card-body p');
    expect(await page.textContent('.cards')).toContain('Redo');

    await page.click('button:has-text("Synka nu")');
    await page.waitForSelector('#notice:has-text("Synken är klar")');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '11-manager');

    // Esc leaves the manager screen, like every other screen.
    await page.keyboard.press('Escape');
    await screenIs(page, 'idle');
  });
});
