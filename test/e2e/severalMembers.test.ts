import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DemoTill } from './support/demoTill';
import { axeViolations } from './support/axeCheck';
import { screenshot } from './support/screenshots';
import { backToIdle, receiptFor } from './support/tillPage';
import { useTillInBrowser } from './support/tillInBrowser';

// The demo connector's shared household number (hub/connectors/demo/demoSharedPhone.ts): two demo members share it, so the
// till's cache misses, the till asks the demo's hub (POST /sync/v1/lookup), which answers 409 several_members.
const SHARED_PHONE_TYPED = '073-555 01 00';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

let till: DemoTill;
let page: Page;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

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

  // What a cashier types first: the heading and the field stay in sight at a till's usual sizes and a narrow screen.
  for (const viewport of [{ width: 1024, height: 768 }, { width: 1280, height: 800 }, { width: 600, height: 900 }]) {
    it(`at ${viewport.width}×${viewport.height} the notice covers neither the heading nor the field, and Escape dismisses it`, async () => {
      await page.setViewportSize(viewport);
      try {
        // A person's pace (a key every 80 ms; faster is a keyboard-wedge scanner's burst), into the screen as it is.
        await page.keyboard.type(SHARED_PHONE_TYPED, { delay: 80 });
        await page.keyboard.press('Enter');
        const notice = page.locator('#notice');
        await notice.waitFor({ state: 'visible' });
        const noticeBox = await notice.boundingBox();
        const heading = await page.locator('main h1').boundingBox();
        const field = await page.locator('#lookup-input').boundingBox();
        expect(noticeBox && heading && field).toBeTruthy();
        expect(overlaps(noticeBox!, heading!)).toBe(false);
        expect(overlaps(noticeBox!, field!)).toBe(false);
        // Readable: the whole message inside the viewport, not cut off at its edge.
        expect(noticeBox!.x).toBeGreaterThanOrEqual(0);
        expect(noticeBox!.x + noticeBox!.width).toBeLessThanOrEqual(viewport.width);
        await screenshot(page, `06-several-members-${viewport.width}x${viewport.height}`);

        await page.keyboard.press('Escape');
        await notice.waitFor({ state: 'hidden' });
        expect(await page.getAttribute('main', 'data-screen')).toBe('idle');
        // The field keeps the focus: the next number typed goes in.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('lookup-input');
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });
  }

  it('the notice closes with its own button too', async () => {
    await page.fill('#lookup-input', SHARED_PHONE_TYPED);
    await page.keyboard.press('Enter');
    await page.locator('.notice-bar').waitFor({ state: 'visible' });
    await page.click('.notice-close');
    await page.locator('.notice-bar').waitFor({ state: 'hidden' });
    expect(await page.getAttribute('main', 'data-screen')).toBe('idle');
  });

  it('scanned while a member is on screen, it takes that member off the screen and off the next receipt', async () => {
    const member = till.hub.demoMember(3);
    await page.fill('#lookup-input', member.phoneLocal);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-screen="member"]');
    // The next customer's phone, from their app's QR on the serial scanner: nobody touched the screen.
    await till.scan('tel:+46735550100');
    await page.waitForSelector('#notice:has-text("Flera medlemmar")');
    await page.waitForSelector('main[data-screen="idle"]');
    expect(await page.locator(`text=${member.firstName}`).count()).toBe(0);
    // The POS sends the sale without a profile: it is nobody's, not the member's shown before.
    const answer = await till.api('POST', '/api/v1/receipts', receiptFor('e2e-several-after-member', 49));
    expect(answer.status).toBe(202);
    expect(((await answer.json()) as { profileId: string | null }).profileId).toBeNull();
    expect(await page.getAttribute('main', 'data-screen')).toBe('idle');
  });

  it('still finds a member by their own number at once', async () => {
    const member = till.hub.demoMember(1);
    await page.fill('#lookup-input', member.phoneLocal);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-screen="member"]');
  });
});
