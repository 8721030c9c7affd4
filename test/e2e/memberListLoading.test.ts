import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axeCheck';
import { usePreviewInBrowser } from './support/previewInBrowser';
import type { PreviewInBrowser } from './support/previewInBrowser';

// The cashier screen of a till whose first copy of the member list is still loading (the real renderer and POS API
// over the fake till core, in Chromium): a line says so, in Swedish and English, follows the progress the till
// sends, and goes when the copy is complete.
let preview: PreviewInBrowser['preview'];
let page: Page;

usePreviewInBrowser(
  { width: 1280, height: 800 },
  (session) => ({ preview, page } = session),
  (fresh) => {
    fresh.core.memberList = { state: 'loading', done: 12_345, total: 1_000_000 };
  },
);

const line = (): Promise<string> => page.textContent('.banner-member-list').then((text) => (text ?? '').replace(/\s/g, ' '));

describe('the member list line on the cashier screen', () => {
  it('shows how far the first copy is, in Swedish, without getting in the way', async () => {
    await page.waitForSelector('.banner-member-list', { state: 'visible' });
    expect(await line()).toBe('Medlemslistan laddas fortfarande: 12 345 av 1 000 000. En kund som inte hittas kan ändå vara medlem.');
    expect(await page.getAttribute('.banner-member-list', 'role')).toBe('status');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('follows the progress the till sends, in English too', async () => {
    preview.core.emit({ type: 'sync.status', status: { online: true }, memberList: { state: 'loading', done: 500_000, total: 1_000_000 } });
    await page.waitForFunction(() => document.querySelector('.banner-member-list')?.textContent?.includes('500'));
    await page.click('button:has-text("In English")');
    expect(await line()).toBe('The member list is still loading: 500,000 of 1,000,000. A customer not found may still be a member.');
  });

  it('goes once the copy is complete', async () => {
    preview.core.memberList = undefined;
    preview.core.emit({ type: 'sync.status', status: { online: true } });
    await page.waitForSelector('.banner-member-list', { state: 'hidden' });
  });
});
