/*
 * The API token pages in Chromium, with Debian's twine: a token for one project is created on the page, read from it
 * once (and through its copy button), uploads with twine, and is then listed without its secret but with "last
 * used"; revoked on the page, twine is refused.
 */
import { describe, expect, it } from 'vitest';
import { expectNoHorizontalScroll } from '../../support/expectNoHorizontalScroll.js';
import { expectNoSeriousAxeViolations } from '../../support/expectNoSeriousAxeViolations.js';
import { chromiumForThisFile } from '../../support/chromiumForThisFile.js';
import { openPageForThisTest } from '../../support/openPageForThisTest.js';
import { sdistOf, wheelOf } from '../distributions.js';
import { describeResult } from '../e2e/runTool.js';
import { logInOnPage } from './logInOnPage.js';
import { pythonTools } from './pythonTools.js';
import { startPagesRegistry } from './startPagesRegistry.js';
import { submitForm } from './submitForm.js';

/** A tool's output without colours, its whitespace runs (rich wraps lines) as one space. */
const plain = (output: string) => output.replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ');

describe('the API token pages in Chromium', () => {
  const browser = chromiumForThisFile();

  it('a project token is shown once (and copied), uploads with twine, is listed with "last used" but never again in full, and is refused by twine once revoked', async () => {
    const started = await startPagesRegistry();
    const { registry } = started;
    const alice = await started.signUp('alice');
    await started.upload(alice, sdistOf('tok-project', '1.0'));
    await started.upload(alice, sdistOf('other-project', '1.0'));
    const tools = await pythonTools(registry.url);
    const { page, cspViolations, pageErrors } = await openPageForThisTest(browser(), { viewport: { width: 375, height: 800 } });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: registry.url });
    await logInOnPage(page, registry.url, 'alice');

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.waitForURL(`${registry.url}/account/tokens/`);
    await expect(page.locator('main').innerText()).resolves.toContain('You have no API tokens.');
    await expectNoSeriousAxeViolations(page);
    await page.getByRole('link', { name: 'Add API token' }).click();
    await page.waitForURL(`${registry.url}/account/tokens/new`);
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);

    // Chosen projects, but none ticked: the form comes back with the error and what was typed.
    await page.getByLabel('Name').fill('ci for tok-project');
    await page.getByLabel('Only the projects chosen here:').check();
    await page.getByLabel('Expires after').selectOption({ label: '30 days' });
    await page.getByLabel('Only from these addresses (optional)').fill('127.0.0.1/32\n::1');
    expect(await submitForm(page, () => page.getByRole('button', { name: 'Create token' }).click())).toBe(400);
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Choose at least one project, or a token for the whole account');
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('ci for tok-project');
    await expect(page.getByLabel('Expires after').inputValue()).resolves.toBe('30');
    await expectNoSeriousAxeViolations(page);

    await page.getByLabel('tok-project').check();
    const created = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Create token' }).click();
    const createdAnswer = await created;
    expect(createdAnswer.status()).toBe(201);
    expect(createdAnswer.headers()['cache-control']).toBe('no-store');
    await expect(page.locator('main').innerText()).resolves.toContain('you will not see this token again');
    const token = await page.getByLabel('Token “ci for tok-project”').inputValue();
    expect(token).toMatch(/^kbr-/);
    await expect(page.locator('main').innerText()).resolves.toContain('Project: tok-project');
    await page.getByRole('button', { name: 'Copy token' }).click();
    // The clipboard write is asynchronous: `:not(:empty)` waits until the status says something.
    await expect(page.locator('[role="status"]:not(:empty)').innerText()).resolves.toBe('Copied.');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(token);
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);

    const upload = await tools.twineUpload([await tools.write(wheelOf('tok-project', '1.0'))], token);
    expect(upload.code, describeResult('twine upload', upload)).toBe(0);
    const elsewhere = await tools.twineUpload([await tools.write(wheelOf('other-project', '1.0'))], token);
    expect(elsewhere.code).not.toBe(0);
    expect(plain(elsewhere.output)).toContain('403 Forbidden');

    await page.getByRole('link', { name: 'Back to your tokens' }).click();
    await page.waitForURL(`${registry.url}/account/tokens/`);
    const html = await page.content();
    expect(html).not.toContain(token);
    expect(html).not.toContain(token.slice(4, 40));
    const listed = await page.locator('.token-list > li').innerText();
    expect(listed).toContain('ci for tok-project');
    expect(listed).toContain('Project: tok-project');
    expect(listed).toContain('Only from\n127.0.0.1/32, ::1/128');
    expect(listed).toMatch(/Last used\n\w{3} \d{1,2}, \d{4} from 127\.0\.0\.1/);
    expect(listed).toMatch(/Expires\n\w{3} \d{1,2}, \d{4}/);
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);

    expect(await submitForm(page, () => page.getByRole('button', { name: 'Revoke' }).click())).toBe(303);
    await expect(page.getByRole('status').innerText()).resolves.toBe('The token is revoked: it no longer works.');
    await expect(page.locator('main').innerText()).resolves.toContain('You have no API tokens.');
    const afterRevoke = await tools.twineUpload([await tools.write(sdistOf('tok-project', '2.0'))], token);
    expect(afterRevoke.code).not.toBe(0);
    expect(plain(afterRevoke.output)).toContain('token was revoked');
    const files = (await registry.db('files').select('filename').orderBy('filename')) as Array<{ filename: string }>;
    expect(files.map((file) => file.filename)).toEqual(['other_project-1.0.tar.gz', 'tok_project-1.0-py3-none-any.whl', 'tok_project-1.0.tar.gz']);
    expect([cspViolations, pageErrors]).toEqual([[], []]);
  }, 120_000);
});
