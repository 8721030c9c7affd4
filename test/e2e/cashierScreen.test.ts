import { beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { DemoTill } from './support/demoTill';
import { axeViolations } from './support/axeCheck';
import { screenshot } from './support/screenshots';
import { backToIdle, receiptFor, screenIs } from './support/tillPage';
import { useTillInBrowser } from './support/tillInBrowser';
import { stepUpAdmin } from '../integration/stepup/support/stepUpAdmin';

let till: DemoTill;
let page: Page;

useTillInBrowser((session) => ({ till, page } = session));
beforeEach(async () => {
  await backToIdle(page);
});

/** Paths of the profile fetches the page makes while `during` runs: the `identified` event carries the view, so none. */
async function profileFetches(during: () => Promise<void>): Promise<string[]> {
  const fetched: string[] = [];
  const seen = (request: { url(): string }): void => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/v1/profiles/')) fetched.push(url.pathname);
  };
  page.on('request', seen);
  try {
    await during();
  } finally {
    page.off('request', seen);
  }
  return fetched;
}

/** How many lines the element's text is laid out on (one client rect per line box). */
function lineCount(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return range.getClientRects().length;
  });
}

async function heading(): Promise<string> {
  return (await page.textContent('#screen-heading')) ?? '';
}

/** Scans `label` (a card, a member QR), waits for the member screen and the first of their offers' Redeem button. */
async function firstOffer(label: string): Promise<{ offer: Locator; title: string }> {
  await till.scan(label);
  await screenIs(page, 'member');
  const offer = page.locator('[data-testid="offers"] li').first();
  await offer.locator('button.offer-redeem').waitFor();
  return { offer, title: (await offer.locator('.offer-title').textContent()) ?? '' };
}

