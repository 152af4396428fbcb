import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The page fits its viewport's width (nothing scrolls sideways, as on a 375 px phone). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, `page wider than the viewport at ${page.url()}`).toBeLessThanOrEqual(widths.client);
}
