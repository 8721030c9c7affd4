import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DemoMember } from '../../hub/connectors/demo/demoMembers';
import { stepUpAdmin } from '../integration/stepup/support/stepUpAdmin';
import type { DemoTill } from './support/demoTill';
import { axeViolations } from './support/axeCheck';
import { screenshot } from './support/screenshots';
import { screenIs } from './support/tillPage';
import { noFaults } from './support/crmFaults';
import { useTillInBrowser } from './support/tillInBrowser';

let till: DemoTill;
let page: Page;
let nextMember = 10;

useTillInBrowser((session) => ({ till, page } = session));
beforeEach(async () => {
  // Esc leaves the redeem screen for the member, and the member for idle.
  for (let presses = 0; presses < 3 && (await page.getAttribute('main', 'data-screen')) !== 'idle'; presses++) await page.keyboard.press('Escape');
  await screenIs(page, 'idle');
});

/** The next demo member with at least `points` points (each test its own, so balances and rate limits never mix). */
function memberWith(points: number, needsEmail = false): DemoMember {
  for (; nextMember < till.hub.members; nextMember++) {
    const member = till.hub.demoMember(nextMember);
    if (member.points >= points && (!needsEmail || member.email !== null)) {
      nextMember++;
      return member;
    }
  }
  throw new Error(`no demo member has ${points} points`);
}

function digits(text: string | null): number {
  return Number((text ?? '').replace(/\D/g, ''));
}

async function tapDigits(scope: string, text: string): Promise<void> {
  for (const digit of text) await page.click(`${scope} .keypad button:text-is("${digit}")`);
}

async function stageIs(stage: string): Promise<void> {
  await page.waitForSelector(`section.redeem[data-stage="${stage}"]`);
}

async function crmBalance(profileId: string): Promise<number> {
  const profile = await till.hub.parts.mirror.get(till.hub.parts.db, profileId);
  if (!profile) throw new Error('the hub does not have the member');
  return profile.pointsBalance;
}

/** Types the member's phone on the idle keypad, then asks to redeem `points` on the member screen. */
async function askToRedeem(member: DemoMember, points: number): Promise<void> {
  await tapDigits('.lookup', member.phoneLocal.replace(/\D/g, ''));
  await page.click('button:has-text("Hitta medlem")');
  await screenIs(page, 'member');
  expect(await page.textContent('[data-testid="assurance"]')).toBe('Uppgett telefon eller e-post');
  await page.click('button:has-text("Lös in poäng")');
  await screenIs(page, 'redeem');
  await stageIs('amount');
  await tapDigits('.redeem', String(points));
  expect(await page.inputValue('#redeem-points')).toBe(String(points));
}