describe('the cashier screen in a real browser, against the demo till', () => {
  it('starts idle, asking in both languages, and passes axe', async () => {
    expect(await heading()).toBe('Är du medlem?');
    expect(await page.textContent('.other-language')).toBe('Are you a member?');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '01-idle');
  });

  it('shows the member when their app QR is scanned on the emulated serial port', async () => {
    const member = till.hub.demoMember(2);
    const fetched = await profileFetches(async () => {
      await till.scan(await till.memberQr(member.profileId));
      await screenIs(page, 'member');
      expect(await heading()).toBe(`Hej ${member.firstName}!`);
      expect(await page.textContent('[data-testid="assurance"]')).toBe('Verifierad');
      await page.waitForSelector('.recent-body:not(:has([data-testid="recent-loading"]))');
    });
    expect(fetched).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '02-member-from-qr');
  });

  it('finds a member by a phone number typed on the keypad', async () => {
    const member = till.hub.demoMember(1);
    for (const digit of member.phoneLocal.replace(/\D/g, '')) await page.click(`.keypad button:text-is("${digit}")`);
    expect(await page.inputValue('#lookup-input')).toBe(member.phoneLocal.replace(/\D/g, ''));
    const fetched = await profileFetches(async () => {
      await page.click('button:has-text("Hitta medlem")');
      await screenIs(page, 'member');
      expect(await heading()).toBe(`Hej ${member.firstName}!`);
      expect(await page.textContent('[data-testid="assurance"]')).toBe('Uppgett telefon eller e-post');
      await page.waitForSelector('.recent-body:not(:has([data-testid="recent-loading"]))');
    });
    expect(fetched).toEqual([]);
  });

  it('finds a member by their card, scanned, with the CRM’s offers and their web purchases', async () => {
    const member = till.hub.demoMember(0);
    expect(member.cardNumber).not.toBeNull();
    await till.scan(member.cardNumber ?? '');
    await screenIs(page, 'member');
    expect(await heading()).toBe(`Hej ${member.firstName}!`);
    expect(await page.textContent('[data-testid="assurance"]')).toBe('Visat kort');
    await page.waitForSelector('[data-testid="offers"] li');
    expect(await page.locator('[data-testid="offers"] li').count()).toBeLessThanOrEqual(3);
    await page.waitForSelector('[data-testid="purchases"] li[data-channel="web"]');
    expect(await page.textContent('[data-testid="purchases"] li[data-channel="web"] .purchase-channel')).toBe('Webb');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '02b-member-offers-and-web-purchases');
  });

  it('redeems an offer from the keyboard: a BankID step-up first (no member QR offered), then the offer is gone', async () => {
    const member = till.hub.demoMember(0);
    const { offer: first, title } = await firstOffer(member.cardNumber ?? '');
    const offerId = await first.getAttribute('data-offer-id');
    expect(await first.locator('button.offer-redeem').getAttribute('aria-label')).toBe(`Lös in ${title}`);
    await first.locator('button.offer-redeem').focus();
    await page.keyboard.press('Enter');

    await page.waitForSelector('section.redeem[data-stage="choose"]');
    expect(await page.locator('button[data-method]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-method')))).not.toContain('member_qr');
    expect(await page.textContent('section.redeem .lead')).toContain(title);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('button[data-method="bankid"]');
    await page.waitForSelector('section.redeem[data-stage="verifying-bankid"]');
    const admin = stepUpAdmin(till.hub);
    await admin.bankId((await admin.bankIdOrder(member.profileId)).orderRef, 'approve');

    await page.waitForSelector('section.redeem[data-stage="done"]');
    expect(await page.textContent('[data-testid="offer-redeemed"]')).toContain(title);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '02d-offer-redeemed');
    await page.keyboard.press('Enter');
    await screenIs(page, 'member');
    await page.waitForFunction((id) => !document.querySelector(`[data-testid="offers"] li[data-offer-id="${id}"]`), offerId);
  });

  it('redeems an offer at once for a customer the member QR identified: no step-up panel', async () => {
    const { offer: first, title } = await firstOffer(await till.memberQr(till.hub.demoMember(7).profileId));
    await first.locator('button.offer-redeem').focus();
    await page.keyboard.press('Enter');

    await page.waitForSelector('section.redeem[data-stage="done"]');
    expect(await page.textContent('[data-testid="offer-redeemed"]')).toContain(title);
    expect(await page.locator('button[data-method]').count()).toBe(0);
    await page.keyboard.press('Enter');
    await screenIs(page, 'member');
  });

  it('redeems an offer again from its panel after the CRM did not confirm it', async () => {
    const { offer: first, title } = await firstOffer(await till.memberQr(till.hub.demoMember(8).profileId));
    // The first redemption is answered as a CRM that did not confirm it; the one after goes to the till.
    await page.route('**/api/v1/offers/redeem', (route) => route.fulfill({
      status: 503, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'https://tillid.dev/problems/crm_unavailable', title: 'CRM unavailable', status: 503, detail: 'not confirmed' }),
    }), { times: 1 });
    await first.locator('button.offer-redeem').focus();
    await page.keyboard.press('Enter');

    await page.waitForSelector('section.redeem[data-stage="amount"] [data-testid="offer-title"]');
    expect(await page.textContent('#redeem-message')).toBe('Kundregistret svarade inte. Inget har lösts in och inget sparas till senare. Försök igen om en stund.');
    await page.click('section.redeem button:text-is("Lös in")');
    await page.waitForSelector('section.redeem[data-stage="done"]');
    expect(await page.textContent('[data-testid="offer-redeemed"]')).toContain(title);
    await page.keyboard.press('Enter');
    await screenIs(page, 'member');
  });

  it('at 1024×768 a purchase keeps its date and its count on one line each', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    try {
      await till.scan(till.hub.demoMember(0).cardNumber ?? '');
      await screenIs(page, 'member');
      const row = page.locator('[data-testid="purchases"] li').first();
      await row.waitFor();
      // One line box each: not "26 / nov. / 2026" or "3 / varor" stacked beside the total.
      expect(await lineCount(row.locator('.purchase-date'))).toBe(1);
      expect(await lineCount(row.locator('.purchase-items'))).toBe(1);
      await screenshot(page, '02c-member-1024x768');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('catches a keyboard-wedge scanner typing into the window, whatever has focus', async () => {
    const member = till.hub.demoMember(3);
    await page.focus('button:has-text("Rensa")');
    const fetched = await profileFetches(async () => {
      await page.keyboard.type(member.cardNumber ?? '', { delay: 0 });
      await page.keyboard.press('Enter');
      await screenIs(page, 'member');
      expect(await heading()).toBe(`Hej ${member.firstName}!`);
      await page.waitForSelector('.recent-body:not(:has([data-testid="recent-loading"]))');
    });
    expect(fetched).toEqual([]);
  });

  it('on a member’s screen, a phone typed without touching the screen starts the next lookup', async () => {
    await till.scan(till.hub.demoMember(0).cardNumber ?? '');
    await screenIs(page, 'member');
    const next = till.hub.demoMember(1);
    // A person's pace (a scanner types faster than 40 ms a key): every key lands, none is lost on the member's screen.
    await page.keyboard.type(next.phoneLocal, { delay: 90 });
    await screenIs(page, 'idle');
    expect(await page.inputValue('#lookup-input')).toBe(next.phoneLocal);
    await page.keyboard.press('Enter');
    await screenIs(page, 'member');
    expect(await heading()).toBe(`Hej ${next.firstName}!`);
  });

  it('refuses a forged member QR with words a cashier can act on', async () => {
    const genuine = await till.memberQr(till.hub.demoMember(4).profileId);
    const [prefix, payload, signature] = genuine.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${prefix}.${Buffer.from(JSON.stringify({ ...claims, sub: till.hub.demoMember(5).profileId })).toString('base64url')}.${signature}`;
    await till.scan(forged);
    await page.waitForSelector('#notice:has-text("QR-koden är inte en giltig medlemskod")');
    expect(await page.getAttribute('main', 'data-screen')).toBe('idle');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '03-forged-qr-refused');
  });

  it('lets someone who is not a member join in one screen', async () => {
    await page.fill('#lookup-input', 'nova.ny@example.com');
    await page.keyboard.press('Enter');
    await screenIs(page, 'join');
    expect(await page.inputValue('#join-contact')).toBe('nova.ny@example.com');
    await page.fill('#join-first-name', 'Nova');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '04-join');
    // The cashier never ticks the terms for the customer: the screen is turned to them to read and accept.
    expect(await page.locator('#join-terms').count()).toBe(0);
    await page.click('[data-testid="turn-screen"]');
    await page.check('#join-marketing-email');
    await page.click('[data-testid="accept-terms"]');
    await screenIs(page, 'member');
    expect(await heading()).toBe('Hej Nova!');
    expect(await page.textContent('.member-card')).toContain('Ny medlem');
    await screenshot(page, '05-new-member');
  });

  it('confirms a receipt the POS posts, returns to idle by itself, and shows it on the profile', async () => {
    const member = till.hub.demoMember(6);
    await page.fill('#lookup-input', member.phoneLocal);
    await page.keyboard.press('Enter');
    await screenIs(page, 'member');
    const answer = await till.api('POST', '/api/v1/receipts', receiptFor('e2e-receipt-1', 129));
    expect(answer.status).toBe(202);
    await screenIs(page, 'receipt');
    expect(await page.textContent('.receipt .lead')).toContain(`${member.firstName}`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '06-receipt-attached');
    await page.waitForSelector('main[data-screen="idle"]', { timeout: 10_000 });
    // A typed number is only claimed: the history shows once the customer shows their card or app QR (step-up policy).
    await page.fill('#lookup-input', member.phoneLocal);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="history-needs-proof"]');
    await till.scan(await till.memberQr(member.profileId));
    await page.waitForSelector('[data-receipt-id="e2e-receipt-1"]');
    expect(await page.textContent('[data-receipt-id="e2e-receipt-1"]')).toContain('129,00');
  });

  it('switches to English and keeps the choice after a reload', async () => {
    await page.click('button:has-text("In English")');
    expect(await heading()).toBe('Are you a member?');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await screenshot(page, '07-idle-english');
    await page.reload();
    await page.waitForSelector('main[data-screen="idle"]');
    expect(await heading()).toBe('Are you a member?');
    await page.click('button:has-text("På svenska")');
    expect(await heading()).toBe('Är du medlem?');
  });
});
