import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { saveFailureArtifacts } from './saveFailureArtifacts.js';

export interface TestPage {
  page: Page;
  /** Console messages about Content-Security-Policy violations (our own pages must cause none). */
  cspViolations: string[];
  /** Uncaught errors of the page's scripts. */
  pageErrors: string[];
}

/**
 * A fresh browser context (no cookies) and page in `browser`, closed when the current test finishes; if the test
 * failed, the page's screenshot and HTML are saved under test-results/ first. Call it inside a test.
 */
export async function openPageForThisTest(browser: Browser, options: BrowserContextOptions = {}): Promise<TestPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  onTestFinished(async ({ task }) => {
    try {
      if (task.result?.state === 'fail' && !page.isClosed()) {
        const saved = await saveFailureArtifacts(page, `${task.file?.name ?? 'test'}-${task.name}`);
        process.stderr.write(`browser test failed: page saved as ${saved.join(' and ')}\n`);
      }
    } finally {
      await context.close();
    }
  });
  return { page, cspViolations, pageErrors };
}
