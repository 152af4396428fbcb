import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForThisFile } from '../../support/chromiumForThisFile.js';
import { openPageForThisTest } from '../../support/openPageForThisTest.js';
import { wheelOf } from '../distributions.js';
import { logInOnPage } from './logInOnPage.js';
import { addVirtualAuthenticator } from '../../support/addVirtualAuthenticator.js';
import { tokenTestPassword } from '../tokenAccounts.js';
import { startPagesRegistry } from './startPagesRegistry.js';
import { submitForm } from './submitForm.js';

const scriptProbe = '<script>window.__xss=1</script>';
const attributeProbe = `"'><img src=x onerror=window.__xss=2>`;
const probe = `${scriptProbe}${attributeProbe}`;
/** Both kinds within a security key name's 64 characters. */
const keyNameProbe = `${scriptProbe}"'><img src=x onerror=__xss=2>`;

/** Nothing the probes carried became markup or ran. */
async function expectNothingInjected(page: Page): Promise<void> {
  const found = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
    images: document.querySelectorAll('img').length,
    handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
    inlineScripts: document.querySelectorAll('script:not([src])').length,
    javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
  }));
  expect(found, page.url()).toEqual({ xss: null, images: 0, handlers: 0, inlineScripts: 0, javascriptLinks: 0 });
}

/**
 * Every post form of the page, sent by the page itself (its cookies, its origin) without its csrf_token field, is
 * refused with 403; answers the forms' actions, so that a test can tell which forms were tried.
 */
async function expectFormsRefuseWithoutCsrf(page: Page): Promise<string[]> {
  const answers = await page.evaluate(async () =>
    Promise.all(
      [...document.querySelectorAll<HTMLFormElement>('form[method="post"]')].map(async (form) => {
        const fields = new URLSearchParams();
        for (const [name, value] of new FormData(form)) if (name !== 'csrf_token' && typeof value === 'string') fields.append(name, value);
        const response = await fetch(form.action, { method: 'POST', body: fields, redirect: 'manual' });
        return { action: new URL(form.action).pathname, status: response.status };
      }),
    ),
  );
  expect(answers.filter((answer) => answer.status !== 403), page.url()).toEqual([]);
  return answers.map((answer) => answer.action);
}

