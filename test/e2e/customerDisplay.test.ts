import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AdminReceiptDeliveriesSchema } from '../../hub/routes/adminAnswerSchemas';
import { stepUpAdmin } from '../integration/stepup/support/stepUpAdmin';
import { axeViolations } from './support/axeCheck';
import { launchChromium } from './support/chromium';
import { customerScreenIs, openCustomerPage } from './support/customerPage';
import { DEMO_START_TIMEOUT_MS, startDemoTill, type DemoTill } from './support/demoTill';
import { screenshot } from './support/screenshots';
import { backToIdle, receiptFor, screenIs } from './support/tillPage';

let till: DemoTill;
let browser: Browser;
/** The cashier's screen at 1024×768, the smallest till screen we support. */
let cashier: Page;
/** The customer display at 800×480. */
let customer: Page;

beforeAll(async () => {
  till = await startDemoTill();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  cashier = await context.newPage();
  customer = await openCustomerPage(browser, till);
  await cashier.goto(till.pageUrl);
  await screenIs(cashier, 'idle');
}, DEMO_START_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await till?.stop();
});

beforeEach(async () => {
  // Esc leaves a redeem screen for the member, and the member for idle.
  for (let presses = 0; presses < 3 && (await cashier.getAttribute('main', 'data-screen')) !== 'idle'; presses++) await cashier.keyboard.press('Escape');
  await backToIdle(cashier);
  if (!customer.isClosed()) await customerScreenIs(customer, 'idle');
});

/** The hub's record of the e-mail or SMS deliveries asked for this receipt (its admin API). */
async function deliveriesAtHub(receiptId: string) {
  const answer = await fetch(`${till.hub.url}/admin/receipt-deliveries?limit=100`, { headers: { authorization: `Bearer ${till.hub.adminToken}` } });
  return AdminReceiptDeliveriesSchema.parse(await answer.json()).deliveries.filter((d) => d.receiptId === receiptId);
}

/** Is the element entirely inside the viewport (the cashier need not scroll to reach it)? */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (node) => {
    const box = node.getBoundingClientRect();
    return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
  });
}

