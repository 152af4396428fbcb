import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './launchChromium.js';

/**
 * One Chromium for the calling test file (it is slow to start; each test opens its own context): launched before the
 * file's first test, closed after its last. Call it at the top of a describe; the answer gives the browser in tests.
 */
export function chromiumForThisFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium did not start (see beforeAll)');
    return browser;
  };
}
