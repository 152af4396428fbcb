import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVirtualAuthenticator } from '../../support/addVirtualAuthenticator.js';
import { launchChromium } from '../../support/launchChromium.js';
import { openPageForThisTest } from '../../support/openPageForThisTest.js';
import { wheelOf } from '../distributions.js';
import { tokenTestPassword } from '../tokenAccounts.js';
import { startPagesRegistry } from './startPagesRegistry.js';

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

describe('XSS probes in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

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
    const { page, cspViolations } = await openPageForThisTest(browser);

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
    const { page } = await openPageForThisTest(browser);
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
    const { page, cspViolations } = await openPageForThisTest(browser);
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
});
