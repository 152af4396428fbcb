import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations } from '../../support/expectNoSeriousAxeViolations.js';
import { chromiumForThisFile } from '../../support/chromiumForThisFile.js';
import { openPageForThisTest } from '../../support/openPageForThisTest.js';
import { addTotpApp, tokenTestPassword } from '../tokenAccounts.js';
import { startPagesRegistry } from './startPagesRegistry.js';

describe('the account pages in Chromium', () => {
  const browser = chromiumForThisFile();

  it('sign up → log out → log in, in the layout with its messages; every page accessible', async () => {
    const { registry } = await startPagesRegistry();
    const { page, cspViolations, pageErrors } = await openPageForThisTest(browser());
    await page.goto(`${registry.url}/`);
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.waitForURL(`${registry.url}/account/register`);
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel('Username').fill('dora');
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${registry.url}/account/`);
    await expect(page.getByRole('status').innerText()).resolves.toBe('Welcome! Your account is ready.');
    await expect(page.locator('main').innerText()).resolves.toContain('Signed in as dora');
    await expect(page.getByRole('link', { name: 'Account (dora)' }).isVisible()).resolves.toBe(true);
    await expectNoSeriousAxeViolations(page);

    // The header's log-out button (a form with the CSRF token).
    await page.locator('header').getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${registry.url}/account/login`);
    await expect(page.getByRole('status').innerText()).resolves.toBe('You are logged out.');
    await expect(page.locator('header').getByRole('link', { name: 'Log in' }).isVisible()).resolves.toBe(true);
    await expectNoSeriousAxeViolations(page);
    // The flash is shown once.
    await page.reload();
    await expect(page.getByRole('status').count()).resolves.toBe(0);

    await page.getByLabel('Username').fill('dora');
    await page.getByLabel('Password').fill('not the password');
    const refused = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect((await refused).status()).toBe(401);
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Invalid username or password');
    await expect(page.getByLabel('Username').inputValue()).resolves.toBe('dora');
    await expectNoSeriousAxeViolations(page);

    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${registry.url}/account/`);
    await expect(page.locator('main').innerText()).resolves.toContain('Signed in as dora');
    expect([cspViolations, pageErrors]).toEqual([[], []]);
  });

  it('the second-factor step takes a TOTP or recovery code, shows a wrong one as an error, and is accessible', async () => {
    const started = await startPagesRegistry();
    const erin = await started.signUp('erin');
    const { recoveryCodes } = await addTotpApp(erin, Date.now());

    const { page } = await openPageForThisTest(browser());
    await page.goto(`${started.registry.url}/account/login`);
    await page.getByLabel('Username').fill('erin');
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${started.registry.url}/account/two-factor`);
    await expect(page.locator('header').getByRole('link', { name: 'Log in' }).isVisible()).resolves.toBe(true);
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/code/i);
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${started.registry.url}/account/`);
    await expect(page.locator('main').innerText()).resolves.toContain('Signed in as erin');

    // Half signed in, the step can be abandoned: the session is gone, and /account/ asks to log in again.
    await page.locator('header').getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${started.registry.url}/account/login`);
    await page.getByLabel('Username').fill('erin');
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${started.registry.url}/account/two-factor`);
    await page.getByRole('button', { name: 'Cancel and log out' }).click();
    await page.waitForURL(`${started.registry.url}/account/login`);
    await page.goto(`${started.registry.url}/account/two-factor`);
    expect(page.url()).toBe(`${started.registry.url}/account/login`);
  });

  it('refuses a form post without its CSRF token (403, on a page in the layout)', async () => {
    const started = await startPagesRegistry();
    await started.signUp('frank');
    const { page } = await openPageForThisTest(browser());
    await page.goto(`${started.registry.url}/account/login`);
    await page.getByLabel('Username').fill('frank');
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.locator('main input[name="csrf_token"]').evaluate((input) => input.remove());
    const refused = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect((await refused).status()).toBe(403);
    await expect(page.locator('main').innerText()).resolves.toContain('The CSRF token is missing or invalid');
    await expectNoSeriousAxeViolations(page);

    // A wrong token is refused too; with the real one the same form signs in.
    await page.goto(`${started.registry.url}/account/login`);
    await page.getByLabel('Username').fill('frank');
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.locator('main input[name="csrf_token"]').evaluate((input) => ((input as HTMLInputElement).value = 'A'.repeat(43)));
    const wrong = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect((await wrong).status()).toBe(403);
    await page.goto(`${started.registry.url}/account/login`);
    await page.getByLabel('Username').fill('frank');
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${started.registry.url}/account/`);

    // The security page's forms too; its security-key script sends the token to the API, which refuses a wrong one.
    await page.goto(`${started.registry.url}/account/security/`);
    await page.locator('main form[action="/account/security/totp"] input[name="csrf_token"]').evaluate((input) => input.remove());
    const totp = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Add an authenticator app' }).click();
    expect((await totp).status()).toBe(403);
    await expect(page.locator('main').innerText()).resolves.toContain('The CSRF token is missing or invalid');
    await page.goto(`${started.registry.url}/account/security/`);
    await page.locator('#add-key input[name="csrf_token"]').evaluate((input) => ((input as HTMLInputElement).value = 'A'.repeat(43)));
    await page.getByLabel('Name of the key').fill('desk key');
    const options = page.waitForResponse((response) => response.url().endsWith('/api/v1/2fa/security-keys/options'));
    await page.getByRole('button', { name: 'Add security key' }).click();
    expect((await options).status()).toBe(403);
    await expect(page.locator('#add-key .webauthn-message:not(:empty)').innerText()).resolves.toBe('The CSRF token is missing or invalid: reload the page and try again');

    // Signed in, the log-out form is refused without its token as well.
    await page.locator('header input[name="csrf_token"]').evaluate((input) => input.remove());
    const logout = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.locator('header').getByRole('button', { name: 'Log out' }).click();
    expect((await logout).status()).toBe(403);
    await page.goto(`${started.registry.url}/account/`);
    await expect(page.locator('main').innerText()).resolves.toContain('Signed in as frank');
  });
});