describe('the customer display follows the till, beside the cashier screen', () => {
  it('invites the customer in Swedish and English while the till is idle, and both pages pass axe', async () => {
    expect(await customer.textContent('#customer-heading')).toBe('Välkommen! Är du medlem?');
    expect(await customer.textContent('.cd-other')).toContain('Are you a member?');
    expect(await customer.locator('button').allTextContents()).toEqual(['In English']);
    expect(await axeViolations(customer)).toEqual([]);
    expect(await axeViolations(cashier)).toEqual([]);
    await screenshot(customer, 'cd-01-idle-800x480');
    await screenshot(cashier, 'cs-01-idle-1024x768');
    expect(await onScreen(cashier, 'button:has-text("Hitta medlem")')).toBe(true);
  });

  it('finds a member from a phone number typed at 40 ms a key without a click, and greets them by first name on the customer display', async () => {
    const member = till.hub.demoMember(1);
    const digits = member.phoneLocal.replace(/\D/g, '');
    // Focus lost the way it is at a till (a tap on the heading): typed digits still land in the field.
    await cashier.focus('#screen-heading');
    await cashier.keyboard.type(digits, { delay: 40 });
    expect(await cashier.inputValue('#lookup-input')).toBe(digits);
    await cashier.keyboard.press('Enter');
    await screenIs(cashier, 'member');
    await customerScreenIs(customer, 'member');
    expect(await customer.textContent('#customer-heading')).toBe(`Hej ${member.firstName}!`);
    expect(await customer.textContent('[data-testid="customer-points"]')).toMatch(/^Du har [\d\s  ]+ poäng$/);
    // Nothing more personal than the first name reaches the customer display.
    const shown = (await customer.textContent('body')) ?? '';
    for (const secret of [member.phoneLocal, digits, member.email, member.cardNumber].filter((s): s is string => Boolean(s))) expect(shown).not.toContain(secret);
    // The purchase history needs the card or the app's QR (a typed number is only claimed).
    await cashier.waitForSelector('[data-testid="history-needs-proof"]');
    expect(await axeViolations(customer)).toEqual([]);
    expect(await axeViolations(cashier)).toEqual([]);
    await screenshot(customer, 'cd-02-member-800x480');
    await screenshot(cashier, 'cs-02-member-typed-1024x768');
  });

  it('types a phone number at 40 ms a key straight after the page loads, with nothing clicked', async () => {
    const member = till.hub.demoMember(3);
    await cashier.reload();
    await screenIs(cashier, 'idle');
    await cashier.keyboard.type(member.phoneLocal.replace(/\D/g, ''), { delay: 40 });
    await cashier.keyboard.press('Enter');
    await screenIs(cashier, 'member');
    expect(await cashier.textContent('#screen-heading')).toBe(`Hej ${member.firstName}!`);
  });

  it('thanks the customer with this sale’s points when the receipt arrives', async () => {
    const member = till.hub.demoMember(6);
    await till.scan(member.cardNumber ?? (await till.memberQr(member.profileId)));
    await customerScreenIs(customer, 'member');
    const answer = await till.api('POST', '/api/v1/receipts', receiptFor('cd-receipt-1', 129.5));
    expect(answer.status).toBe(202);
    await customerScreenIs(customer, 'thanks');
    expect(await customer.textContent('#customer-heading')).toBe(`Tack, ${member.firstName}!`);
    expect(await customer.textContent('[data-testid="customer-earned"]')).toBe('+129 poäng för det här köpet');
    await screenIs(cashier, 'receipt');
    expect(await cashier.textContent('[data-testid="receipt-points"]')).toBe('129 poäng för det här köpet');
    expect(await axeViolations(customer)).toEqual([]);
    await screenshot(customer, 'cd-03-thanks-800x480');
    await screenshot(cashier, 'cs-03-receipt-1024x768');
    await customerScreenIs(customer, 'idle');
  });

  it('sends the receipt by e-mail when the customer types their address on their own screen, never showing it to the cashier', async () => {
    const email = 'kvitto.e2e@example.org';
    const member = till.hub.demoMember(7);
    await till.scan(member.cardNumber ?? (await till.memberQr(member.profileId)));
    await customerScreenIs(customer, 'member');
    expect((await till.api('POST', '/api/v1/receipts', receiptFor('cd-receipt-mail', 49))).status).toBe(202);
    await customerScreenIs(customer, 'thanks');
    expect(await customer.textContent('#cd-receipt-heading')).toBe('Vill du ha kvittot digitalt?');
    // A member may choose their own contact without it being shown, or type an address.
    expect(await customer.locator('.cd-receipt-choices button').allTextContents()).toEqual(['Till min e-post', 'Som sms till min mobil', 'Skriv in en adress']);
    for (const height of await customer.locator('.cd-receipt-offer button').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().height))) {
      expect(height).toBeGreaterThanOrEqual(44);
    }
    await customer.click('[data-testid="cd-receipt-type-email"]');
    await customer.fill('#cd-receipt-to', email);
    // Longer than the thank-you's own 8 s would be: while the customer types, it stays.
    expect(await customer.getAttribute('main', 'data-screen')).toBe('thanks');
    expect(await axeViolations(customer)).toEqual([]);
    await screenshot(customer, 'cd-07-receipt-email-800x480');
    for (const height of await customer.locator('.cd-receipt-offer button').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().height))) {
      expect(height).toBeGreaterThanOrEqual(44);
    }
    await customer.click('[data-testid="cd-receipt-send"]');
    expect(await customer.textContent('[data-testid="cd-receipt-result"]')).toBe('Kvittot är på väg till dig.');
    expect(await customer.content()).not.toContain(email);
    await screenshot(customer, 'cd-08-receipt-sent-800x480');
    expect(await cashier.content()).not.toContain(email);

    // Through the hub: the till's outbox delivers it once; the hub records it for the admin.
    let held = await deliveriesAtHub('cd-receipt-mail');
    for (let tries = 0; tries < 20 && held.length === 0; tries++) {
      await till.api('POST', '/api/v1/sync');
      held = await deliveriesAtHub('cd-receipt-mail');
    }
    expect(held).toEqual([expect.objectContaining({ channel: 'email', address: email, source: 'typed' })]);
    expect(await cashier.content()).not.toContain(email);
    await customerScreenIs(customer, 'idle');
  });

  it('lets the customer join on their own screen: their number on their keypad, the terms read and accepted by them', async () => {
    await cashier.fill('#lookup-input', '0701110022');
    await cashier.keyboard.press('Enter');
    await screenIs(cashier, 'join');
    await cashier.waitForSelector('[data-testid="hand-to-customer"]:visible');
    expect(await onScreen(cashier, '[data-testid="hand-to-customer"]')).toBe(true);
    await screenshot(cashier, 'cs-04-join-1024x768');
    await cashier.click('[data-testid="hand-to-customer"]');
    await customerScreenIs(customer, 'join');
    await cashier.waitForSelector('section.join[data-join="with-customer"]');
    expect(await axeViolations(cashier)).toEqual([]);

    for (const digit of '070111002') await customer.click(`.keypad button:text-is("${digit}")`);
    expect(await customer.textContent('#cd-contact-check')).toBe('Numret är inte komplett än.');
    await customer.click('.keypad button:text-is("2")');
    expect(await customer.textContent('#cd-contact-check')).toBe('Numret ser rätt ut.');
    expect(await onScreen(customer, '[data-testid="cd-next"]')).toBe(true);
    expect(await axeViolations(customer)).toEqual([]);
    await screenshot(customer, 'cd-04-join-contact-800x480');
    await customer.click('[data-testid="cd-next"]');

    await customer.waitForSelector('.cd-terms-text:visible');
    const version = await customer.getAttribute('.cd-terms-text', 'data-terms-version');
    expect(version).toBe('tillid-default-1');
    expect(await customer.textContent('#cd-terms-heading')).toBe('Medlemsvillkor');
    await customer.check('#cd-marketing-sms');
    expect(await onScreen(customer, '[data-testid="cd-accept"]')).toBe(true);
    expect(await axeViolations(customer)).toEqual([]);
    await screenshot(customer, 'cd-05-join-terms-800x480');
    await customer.click('[data-testid="cd-accept"]');

    await screenIs(cashier, 'member');
    await customerScreenIs(customer, 'member');
    expect(await customer.textContent('#customer-heading')).toBe('Hej!');
    expect(await cashier.getAttribute('section.member', 'data-profile-id')).toBeTruthy();
    // The new member's consents, under the id the till knows them by now: the hub may already have answered the
    // sign-up, and the provisional id then gave way to the hub's (the session follows it).
    const consents = async (): Promise<unknown> => {
      const session = (await (await till.api('GET', '/api/v1/session')).json()) as { customer: { profile: { id: string } } | null };
      if (!session.customer) return null;
      const view = (await (await till.api('GET', `/api/v1/profiles/${session.customer.profile.id}`)).json()) as { consents?: unknown };
      return view.consents ?? null;
    };
    await expect.poll(consents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'terms', granted: true, source: 'customer_display', version: 'tillid-default-1' }),
        expect.objectContaining({ purpose: 'marketing_sms', granted: true, source: 'customer_display' }),
        expect.objectContaining({ purpose: 'marketing_email', granted: false, source: 'customer_display' }),
      ]),
    );
  });

  it('shows the BankID QR code on the customer display, where the customer scans it', async () => {
    const member = till.hub.demoMember(12);
    await cashier.fill('#lookup-input', member.phoneLocal);
    await cashier.keyboard.press('Enter');
    await screenIs(cashier, 'member');
    await cashier.click('button:has-text("Lös in poäng")');
    await screenIs(cashier, 'redeem');
    await cashier.fill('#redeem-points', '1');
    await cashier.click('button:has-text("Lös in")');
    await cashier.waitForSelector('button[data-method="bankid"]');
    await cashier.click('button[data-method="bankid"]');

    await customerScreenIs(customer, 'stepup');
    await customer.waitForSelector('[data-testid="customer-bankid-qr"] .bankid-qr');
    const first = await customer.getAttribute('[data-testid="customer-bankid-qr"] .bankid-qr path', 'd');
    await customer.waitForFunction(
      (before) => document.querySelector('[data-testid="customer-bankid-qr"] .bankid-qr path')?.getAttribute('d') !== before,
      first,
      { timeout: 5_000 },
    );
    expect(await customer.textContent('#customer-heading')).toBe('Legitimera dig med BankID');
    // The cashier's screen says where the code is instead of drawing it for the wrong person.
    expect(await cashier.locator('.bankid-qr').count()).toBe(0);
    expect(await axeViolations(customer)).toEqual([]);
    await screenshot(customer, 'cd-06-bankid-800x480');
    await screenshot(cashier, 'cs-06-bankid-1024x768');

    const admin = stepUpAdmin(till.hub);
    const { orderRef } = await admin.bankIdOrder(member.profileId);
    await admin.bankId(orderRef, 'approve');
    await customerScreenIs(customer, 'member');
  });
});

