import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SHARED_PHONE } from '../unit/renderer/support/fakeTillCore';
import { usePreviewInBrowser } from './support/previewInBrowser';
import type { PreviewInBrowser } from './support/previewInBrowser';

// The cashier screen (the real renderer and POS API over the fake till core, in Chromium) when the answer to a typed
// lookup comes late, after the customer at the till changed: a slow CRM side answers "several members" for a number
// typed before a member was identified. The late answer must not cover that member with a notice or take them away.
let preview: PreviewInBrowser['preview'];
let page: Page;

usePreviewInBrowser({ width: 1024, height: 768 }, (session) => ({ preview, page } = session));

beforeEach(async () => {
  await page.keyboard.press('Escape');
  preview.core.clearSession();
  await page.waitForSelector('main[data-screen="idle"]');
});

/** Holds the shared phone's next answer until the returned function is called. */
function holdSharedPhoneAnswer(): () => void {
  let release: () => void = () => undefined;
  preview.core.sharedPhoneAnswerWaits = new Promise<void>((resolve) => {
    release = resolve;
  });
  return release;
}

describe('a typed lookup answered after the customer changed', () => {
  it('a member scanned meanwhile stays on screen, with no notice over them', async () => {
    const release = holdSharedPhoneAnswer();
    await page.keyboard.type(SHARED_PHONE, { delay: 40 });
    await page.keyboard.press('Enter');
    await preview.core.identify('TID1.anna.valid', 'scan');
    await page.waitForSelector('main[data-screen="member"]');
    release();
    // The answer's round trip: give it time to arrive and (wrongly) act.
    await page.waitForTimeout(500);
    expect(await page.getAttribute('main', 'data-screen')).toBe('member');
    expect(await page.locator('#notice:has-text("Flera medlemmar")').count()).toBe(0);
  });
});
