import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { DEMO_START_TIMEOUT_MS, startDemoTill, type DemoTill } from './demoTill';
import { openTillPage } from './tillPage';

export interface TillInBrowser {
  till: DemoTill;
  page: Page;
}

/**
 * For the test file that calls it: a demo till and its cashier screen open in Chromium before the tests
 * (handed to `started`), both closed after them.
 */
export function useTillInBrowser(started: (session: TillInBrowser) => void): void {
  let till: DemoTill | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    till = await startDemoTill();
    browser = await launchChromium();
    started({ till, page: await openTillPage(browser, till) });
  }, DEMO_START_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await till?.stop();
  });
}
