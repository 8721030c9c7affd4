import type { Browser, Page } from 'playwright-core';
import type { DemoTill } from './demoTill';

/** The customer display as `tillid start` prints it (…/customer#token=…), at a typical 800×480 customer screen. */
export async function openCustomerPage(browser: Browser, till: DemoTill): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 800, height: 480 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  const page = await context.newPage();
  await page.goto(`${till.url}/customer#token=${till.token}`);
  await page.waitForSelector('#customer-screen[data-screen="idle"]');
  return page;
}

export function customerScreenIs(page: Page, name: string): Promise<unknown> {
  return page.waitForSelector(`#customer-screen[data-screen="${name}"]`);
}
