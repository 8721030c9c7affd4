import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DemoTill } from './support/demoTill';
import { axeViolations } from './support/axeCheck';
import { screenshot } from './support/screenshots';
import { backToIdle } from './support/tillPage';
import { useTillInBrowser } from './support/tillInBrowser';

// The demo connector's shared household number (hub/connectors/demo/demoSharedPhone.ts): two demo members share it, so the
// till's cache misses, the till asks the demo's hub (POST /sync/v1/lookup), which answers 409 several_members.
const SHARED_PHONE_TYPED = '073-555 01 00';

let till: DemoTill;
let page: Page;

useTillInBrowser((session) => ({ till, page } = session));
beforeEach(async () => {
  await backToIdle(page);
});

describe('several members share what the customer gave', () => {
  it('asks the cashier for another identifier, and stays on the idle screen', async () => {
    await page.fill('#lookup-input', SHARED_PHONE_TYPED);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#notice:has-text("Flera medlemmar")');
    expect(await page.textContent('#notice')).toContain('Be om ett annat sätt att hitta kunden');
    expect(await page.getAttribute('main', 'data-screen')).toBe('idle');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '06-several-members');
  });

  it('says the same for the number scanned by a serial scanner (from the till’s event)', async () => {
    // A member in between, so no earlier notice is still on screen.
    await till.scan(till.hub.demoMember(0).cardNumber ?? '');
    await page.waitForSelector('main[data-screen="member"]');
    await backToIdle(page);
    expect(await page.locator('#notice:has-text("Flera medlemmar")').count()).toBe(0);
    await till.scan('tel:+46735550100');
    await page.waitForSelector('#notice:has-text("Flera medlemmar")');
    expect(await page.getAttribute('main', 'data-screen')).toBe('idle');
  });

  it('still finds a member by their own number at once', async () => {
    const member = till.hub.demoMember(1);
    await page.fill('#lookup-input', member.phoneLocal);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-screen="member"]');
  });
});
