/*
 * `npm run screenshots`: the registry's main pages as a newcomer sees them, written to docs/screenshots/ for the
 * README. A registry on a fresh SQLite file, seeded with one account and one project with a README.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sdistOf, wheelOf } from '../registry/distributions.js';
import { startPagesRegistry } from '../registry/pages/startPagesRegistry.js';
import { tokenTestPassword } from '../registry/tokenAccounts.js';
import { launchChromium } from '../support/launchChromium.js';
import { openPageForThisTest } from '../support/openPageForThisTest.js';

const outputDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

const readme = `# keybridge-demo

A small demonstration package.

## Usage

\`\`\`python
import keybridge_demo
keybridge_demo.hello()
\`\`\`
`;

let browser: Browser;
beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Saves the page as docs/screenshots/<name>.png, after checking that it rendered without CSP errors. */
async function shoot(page: Page, name: string, problems: { cspViolations: string[]; pageErrors: string[] }): Promise<void> {
  expect([problems.cspViolations, problems.pageErrors]).toEqual([[], []]);
  await page.screenshot({ path: `${outputDir}${name}.png`, fullPage: true });
}

it('takes the screenshots', async () => {
  // The address the README's `npm start` serves, rather than this run's random port, in the pictures.
  const { registry, signUp, upload } = await startPagesRegistry({ publicUrl: 'http://localhost:8080' });
  const maintainer = await signUp('maintainer');
  const description = { description: readme, description_content_type: 'text/markdown' };
  for (const version of ['1.0', '1.1']) {
    await upload(maintainer, sdistOf('keybridge-demo', version), description);
    await upload(maintainer, wheelOf('keybridge-demo', version), description);
  }

  const opened = await openPageForThisTest(browser, { viewport: { width: 1100, height: 800 } });
  const { page } = opened;
  await page.goto(`${registry.url}/`);
  await shoot(page, 'home', opened);
  await page.goto(`${registry.url}/project/keybridge-demo/`);
  await shoot(page, 'project', opened);

  await page.goto(`${registry.url}/account/login`);
  await page.getByLabel('Username').fill('maintainer');
  await page.getByLabel('Password').fill(tokenTestPassword);
  await shoot(page, 'login', opened);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${registry.url}/account/`);
  await shoot(page, 'account', opened);
  await page.goto(`${registry.url}/account/security/`);
  await shoot(page, 'security', opened);

  await page.goto(`${registry.url}/account/tokens/new`);
  await page.getByLabel('Name').fill('release workflow');
  await page.getByLabel('Only the projects chosen here:').check();
  await page.getByLabel('keybridge-demo').check();
  await page.getByLabel('Expires after').selectOption({ label: '30 days' });
  await shoot(page, 'token-new', opened);
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.getByRole('button', { name: 'Copy token' }).waitFor();
  await shoot(page, 'token-created', opened);
  await page.goto(`${registry.url}/manage/project/keybridge-demo/`);
  await shoot(page, 'manage-project', opened);
});
