import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoHorizontalScroll } from '../../support/expectNoHorizontalScroll.js';
import { expectNoSeriousAxeViolations } from '../../support/expectNoSeriousAxeViolations.js';
import { chromiumForThisFile } from '../../support/chromiumForThisFile.js';
import { openPageForThisTest } from '../../support/openPageForThisTest.js';
import { sdistOf, wheelOf } from '../distributions.js';
import { startPagesRegistry } from './startPagesRegistry.js';

const registrySources = join(import.meta.dirname, '..', '..', '..', 'packages', 'registry', 'src');

/** Every `/help/#anchor` the registry's code puts in a message (tests excluded). */
function helpAnchorsInCode(): string[] {
  const anchors = new Set<string>();
  for (const entry of readdirSync(registrySources, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    for (const match of readFileSync(join(entry.parentPath, entry.name), 'utf8').matchAll(/\/help\/#([A-Za-z0-9_-]+)/g)) anchors.add(match[1]!);
  }
  return [...anchors].sort();
}

describe('the public pages in Chromium', () => {
  const browser = chromiumForThisFile();

  async function populated() {
    const started = await startPagesRegistry();
    const alice = await started.signUp('alice');
    const longSummary = 'A project whose summary is long enough to wrap several times on a narrow phone screen, with a_very_long_identifier_without_any_break_inside_it';
    await started.upload(alice, sdistOf('Demo-Project', '1.0'), { summary: longSummary, project_urls: ['Source, https://example.org/demo', 'Bad, javascript:alert(1)'], keywords: 'demo, test' });
    await started.upload(alice, wheelOf('Demo-Project', '1.0'), { summary: longSummary });
    await started.upload(alice, sdistOf('Demo-Project', '2.0b1'), { description: 'Pre-release *notes*.' });
    await started.upload(alice, sdistOf('other-thing', '0.1'), { description_content_type: 'text/x-rst', description: 'Title\n=====\n\n  indented *rst*' });
    await started.registry.db('releases').where('version', '0.1').update({ yanked: true, yanked_reason: 'broken build' });
    return started;
  }

  it('home: what the registry is, twine and pip commands with the public URL, search, recently updated projects; accessible; fits 375 px', async () => {
    const { registry } = await populated();
    const { page, cspViolations, pageErrors } = await openPageForThisTest(browser(), { viewport: { width: 375, height: 800 } });
    const response = await page.goto(`${registry.url}/`);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.locator('main').innerText()).resolves.toContain(`twine upload --repository-url ${registry.config.publicUrl}/legacy/ -u __token__`);
    await expect(page.locator('main').innerText()).resolves.toContain(`pip install --index-url ${registry.config.publicUrl}/simple/`);
    const recent = await page.locator('.project-list .project-name').allInnerTexts();
    expect(recent).toEqual(['other-thing', 'Demo-Project']);
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);

    await page.getByLabel('Search projects by name').fill('demo project');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\/\?q=demo\+project$/);
    expect(await page.locator('.project-list .project-name').allInnerTexts()).toEqual(['Demo-Project']);
    await expectNoSeriousAxeViolations(page);
    expect([cspViolations, pageErrors]).toEqual([[], []]);
  });

  it('help: has every anchor that error messages link to; accessible', async () => {
    const { registry } = await startPagesRegistry();
    const { page } = await openPageForThisTest(browser());
    await page.goto(`${registry.url}/help/`);
    const anchors = helpAnchorsInCode();
    expect(anchors).toEqual(expect.arrayContaining(['file-name-reuse', 'project-name', 'invalid-auth-token']));
    const missing = await page.evaluate((ids) => ids.filter((id) => document.getElementById(id) === null), anchors);
    expect(missing).toEqual([]);
    await expectNoSeriousAxeViolations(page);
    // By keyboard: the first Tab reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to the content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
  });

  it('project and release pages: install command, releases with yanked and pre-releases marked, files with hashes and sizes, maintainers, links, classifiers; accessible; fit 375 px', async () => {
    const { registry } = await populated();
    const { page, cspViolations } = await openPageForThisTest(browser(), { viewport: { width: 375, height: 800 } });
    // Another spelling redirects to the uploaded one, as the JSON API's project_url is written.
    const response = await page.goto(`${registry.url}/project/demo_project`);
    expect(page.url()).toBe(`${registry.url}/project/Demo-Project/`);
    expect(response!.status()).toBe(200);
    await expect(page.locator('h1').innerText()).resolves.toBe('Demo-Project 1.0');
    await expect(page.getByLabel('Install').inputValue()).resolves.toBe(`pip install --index-url ${registry.config.publicUrl}/simple/ Demo-Project`);
    expect(await page.locator('.releases li').allInnerTexts()).toEqual([expect.stringMatching(/^2\.0b1 .*pre-release$/s), expect.stringMatching(/^1\.0 /)]);
    expect(await page.locator('.file h3').allInnerTexts()).toEqual(['demo_project-1.0-py3-none-any.whl', 'demo_project-1.0.tar.gz']);
    const index = await (await fetch(`${registry.url}/pypi/Demo-Project/json`)).json() as { urls: Array<{ filename: string; digests: { sha256: string }; size: number }> };
    const wheel = index.urls.find((file) => file.filename.endsWith('.whl'))!;
    const wheelFacts = await page.locator('.file').first().innerText();
    expect(wheelFacts).toContain(wheel.digests.sha256);
    expect(wheelFacts).toContain(`(${wheel.size} bytes)`);
    // The file link downloads the file.
    const href = await page.locator('.file h3 a').first().getAttribute('href');
    expect((await fetch(new URL(href!, registry.url))).status).toBe(200);
    expect(await page.locator('#maintainers-heading + ul li').allInnerTexts()).toEqual(['alice (owner)']);
    expect(await page.locator('#links-heading + ul a').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href))).toEqual(['https://example.org/demo']);
    expect(await page.locator('.classifiers li').allInnerTexts()).toContain('Programming Language :: Python :: 3');
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);

    await page.getByRole('link', { name: '2.0b1' }).click();
    await page.waitForURL(`${registry.url}/project/Demo-Project/2.0b1/`);
    await expect(page.getByLabel('Install').inputValue()).resolves.toBe(`pip install --index-url ${registry.config.publicUrl}/simple/ Demo-Project==2.0b1`);
    await expect(page.locator('.description em').innerText()).resolves.toBe('notes');
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);

    // A yanked release says so; reStructuredText is shown as preformatted text. Version spellings redirect too.
    await page.goto(`${registry.url}/project/Other.Thing/v0.1`);
    expect(page.url()).toBe(`${registry.url}/project/other-thing/0.1/`);
    await expect(page.locator('.project-head').innerText()).resolves.toContain('Yanked');
    await expect(page.locator('.project-head').innerText()).resolves.toContain('broken build');
    await expect(page.locator('pre.description').innerText()).resolves.toBe('Title\n=====\n\n  indented *rst*');
    await expectNoSeriousAxeViolations(page);
    expect(cspViolations).toEqual([]);
  });

  it('answers an unknown project or page with a 404 page in the layout; tools still get plain text', async () => {
    const { registry } = await startPagesRegistry();
    const { page } = await openPageForThisTest(browser());
    const response = await page.goto(`${registry.url}/project/no-such-project/`);
    expect(response!.status()).toBe(404);
    await expect(page.locator('h1').innerText()).resolves.toBe('Page not found');
    await expect(page.locator('main').innerText()).resolves.toContain("Project 'no-such-project' was not found.");
    await expect(page.getByRole('link', { name: 'Help' }).first().isVisible()).resolves.toBe(true);
    await expectNoSeriousAxeViolations(page);
    expect((await page.goto(`${registry.url}/no/such/page`))!.status()).toBe(404);
    await expect(page.locator('h1').innerText()).resolves.toBe('Page not found');
    const plain = await fetch(`${registry.url}/project/no-such-project/`);
    expect([plain.status, plain.headers.get('content-type'), await plain.text()]).toEqual([404, 'text/plain; charset=utf-8', "Project 'no-such-project' was not found.\n"]);
  });

  it('serves /static/ with an ETag and long caching for versioned URLs, and @simplewebauthn/browser as a module the CSP allows', async () => {
    const { registry } = await startPagesRegistry();
    const { page, cspViolations } = await openPageForThisTest(browser());
    await page.goto(`${registry.url}/`);
    const stylesheet = await page.locator('link[rel="stylesheet"]').getAttribute('href');
    const css = await fetch(new URL(stylesheet!, registry.url));
    expect([css.status, css.headers.get('content-type'), css.headers.get('cache-control')]).toEqual([200, 'text/css; charset=utf-8', 'public, max-age=31536000, immutable']);
    const etag = css.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await fetch(`${registry.url}/static/site.css`, { headers: { 'if-none-match': etag } });
    expect([again.status, again.headers.get('cache-control')]).toEqual([304, 'public, no-cache']);
    // Dynamic import is not inline script: the module graph (relative imports included) loads under script-src 'self'.
    // (A string, not a function: vitest would rewrite a function's import().)
    const exported = await page.evaluate<string[]>("import('/static/vendor/simplewebauthn/index.js').then((module) => Object.keys(module))");
    expect(exported).toEqual(expect.arrayContaining(['startAuthentication', 'startRegistration', 'browserSupportsWebAuthn']));
    expect((await fetch(`${registry.url}/static/../package.json`)).status).toBe(404);
    expect(cspViolations).toEqual([]);
  });
});
