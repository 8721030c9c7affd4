import type { Browser, Page } from 'playwright-core';
import type { DemoTill } from './demoTill';

/** Opens the cashier screen as a browser would from the printed address, and waits for the idle screen. */
export async function openTillPage(browser: Browser, till: DemoTill): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  const page = await context.newPage();
  await page.goto(till.pageUrl);
  await page.waitForSelector('main[data-screen="idle"]');
  return page;
}

export function screenIs(page: Page, name: string): Promise<unknown> {
  return page.waitForSelector(`main[data-screen="${name}"]`);
}

/** Back to idle the way a cashier would: "Klar"/"Done" or Cancel. */
export async function backToIdle(page: Page): Promise<void> {
  const screen = await page.getAttribute('main', 'data-screen');
  if (screen !== 'idle') await page.keyboard.press('Escape');
  await screenIs(page, 'idle');
}

export function receiptFor(receiptId: string, total = 129) {
  return {
    receiptId,
    createdAt: new Date().toISOString(),
    currency: 'SEK',
    total,
    lines: [{ sku: '7310865004703', description: 'Kaffe 500 g', quantity: 1, unitPrice: total, amount: total }],
    payments: [{ method: 'card', amount: total }],
  };
}
