import type { Page } from 'playwright-core';
import { tokenTestPassword } from '../tokenAccounts.js';

/**
 * Logs `username` (password tokenTestPassword) in through the login page of the registry at `baseUrl`, giving
 * `secondFactorCode()` at the second-factor step when the account has one; ends on /account/. The login starts sudo mode.
 */
export async function logInOnPage(page: Page, baseUrl: string, username: string, secondFactorCode?: () => string): Promise<void> {
  await page.goto(`${baseUrl}/account/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(tokenTestPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  if (secondFactorCode) {
    await page.waitForURL(`${baseUrl}/account/two-factor`);
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(secondFactorCode());
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.waitForURL(`${baseUrl}/account/`);
}