describe('redeeming points with a typed phone number, in a real browser', () => {
  it('asks for proof, takes the SMS code read from the hub, redeems, and shows the new balance', async () => {
    const member = memberWith(150);
    const points = 100;
    await askToRedeem(member, points);
    expect(digits(await page.textContent('[data-testid="balance"]'))).toBe(member.points);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '12-redeem-amount');

    await page.click('button:has-text("Lös in")');
    await stageIs('choose');
    expect(await page.textContent('#screen-heading')).toBe('Kunden behöver verifiera sig');
    const offered = await page.$$eval('.methods button', (buttons) => buttons.map((b) => b.getAttribute('data-method')));
    expect(offered).toEqual(member.email ? ['sms', 'email_link', 'bankid', 'member_qr'] : ['sms', 'bankid', 'member_qr']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '13-step-up-choose');

    await page.click('button[data-method="sms"]');
    await stageIs('verifying-sms');
    expect(await page.textContent('[data-testid="tries-left"]')).toBe('5 försök kvar');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '14-step-up-sms-code');

    const { code } = await stepUpAdmin(till.hub).lastSms(member.phone);
    await tapDigits('.redeem', code === '000000' ? '111111' : '000000');
    await page.click('button:has-text("Bekräfta kod")');
    await page.waitForSelector('#redeem-message:has-text("Fel kod. 4 försök kvar.")');
    expect(await page.inputValue('#stepup-code')).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '15-step-up-wrong-code');

    await tapDigits('.redeem', code);
    await page.click('button:has-text("Bekräfta kod")');
    await stageIs('done');
    expect(await page.textContent('#screen-heading')).toBe(`${points} poäng inlösta`);
    expect(digits(await page.textContent('[data-testid="new-balance"]'))).toBe(member.points - points);
    expect(await crmBalance(member.profileId)).toBe(member.points - points);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '16-points-redeemed');

    await page.click('button:has-text("Klar")');
    await screenIs(page, 'member');
    expect(digits(await page.textContent('[data-testid="points"] strong'))).toBe(member.points - points);
    expect(await page.textContent('[data-testid="assurance"]')).toBe('Verifierad');
  });

  it('draws BankID’s animated QR code from the CRM’s data each second, and goes on when the order completes', async () => {
    const member = memberWith(50);
    await askToRedeem(member, 50);
    await page.click('button:has-text("Lös in")');
    await stageIs('choose');
    await page.click('button[data-method="bankid"]');
    await stageIs('verifying-bankid');
    await page.waitForSelector('[data-testid="bankid-message"]:has-text("Starta BankID-appen.")');
    const first = await page.getAttribute('.bankid-qr path', 'd');
    expect(first).toMatch(/^M\d+ \d+h\d+v1h-\d+z/);
    await page.waitForFunction((before) => document.querySelector('.bankid-qr path')?.getAttribute('d') !== before, first, { timeout: 5_000 });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '17-step-up-bankid');

    const admin = stepUpAdmin(till.hub);
    const { orderRef } = await admin.bankIdOrder(member.profileId);
    await admin.bankId(orderRef, 'start-app');
    await page.waitForSelector('[data-testid="bankid-message"]:has-text("Skriv in din säkerhetskod i BankID-appen")');
    expect(await page.isHidden('[data-testid="bankid-qr"]')).toBe(true);
    await admin.bankId(orderRef, 'approve');
    await stageIs('done');
    expect(digits(await page.textContent('[data-testid="new-balance"]'))).toBe(member.points - 50);
    expect(await crmBalance(member.profileId)).toBe(member.points - 50);
  });

  it('waits for the e-mail link to be opened, then redeems by itself', async () => {
    const member = memberWith(20, true);
    await askToRedeem(member, 20);
    await page.click('button:has-text("Lös in")');
    await stageIs('choose');
    await page.click('button[data-method="email_link"]');
    await stageIs('verifying-email_link');
    expect(await page.textContent('.waiting')).toContain('Väntar på att länken öppnas');
    expect(await axeViolations(page)).toEqual([]);
    const admin = stepUpAdmin(till.hub);
    const { token } = await admin.lastEmail(member.email ?? '');
    await admin.openLink(token);
    await stageIs('done');
    expect(await crmBalance(member.profileId)).toBe(member.points - 20);
  });

  it('cancels a verification and offers the ways again', async () => {
    const member = memberWith(10);
    await askToRedeem(member, 10);
    await page.click('button:has-text("Lös in")');
    await stageIs('choose');
    await page.click('button[data-method="bankid"]');
    await stageIs('verifying-bankid');
    const { verification } = await stepUpAdmin(till.hub).bankIdOrder(member.profileId);
    await page.click('button:has-text("Avbryt")');
    await stageIs('choose');
    await expect.poll(async () => (await stepUpAdmin(till.hub).bankIdOrder(member.profileId)).verification.status).toBe('cancelled');
    expect(verification.status).toBe('pending');
    expect(await crmBalance(member.profileId)).toBe(member.points);
  });

  it('offline, does not offer a redemption it cannot make, and says plainly what still works', async () => {
    const member = memberWith(10);
    till.hub.parts.faults.set({ ...noFaults, errorRate: 1 });
    try {
      await till.api('POST', '/api/v1/sync');
      await page.waitForSelector('.banner-offline', { state: 'visible' });
      expect(await page.textContent('.banner-offline')).toContain('Poäng kan inte lösas in förrän dess');
      await tapDigits('.lookup', member.phoneLocal.replace(/\D/g, ''));
      await page.click('button:has-text("Hitta medlem")');
      await screenIs(page, 'member');
      expect(await page.isDisabled('button:has-text("Lös in poäng")')).toBe(true);
      expect(await page.textContent('#redeem-offline')).toBe('Poäng kan lösas in när kassan har kontakt igen.');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, '18-step-up-offline');
    } finally {
      till.hub.parts.faults.set(noFaults);
      await till.api('POST', '/api/v1/sync');
    }
    await page.waitForSelector('.banner-offline', { state: 'hidden' });
    expect(await crmBalance(member.profileId)).toBe(member.points);
  });

  it('speaks English too', async () => {
    await page.click('button:has-text("In English")');
    try {
      const member = memberWith(10);
      await tapDigits('.lookup', member.phoneLocal.replace(/\D/g, ''));
      await page.click('button:has-text("Find member")');
      await screenIs(page, 'member');
      await page.click('button:has-text("Redeem points")');
      await stageIs('amount');
      await tapDigits('.redeem', '10');
      await page.click('button:has-text("Redeem")');
      await stageIs('choose');
      expect(await page.textContent('#screen-heading')).toBe('The customer needs to verify');
      expect(await page.textContent('button[data-method="sms"]')).toBe('Code by text message');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.keyboard.press('Escape');
      await page.click('button:has-text("På svenska")');
    }
  });
});
