import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { totpCodeAt } from '../../../packages/registry/src/twoFactor/totp/totpCode.js';
import { totpStep } from '../../../packages/registry/src/twoFactor/totp/totpParameters.js';
import { addVirtualAuthenticator } from '../../support/addVirtualAuthenticator.js';
import { expectNoHorizontalScroll } from '../../support/expectNoHorizontalScroll.js';
import { expectNoSeriousAxeViolations } from '../../support/expectNoSeriousAxeViolations.js';
import { launchChromium } from '../../support/launchChromium.js';
import { openPageForThisTest } from '../../support/openPageForThisTest.js';
import { tokenTestPassword } from '../tokenAccounts.js';
import { startPagesRegistry } from './startPagesRegistry.js';

// The pages run at the registry's public URL (http://localhost:<port>): WebAuthn refuses an IP address as RP ID.

/** The AAGUID of the keys Chromium's virtual authenticator makes (its packed attestation names it). */
const chromiumVirtualAaguid = '01020304-0506-0708-0102-030405060708';

/**
 * An attestation trust directory (removed when the test finishes) whose one metadata statement, the keybridge
 * emulator's fixture given Chromium's AAGUID, names the virtual authenticator's model; its root is the fixtures' test
 * CA, which Chromium's attestation does not chain to.
 */