describe('a till without a customer display', () => {
  it('asks the cashier to turn the screen to the customer, who reads and accepts the terms there', async () => {
    await customer.close();
    await cashier.fill('#lookup-input', 'ny.kund@example.com');
    await cashier.keyboard.press('Enter');
    await screenIs(cashier, 'join');
    await cashier.waitForSelector('[data-testid="hand-to-customer"]', { state: 'hidden' });
    await cashier.fill('#join-first-name', 'Nora');
    await cashier.click('[data-testid="turn-screen"]');
    await cashier.waitForSelector('.turned-panel:visible');
    expect(await cashier.getAttribute('.terms-text', 'data-terms-version')).toBe('tillid-default-1');
    expect(await onScreen(cashier, '[data-testid="accept-terms"]')).toBe(true);
    expect(await axeViolations(cashier)).toEqual([]);
    await screenshot(cashier, 'cs-05-join-turned-1024x768');
    await cashier.click('[data-testid="accept-terms"]');
    await screenIs(cashier, 'member');
    expect(await cashier.textContent('#screen-heading')).toBe('Hej Nora!');
  });

  it('marks the contact field itself when the till refuses the number, and puts focus there', async () => {
    await cashier.click('button:has-text("Inte medlem? Gå med")');
    await screenIs(cashier, 'join');
    // A toll-free number looks like a number while typing, but is no customer's: the till says so.
    await cashier.fill('#join-contact', '020-79 50 00');
    await cashier.click('[data-testid="turn-screen"]');
    await cashier.click('[data-testid="accept-terms"]');
    await cashier.waitForSelector('#join-contact[aria-invalid="true"]');
    expect(await cashier.textContent('#join-contact-check')).toBe('Det är inget telefonnummer som går att använda. Kontrollera siffrorna.');
    expect(await cashier.evaluate(() => document.activeElement?.id)).toBe('join-contact');
    expect(await cashier.locator('#notice').textContent()).toBe('');
    expect(await axeViolations(cashier)).toEqual([]);
    await screenshot(cashier, 'cs-07-join-field-error-1024x768');
  });
});
