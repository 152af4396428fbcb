import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Where browser tests leave what a failed test's page looked like (git-ignored). */
export const testResultsDirectory = join(import.meta.dirname, '..', '..', 'test-results');

/** Saves `page`'s screenshot (full page) and HTML as test-results/<name>.png and .html; returns the two paths. */
export async function saveFailureArtifacts(page: Page, name: string): Promise<string[]> {
  await mkdir(testResultsDirectory, { recursive: true });
  const stem = join(testResultsDirectory, name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120));
  await page.screenshot({ path: `${stem}.png`, fullPage: true });
  await writeFile(`${stem}.html`, await page.content());
  return [`${stem}.png`, `${stem}.html`];
}