describe('XSS probes in Chromium', () => {
  const browser = chromiumForThisFile();

  it('uploaded metadata comes back as text on the project, home and search pages; Markdown raw HTML and javascript: links are not rendered', async () => {
    const started = await startPagesRegistry();
    const alice = await started.signUp('alice');
    const description = [
      '# Probe',
      `<img src=x onerror="window.__xss=3">`,
      '<script>window.__xss=4</script>',
      '[click me](javascript:window.__xss=5)',
      '<a href="javascript:window.__xss=6">raw link</a>',
      `Text ${attributeProbe}`,
    ].join('\n\n');
    await started.upload(alice, wheelOf('probe-project', '1.0'), {
      summary: probe,
      description,
      author: probe,
      keywords: probe,
      license: probe,
      classifiers: [probe],
      project_urls: [`${probe}, https://example.org/${attributeProbe}`, `Script, javascript:window.__xss=7`],
    });
    await started.registry.db('releases').update({ yanked: true, yanked_reason: probe });
    const { page, cspViolations } = await openPageForThisTest(browser());

    await page.goto(`${started.registry.url}/project/probe-project/`);
    await expectNothingInjected(page);
    await expect(page.locator('.summary').innerText()).resolves.toBe(probe);
    await expect(page.locator('.description').innerText()).resolves.toContain('<script>window.__xss=4</script>');
    await expect(page.locator('.description').innerText()).resolves.toContain(`Text ${attributeProbe}`);
    await expect(page.locator('.classifiers li').allInnerTexts()).resolves.toEqual([probe]);
    const links = await page.locator('#links-heading + ul a').evaluateAll((anchors) => anchors.map((anchor) => [anchor.textContent, anchor.getAttribute('href')]));
    expect(links).toEqual([[probe, `https://example.org/${attributeProbe}`]]);
    await expect(page.locator('.badge-yanked').getAttribute('title')).resolves.toBe(probe);
    const facts = await page.locator('#meta-heading + dl').innerText();
    expect(facts).toContain(`${probe} <author@example.org>`);

    await page.goto(`${started.registry.url}/`);
    await expectNothingInjected(page);
    await expect(page.locator('.project-list p').innerText()).resolves.toBe(probe);
    await page.goto(`${started.registry.url}/search/?q=${encodeURIComponent(`probe ${probe}`)}`);
    await expectNothingInjected(page);
    await expect(page.getByLabel('Search projects by name').inputValue()).resolves.toBe(`probe ${probe}`);
    expect(cspViolations).toEqual([]);
  });

  it('a username probe comes back escaped in the sign-up form, and a missing page echoes its path as text', async () => {
    const { registry } = await startPagesRegistry();
    const { page } = await openPageForThisTest(browser());
    for (const username of [scriptProbe, attributeProbe]) {
      await page.goto(`${registry.url}/account/register`);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill('a long enough password');
      const answer = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.getByRole('button', { name: 'Create account' }).click();
      expect((await answer).status()).toBe(400);
      await expect(page.getByLabel('Username').inputValue()).resolves.toBe(username);
      await expectNothingInjected(page);
    }
    await page.goto(`${registry.url}/project/${encodeURIComponent(probe)}/`);
    await expect(page.locator('main').innerText()).resolves.toContain(probe);
    await expectNothingInjected(page);
  });

  it('a security key name probe comes back escaped in the key list, the history, a refusal and the form', async () => {
    const { registry } = await startPagesRegistry();
    const site = registry.config.publicUrl;
    const { page, cspViolations } = await openPageForThisTest(browser());
    const authenticator = await addVirtualAuthenticator(page);
    await page.goto(`${site}/account/register`);
    await page.getByLabel('Username').fill('nina');
    await page.getByLabel('Password').fill(tokenTestPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${site}/account/`);
    await page.goto(`${site}/account/security/`);
    await page.getByLabel('Name of the key').fill(keyNameProbe);
    await page.getByRole('button', { name: 'Add security key' }).click();
    await page.getByRole('link', { name: 'I have saved them' }).click();
    await page.waitForURL(`${site}/account/security/`);
    await expectNothingInjected(page);
    await expect(page.locator('.key-list h3').allInnerTexts()).resolves.toEqual([keyNameProbe]);

    // The same name for another key is refused, the name kept in the form; a wrong confirmation quotes it.
    await authenticator.clearCredentials();
    await page.getByLabel('Name of the key').fill(keyNameProbe);
    await page.getByRole('button', { name: 'Add security key' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe(`You already have a security key named '${keyNameProbe}'`);
    await expect(page.getByLabel('Name of the key').inputValue()).resolves.toBe(keyNameProbe);
    await expectNothingInjected(page);
    await page.getByText('Remove this key').click();
    await page.getByLabel("Type the key's name to confirm").fill('not it');
    await page.getByRole('button', { name: 'Remove key' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe(`To remove the key, type its name exactly: ${keyNameProbe}`);
    await expectNothingInjected(page);

    await page.goto(`${site}/account/history/`);
    await expect(page.locator('.history .event').allInnerTexts()).resolves.toContain(`Security key '${keyNameProbe}' added`);
    await expectNothingInjected(page);
    expect(cspViolations).toEqual([]);
  });

  it('token names, yank reasons, collaborator names and next come back escaped on the token, sudo and manage pages; none of their forms takes a post without its CSRF token', async () => {
    const started = await startPagesRegistry();
    const { registry } = started;
    const alice = await started.signUp('alice');
    await started.upload(alice, wheelOf('probe-pkg', '1.0'));
    const { page, cspViolations } = await openPageForThisTest(browser());
    await logInOnPage(page, registry.url, 'alice');

    await page.goto(`${registry.url}/account/tokens/new`);
    const newTokenForms = await expectFormsRefuseWithoutCsrf(page);
    expect(newTokenForms).toEqual(['/account/logout', '/account/tokens/new']);
    await page.getByLabel('Name').fill(probe);
    await submitForm(page, () => page.getByRole('button', { name: 'Create token' }).click());
    await expect(page.locator('label[for="token-value"]').innerText()).resolves.toBe(`Token “${probe}”`);
    await expectNothingInjected(page);
    await page.goto(`${registry.url}/account/tokens/`);
    await expect(page.locator('.token-list h2').innerText()).resolves.toBe(probe);
    await expectNothingInjected(page);
    expect(await expectFormsRefuseWithoutCsrf(page)).toContain(`/account/tokens/${(await registry.db('api_tokens').select('id').first()).id}/revoke`);

    await page.goto(`${registry.url}/manage/project/probe-pkg/`);
    const manageForms = await expectFormsRefuseWithoutCsrf(page);
    expect(manageForms).toEqual(expect.arrayContaining(['/manage/project/probe-pkg/collaborators', '/manage/project/probe-pkg/collaborators/remove', '/manage/project/probe-pkg/policy', '/manage/project/probe-pkg/releases/1.0/yank', '/manage/project/probe-pkg/releases/1.0/files/delete', '/manage/project/probe-pkg/releases/1.0/delete', '/manage/project/probe-pkg/delete']));
    await page.getByLabel('Reason for yanking 1.0 (optional)').fill(probe);
    await submitForm(page, () => page.getByRole('button', { name: 'Yank' }).click());
    await expect(page.locator('.yank-reason').innerText()).resolves.toBe(probe);
    await expectNothingInjected(page);
    expect(await expectFormsRefuseWithoutCsrf(page)).toContain('/manage/project/probe-pkg/releases/1.0/unyank');
    await page.getByLabel('Username').fill(probe);
    expect(await submitForm(page, () => page.getByRole('button', { name: 'Add', exact: true }).click())).toBe(404);
    // The field holds at most 50 characters, a username's longest.
    await expect(page.getByRole('alert').innerText()).resolves.toBe(`No user named '${probe.slice(0, 50)}'.`);
    await expectNothingInjected(page);

    await page.goto(`${registry.url}/account/confirm-password/?next=${encodeURIComponent(`/account/${probe}`)}`);
    await expectNothingInjected(page);
    expect(await expectFormsRefuseWithoutCsrf(page)).toContain('/account/confirm-password/');

    // The refused posts changed nothing: the token, the release and the project are as they were.
    expect(await registry.db('api_tokens').whereNull('revoked_at').count({ count: '*' }).first()).toEqual({ count: 1 });
    expect(await registry.db('releases').select('version', 'yanked', 'yanked_reason')).toEqual([{ version: '1.0', yanked: 1, yanked_reason: probe }]);
    expect(await registry.db('files').count({ count: '*' }).first()).toEqual({ count: 1 });
    expect(cspViolations).toEqual([]);
  });
});
