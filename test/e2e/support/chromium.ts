import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, with nothing that phones home. */
export const CHROMIUM_PATH = process.env.TILLID_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
