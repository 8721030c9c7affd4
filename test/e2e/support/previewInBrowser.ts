import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startPreviewServer } from '../../unit/renderer/support/previewServer';
import { launchChromium } from './chromium';

export interface PreviewInBrowser {
  preview: Awaited<ReturnType<typeof startPreviewServer>>;
  page: Page;
}

/**
 * For the test file that calls it: the cashier screen over the fake till core (the real renderer and POS API), open
 * in Chromium in Swedish at `viewport` and idle before the tests (handed to `started`), both closed after them.
 * `prepare` sets the fake core up before the page first loads.
 */
export function usePreviewInBrowser(
  viewport: { width: number; height: number },
  started: (session: PreviewInBrowser) => void,
  prepare: (preview: PreviewInBrowser['preview']) => void = () => undefined,
): void {
  let preview: PreviewInBrowser['preview'] | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    preview = await startPreviewServer();
    prepare(preview);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    await page.goto(preview.pageUrl);
    await page.waitForSelector('main[data-screen="idle"]');
    started({ preview, page });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await preview?.close();
  });
}
