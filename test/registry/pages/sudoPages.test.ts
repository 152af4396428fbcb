/*
 * Sudo mode on the pages, with the registry's clock injected (no sleeping): past the 30 minutes, opening the
 * new-token form and posting a revoke both lead to the confirm-password page, and confirming leads back to the page
 * that asked, where the action then completes. With a second factor the page asks for its code too. `next` never
 * leads off the site.
 */
import { describe, expect, it } from 'vitest';
import { sudoLifetimeMs } from '../../../packages/registry/src/accounts/accountRules.js';
import { expectNoHorizontalScroll } from '../../support/expectNoHorizontalScroll.js';
import { expectNoSeriousAxeViolations } from '../../support/expectNoSeriousAxeViolations.js';
import { chromiumForThisFile } from '../../support/chromiumForThisFile.js';
import { oathtoolCode } from '../../support/oathtool.js';
import { openPageForThisTest } from '../../support/openPageForThisTest.js';
import { addTotpApp, mintToken, tokenTestPassword } from '../tokenAccounts.js';
import { logInOnPage } from './logInOnPage.js';
import { startPagesRegistry } from './startPagesRegistry.js';
import { submitForm } from './submitForm.js';

/** TOTP steps are 30 s: a step past the window's end, so that every code below is a fresh one. */
const pastTheWindow = sudoLifetimeMs + 30_000;

describe('sudo mode on the pages in Chromium', () => {
  const browser = chromiumForThisFile();

  it('past the window, a page and a form post ask for the password, then return to the page, where the action completes', async () => {
    const clock = { now: Date.now() };
    const started = await startPagesRegistry({}, { now: () => clock.now });
    const { registry } = started;
    const alice = await started.signUp('alice');
    await mintToken(alice, { name: 'old token' });
    const { page, cspViolations, pageErrors } = await openPageForThisTest(browser(), { viewport: { width: 375, height: 800 } });
    await logInOnPage(page, registry.url, 'alice');

    // Within the window (the login started it) the form opens at once.
    await page.goto(`${registry.url}/account/tokens/new`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Add an API token');

    clock.now += pastTheWindow;
    await page.goto(`${registry.url}/account/tokens/new`);
    expect(page.url()).toBe(`${registry.url}/account/confirm-password/?next=%2Faccount%2Ftokens%2Fnew`);
    await expect(page.getByLabel('Code from your authenticator app, or a recovery code').count()).resolves.toBe(0);
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);
    await page.getByLabel('Password').fill('not the password');
    expect(await submitForm(page, () => page.getByRole('button', { name: 'Confirm' }).click())).toBe(401);
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Wrong password');
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(`${registry.url}/account/tokens/new`);
    await expect(page.getByRole('status').innerText()).resolves.toBe('Password confirmed: you will not be asked again for 30 minutes.');
    await page.getByLabel('Name').fill('after sudo');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByLabel('Token “after sudo”').inputValue()).resolves.toMatch(/^kbr-/);

    // A post past the window: to the confirm page, back to the list, and the revoke then goes through.
    await page.goto(`${registry.url}/account/tokens/`);
    clock.now += pastTheWindow;
    await page.getByRole('listitem').filter({ hasText: 'old token' }).getByRole('button', { name: 'Revoke' }).click();
    await page.waitForURL(`${registry.url}/account/confirm-password/?next=%2Faccount%2Ftokens%2F`);
    expect(await registry.db('api_tokens').whereNull('revoked_at').count({ count: '*' }).first()).toEqual({ count: 2 });
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(`${registry.url}/account/tokens/`);
    await submitForm(page, () => page.getByRole('listitem').filter({ hasText: 'old token' }).getByRole('button', { name: 'Revoke' }).click());
    await expect(page.getByRole('status').innerText()).resolves.toBe('The token is revoked: it no longer works.');
    await expect(page.locator('.token-list h2').allInnerTexts()).resolves.toEqual(['after sudo']);
    expect([cspViolations, pageErrors]).toEqual([[], []]);
  });

  it('with a second factor the page asks for its code too; next never leads off the site', async () => {
    const clock = { now: Date.now() };
    const started = await startPagesRegistry({}, { now: () => clock.now });
    const { registry } = started;
    const erin = await started.signUp('erin');
    const { secret } = await addTotpApp(erin, clock.now);
    clock.now += 30_000;
    const { page } = await openPageForThisTest(browser());
    await logInOnPage(page, registry.url, 'erin', () => oathtoolCode(secret, clock.now));

    clock.now += pastTheWindow;
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example/', 'javascript:alert(1)']) {
      await page.goto(`${registry.url}/account/confirm-password/?next=${encodeURIComponent(next)}`);
      await expect(page.getByRole('link', { name: 'Cancel' }).getAttribute('href')).resolves.toBe('/account/');
    }
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel('Password').fill(tokenTestPassword);
    expect(await submitForm(page, () => page.getByRole('button', { name: 'Confirm' }).click())).toBe(400);
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Enter the code from your authenticator app, or a recovery code');
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill('000000');
    expect(await submitForm(page, () => page.getByRole('button', { name: 'Confirm' }).click())).toBe(401);
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/code is not right/);
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(oathtoolCode(secret, clock.now));
    await page.getByRole('button', { name: 'Confirm' }).click();
    // The off-site next was replaced by the account page.
    await page.waitForURL(`${registry.url}/account/`);
    await expect(page.getByRole('status').innerText()).resolves.toBe('Password confirmed: you will not be asked again for 30 minutes.');
    await page.goto(`${registry.url}/account/tokens/new`);
    expect(page.url()).toBe(`${registry.url}/account/tokens/new`);
  });
});
