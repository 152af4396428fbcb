import type { Page } from 'playwright-core';

/**
 * Submits a form by `click` and waits until the page it leads to (the answer itself, or where a 303 sends) has
 * loaded, so that what is read next is never the page before. Answers the status of the POST's answer.
 */
export async function submitForm(page: Page, click: () => Promise<void>): Promise<number> {
  const answer = page.waitForResponse((response) => response.request().method() === 'POST');
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await click();
  const status = (await answer).status();
  await navigated;
  await page.waitForLoadState('domcontentloaded');
  return status;
}