function trustDirNamingChromium(): string {
  const statement = JSON.parse(readFileSync(new URL('../../../fixtures/metadata/keybridge-emulator.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const dir = mkdtempSync(join(tmpdir(), 'keybridge-trust-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'chromium.json'), JSON.stringify({ ...statement, aaguid: chromiumVirtualAaguid, description: 'Chromium virtual authenticator' }));
  return dir;
}

async function signUpInPage(page: Page, site: string, username: string): Promise<void> {
  await page.goto(`${site}/account/register`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(tokenTestPassword);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${site}/account/`);
}

/** Logs out (header button), then in with the password: the page is left on the second-factor step. */
async function logOutAndIn(page: Page, site: string, username: string): Promise<void> {
  await page.locator('header').getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(`${site}/account/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(tokenTestPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${site}/account/two-factor`);
}

/** The recovery-codes page's codes (the page says they are shown once); it then goes back to the security page. */
async function readRecoveryCodes(page: Page, site: string): Promise<string[]> {
  await expect(page.locator('main').innerText()).resolves.toContain('You will not see them again.');
  const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allInnerTexts();
  expect(codes).toHaveLength(8);
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('link', { name: 'I have saved them' }).click();
  await page.waitForURL(`${site}/account/security/`);
  return codes;
}

describe('the account security pages in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sign up → add a security key (virtual authenticator) → log out → log in with the key; the list (model from metadata) and the history say so', async () => {
    const clock = { now: Date.now() };
    const { registry } = await startPagesRegistry({ attestation: 'any', attestationTrustDir: trustDirNamingChromium() }, { now: () => clock.now });
    const site = registry.config.publicUrl;
    const { page, cspViolations, pageErrors } = await openPageForThisTest(browser, { viewport: { width: 375, height: 800 } });
    const authenticator = await addVirtualAuthenticator(page);
    await signUpInPage(page, site, 'kim');
    await page.getByRole('link', { name: 'Account security' }).click();
    await page.waitForURL(`${site}/account/security/`);
    await expect(page.locator('main').innerText()).resolves.toContain('Your account has no second factor yet');
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);

    await page.getByLabel('Name of the key').fill('desk key');
    await page.getByRole('button', { name: 'Add security key' }).click();
    await page.waitForURL(`${site}/account/security/keys`);
    expect(await authenticator.credentialCount()).toBe(1);
    await expect(page.locator('main').innerText()).resolves.toContain('Your security key is added.');
    await expectNoHorizontalScroll(page);
    await readRecoveryCodes(page, site);
    await expect(page.locator('.key-list h3').allInnerTexts()).resolves.toEqual(['desk key']);
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);
    const facts = await page.locator('.key-list dl').innerText();
    expect(facts).toMatch(/Model\s+Chromium virtual authenticator/);
    expect(facts).toMatch(/Attestation\s+Not verified/);
    expect(facts).toMatch(/Last used\s+Never/);
    await expect(page.locator('main').innerText()).resolves.toContain('You have 8 unused codes left.');

    await logOutAndIn(page, site, 'kim');
    await expectNoSeriousAxeViolations(page);
    await page.getByRole('button', { name: 'Use your security key' }).click();
    await page.waitForURL(`${site}/account/`);
    await expect(page.locator('main').innerText()).resolves.toContain('Signed in as kim');
    await page.goto(`${site}/account/security/`);
    await expect(page.locator('.key-list dl').innerText()).resolves.not.toContain('Never');

    // Past the 30 minutes of sudo mode, removing it asks for the password again, confirmed here with the key.
    clock.now += 31 * 60_000;
    await page.getByText('Remove this key').click();
    await page.getByLabel("Type the key's name to confirm").fill('desk key');
    await page.getByRole('button', { name: 'Remove key' }).click();
    await page.waitForURL(`${site}/account/confirm-password/?next=${encodeURIComponent('/account/security/')}`);
    await expectNoSeriousAxeViolations(page);
    const withKey = page.getByRole('region', { name: 'Or with your security key' });
    await withKey.getByLabel('Password').fill('not the password');
    await withKey.getByRole('button', { name: 'Confirm with your security key' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Wrong password');
    await page.getByRole('region', { name: 'Or with your security key' }).getByLabel('Password').fill(tokenTestPassword);
    await page.getByRole('region', { name: 'Or with your security key' }).getByRole('button', { name: 'Confirm with your security key' }).click();
    await page.waitForURL(`${site}/account/security/`);
    await expect(page.getByRole('status').innerText()).resolves.toBe('Password confirmed: you will not be asked again for 30 minutes.');
    await expect(page.locator('.key-list h3').allInnerTexts()).resolves.toEqual(['desk key']);

    // Removing it takes its name typed out.
    await page.getByText('Remove this key').click();
    await page.getByLabel("Type the key's name to confirm").fill('desk');
    await page.getByRole('button', { name: 'Remove key' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe('To remove the key, type its name exactly: desk key');
    await expect(page.locator('.key-list h3').allInnerTexts()).resolves.toEqual(['desk key']);
    await page.getByText('Remove this key').click();
    await page.getByLabel("Type the key's name to confirm").fill('desk key');
    await page.getByRole('button', { name: 'Remove key' }).click();
    await page.waitForURL(`${site}/account/security/`);
    await expect(page.getByRole('status').innerText()).resolves.toMatch(/^This account has no second factor any more/);
    await expect(page.locator('main').innerText()).resolves.toContain('No security key yet.');

    await page.goto(`${site}/account/history/`);
    const history = await page.locator('.history .event').allInnerTexts();
    expect(history).toEqual([
      'Security key removed',
      'Password confirmed for sensitive changes, with a security key',
      'Login refused: wrong password',
      'Logged in with a security key',
      'Logged in with the password',
      'Logged out',
      'New recovery codes made (any older ones stopped working)',
      "Security key 'desk key' added",
      'Account created',
    ]);
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);
    expect([cspViolations, pageErrors]).toEqual([[], []]);
  });

  it('add an authenticator app (secret read from the page) → log out → log in with its code → a recovery code works once', async () => {
    // The registry's clock: each login takes the next 30-second step, as a code is never accepted twice.
    const clock = { now: totpStep(Date.now()) * 30_000 + 7_000 };
    const { registry } = await startPagesRegistry({}, { now: () => clock.now });
    const site = registry.config.publicUrl;
    const { page, cspViolations, pageErrors } = await openPageForThisTest(browser, { viewport: { width: 375, height: 800 } });
    await signUpInPage(page, site, 'lena');
    await page.goto(`${site}/account/security/`);
    await page.getByRole('button', { name: 'Add an authenticator app' }).click();
    await expect(page.getByRole('img', { name: 'QR code of the secret shown below' }).locator('svg').count()).resolves.toBe(1);
    const secret = await page.locator('#totp-secret').innerText();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);

    // A wrong code asks again, without showing the secret again; the right one adds the app.
    const code = totpCodeAt(secret, totpStep(clock.now));
    await page.getByLabel('Code from the app').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Add the app' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('That code is not right');
    await expect(page.locator('#totp-secret').count()).resolves.toBe(0);
    await expectNoSeriousAxeViolations(page);
    await page.getByLabel('Code from the app').fill(code);
    await page.getByRole('button', { name: 'Add the app' }).click();
    const recoveryCodes = await readRecoveryCodes(page, site);
    await expect(page.locator('main').innerText()).resolves.toContain('An authenticator app is set up');

    clock.now += 30_000;
    await logOutAndIn(page, site, 'lena');
    await expect(page.getByRole('button', { name: 'Use your security key' }).count()).resolves.toBe(0);
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(totpCodeAt(secret, totpStep(clock.now)));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${site}/account/`);

    await logOutAndIn(page, site, 'lena');
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${site}/account/`);
    await logOutAndIn(page, site, 'lena');
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe('That recovery code is wrong or was used already');
    expect(page.url()).toBe(`${site}/account/two-factor`);
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(recoveryCodes[1]!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${site}/account/`);
    await page.goto(`${site}/account/security/`);
    await expect(page.locator('main').innerText()).resolves.toContain('You have 6 unused codes left.');
    await page.goto(`${site}/account/history/`);
    const history = await page.locator('.history .event').allInnerTexts();
    expect(history).toContain('Second factor refused to log in: a recovery code, wrong');
    expect(history).toContain('Recovery code used to log in (7 left)');
    expect(history).toContain('Logged in with an authenticator app code');
    expect(history).toContain('Authenticator app added');

    // New codes replace the old.
    await page.goto(`${site}/account/security/`);
    await page.getByRole('button', { name: 'Make new recovery codes' }).click();
    const newCodes = await readRecoveryCodes(page, site);
    expect(newCodes).not.toContain(recoveryCodes[2]);
    await expect(page.locator('main').innerText()).resolves.toContain('You have 8 unused codes left.');

    // Removing the only factor says what that means; the recovery codes go with it.
    await page.getByRole('button', { name: 'Remove the authenticator app' }).click();
    await page.waitForURL(`${site}/account/security/`);
    await expect(page.getByRole('status').innerText()).resolves.toMatch(/^This account has no second factor any more/);
    await expect(page.locator('main').innerText()).resolves.toContain('Your account has no second factor yet');
    await expect(page.locator('main').innerText()).resolves.toContain('You get recovery codes when you add your first second factor.');

    // Past the 30 minutes of sudo mode, a change goes to the confirm-password page, which comes back here: from a
    // form, and from the security-key form's script (the API answers sudo_required).
    clock.now += 31 * 60_000;
    const confirmPassword = `${site}/account/confirm-password/?next=${encodeURIComponent('/account/security/')}`;
    await page.getByRole('button', { name: 'Add an authenticator app' }).click();
    await page.waitForURL(confirmPassword);
    await page.goto(`${site}/account/security/`);
    await page.getByLabel('Name of the key').fill('phone');
    await page.getByRole('button', { name: 'Add security key' }).click();
    await page.waitForURL(confirmPassword);
    expect([cspViolations, pageErrors]).toEqual([[], []]);
  });

  it("under the trusted attestation policy, the virtual authenticator's attestation is refused with the reason on the page", async () => {
    const { registry } = await startPagesRegistry({ attestation: 'trusted' });
    const site = registry.config.publicUrl;
    const { page, pageErrors } = await openPageForThisTest(browser);
    await addVirtualAuthenticator(page);
    await signUpInPage(page, site, 'mona');
    await page.goto(`${site}/account/security/`);
    await expect(page.locator('#add-key').innerText()).resolves.toContain('This registry accepts only keys whose maker it trusts');
    await page.getByLabel('Name of the key').fill('unknown maker');
    const refused = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/account/security/keys'));
    await page.getByRole('button', { name: 'Add security key' }).click();
    expect((await refused).status()).toBe(400);
    await expect(page.getByRole('alert').innerText()).resolves.toBe(
      'This registry accepts only security keys whose maker it trusts, and it could not verify this one: attestation does not chain to a trusted root.',
    );
    // The name stays in the form; nothing was added.
    await expect(page.getByLabel('Name of the key').inputValue()).resolves.toBe('unknown maker');
    await expect(page.locator('main').innerText()).resolves.toContain('No security key yet.');
    await expectNoSeriousAxeViolations(page);
    expect(pageErrors).toEqual([]);
  });
});
