/*
 * An owner's pages in Chromium, with Debian's pip: "Your projects", and a project's manage page — collaborators added,
 * re-roled and removed (never the last owner), the require-2FA policy (refused without a second factor of one's own),
 * a release yanked with a reason (pip then picks the one before) and un-yanked, a file deleted after typing its name
 * (the project page no longer lists it, pip no longer gets it), the project deleted. An administrator manages a
 * project they do not own.
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

describe('the project management pages in Chromium', () => {
  const browser = chromiumForThisFile();

  it('an owner manages collaborators and the policy, yanks a release (pip picks the one before), deletes a file, then the project', async () => {
    const started = await startPagesRegistry();
    const { registry } = started;
    const alice = await started.signUp('alice');
    await started.signUp('bob');
    for (const version of ['1.0', '1.1']) {
      await started.upload(alice, sdistOf('tiny-pkg', version));
      await started.upload(alice, wheelOf('tiny-pkg', version));
    }
    const tools = await pythonTools(registry.url);
    const pipPicks = async (requirement: string) => {
      const download = await tools.pipDownload(requirement);
      expect(download.result.code, describeResult(`pip download ${requirement}`, download.result)).toBe(0);
      return download.files;
    };
    expect(await pipPicks('tiny-pkg')).toEqual(['tiny_pkg-1.1-py3-none-any.whl']);

    const { page, cspViolations, pageErrors } = await openPageForThisTest(browser(), { viewport: { width: 375, height: 800 } });
    await logInOnPage(page, registry.url, 'alice');
    await page.getByRole('link', { name: 'Your projects' }).click();
    await page.waitForURL(`${registry.url}/manage/projects/`);
    await expect(page.locator('.manage-list').innerText()).resolves.toMatch(/^tiny-pkg owner · 2 releases Manage/);
    await expectNoSeriousAxeViolations(page);
    await page.getByRole('link', { name: 'Manage tiny-pkg' }).click();
    await page.waitForURL(`${registry.url}/manage/project/tiny-pkg/`);
    await expectNoSeriousAxeViolations(page);
    await expectNoHorizontalScroll(page);

    // Collaborators: an unknown user is an error on the page; bob is added, made an owner, then removed.
    await page.getByLabel('Username').fill('nobody');
    expect(await submitForm(page, () => page.getByRole('button', { name: 'Add', exact: true }).click())).toBe(404);
    await expect(page.getByRole('alert').innerText()).resolves.toBe("No user named 'nobody'.");
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Role', { exact: true }).selectOption('maintainer');
    await submitForm(page, () => page.getByRole('button', { name: 'Add', exact: true }).click());
    await expect(page.getByRole('status').innerText()).resolves.toBe('The collaborator’s role is saved.');
    await page.getByLabel('Role of bob').selectOption('owner');
    await submitForm(page, () => page.getByRole('listitem').filter({ hasText: 'bob' }).getByRole('button', { name: 'Change role' }).click());
    await expect(page.locator('#collaborators-heading + .hint + .manage-list').innerText()).resolves.toContain('bob owner since');
    await submitForm(page, () => page.getByRole('listitem').filter({ hasText: 'bob' }).getByRole('button', { name: 'Remove' }).click());
    await expect(page.getByRole('status').innerText()).resolves.toBe('The collaborator is removed.');
    // The last owner cannot leave.
    expect(await submitForm(page, () => page.getByRole('listitem').filter({ hasText: 'alice' }).getByRole('button', { name: 'Remove' }).click())).toBe(409);
    await expect(page.getByRole('alert').innerText()).resolves.toBe("Cannot remove the last owner of 'tiny-pkg': add another owner first.");
    const roles = (await registry.db('roles').join('users', 'users.id', 'roles.user_id').select('users.username', 'roles.role')) as Array<{ username: string; role: string }>;
    expect(roles).toEqual([{ username: 'alice', role: 'owner' }]);

    // Requiring 2FA needs a second factor of one's own.
    await page.getByLabel('Require a second factor of every collaborator to upload').check();
    expect(await submitForm(page, () => page.getByRole('button', { name: 'Save policy' }).click())).toBe(409);
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Add a second factor to your own account before requiring one of every collaborator');
    await expectNoSeriousAxeViolations(page);

    // Yank 1.1 with a reason: pip picks 1.0 (unless 1.1 is pinned); the project page marks it.
    await page.getByLabel('Reason for yanking 1.1 (optional)').fill('broken build');
    await submitForm(page, () => page.getByRole('listitem').filter({ has: page.getByLabel('Reason for yanking 1.1 (optional)') }).getByRole('button', { name: 'Yank' }).click());
    await expect(page.getByRole('status').innerText()).resolves.toBe('The release is yanked: pip skips it unless a requirement pins it.');
    await expect(page.locator('.yank-reason').innerText()).resolves.toBe('broken build');
    expect(await pipPicks('tiny-pkg')).toEqual(['tiny_pkg-1.0-py3-none-any.whl']);
    expect(await pipPicks('tiny-pkg==1.1')).toEqual(['tiny_pkg-1.1-py3-none-any.whl']);
    await submitForm(page, () => page.getByRole('button', { name: 'Un-yank' }).click());
    await expect(page.getByRole('status').innerText()).resolves.toBe('The release is no longer yanked.');
    expect(await pipPicks('tiny-pkg')).toEqual(['tiny_pkg-1.1-py3-none-any.whl']);

    // Delete 1.1's wheel: a wrong name is refused and deletes nothing; the right one deletes it.
    const wheelConfirm = page.getByLabel(/^Type tiny_pkg-1\.1-py3-none-any\.whl \(.*\) to delete it$/);
    await wheelConfirm.fill('tiny_pkg-1.1');
    expect(await submitForm(page, () => page.locator('form').filter({ has: wheelConfirm }).getByRole('button', { name: 'Delete file' }).click())).toBe(400);
    await expect(page.getByRole('alert').innerText()).resolves.toBe('To delete tiny_pkg-1.1-py3-none-any.whl, type its name exactly');
    await wheelConfirm.fill('tiny_pkg-1.1-py3-none-any.whl');
    await submitForm(page, () => page.locator('form').filter({ has: wheelConfirm }).getByRole('button', { name: 'Delete file' }).click());
    await expect(page.getByRole('status').innerText()).resolves.toBe('The file is deleted.');
    await expectNoSeriousAxeViolations(page);
    await page.goto(`${registry.url}/project/tiny-pkg/1.1/`);
    await expect(page.locator('#files-heading ~ .file h3').allInnerTexts()).resolves.toEqual(['tiny_pkg-1.1.tar.gz']);
    expect(await pipPicks('tiny-pkg')).toEqual(['tiny_pkg-1.0-py3-none-any.whl']);

    // The project page links its owner to the manage page; deleting the project needs its name typed.
    await page.getByRole('link', { name: 'Manage tiny-pkg' }).click();
    await page.waitForURL(`${registry.url}/manage/project/tiny-pkg/`);
    await page.getByLabel('Type tiny-pkg to delete the project').fill('tiny_pkg');
    expect(await submitForm(page, () => page.getByRole('button', { name: 'Delete project' }).click())).toBe(400);
    await expect(page.getByRole('alert').innerText()).resolves.toBe("To delete the project, confirm its name exactly: 'tiny-pkg'.");
    await page.getByLabel('Type tiny-pkg to delete the project').fill('tiny-pkg');
    await submitForm(page, () => page.getByRole('button', { name: 'Delete project' }).click());
    await page.waitForURL(`${registry.url}/manage/projects/`);
    await expect(page.getByRole('status').innerText()).resolves.toBe('The project is deleted.');
    await expect(page.locator('main').innerText()).resolves.toContain('You are not a collaborator of any project yet.');
    expect((await page.goto(`${registry.url}/project/tiny-pkg/`))!.status()).toBe(404);
    expect([cspViolations, pageErrors]).toEqual([[], []]);
  }, 120_000);

  it('a maintainer sees the project without a manage link and is refused its manage page; an administrator manages it', async () => {
    const started = await startPagesRegistry();
    const { registry } = started;
    const alice = await started.signUp('alice');
    await started.signUp('mallory');
    await started.signUp('root');
    await registry.db('users').where('username', 'root').update({ is_admin: true });
    await started.upload(alice, sdistOf('shared-pkg', '1.0'));
    const shared = (await registry.db('projects').select('id').first()) as { id: number };
    const mallory = (await registry.db('users').select('id').where('username', 'mallory').first()) as { id: number };
    await registry.db('roles').insert({ project_id: shared.id, user_id: mallory.id, role: 'maintainer', created_at: new Date() });

    const { page } = await openPageForThisTest(browser());
    await logInOnPage(page, registry.url, 'mallory');
    await page.goto(`${registry.url}/manage/projects/`);
    await expect(page.locator('.manage-list').innerText()).resolves.toBe('shared-pkg maintainer · 1 release');
    await expect(page.getByRole('link', { name: /Manage/ }).count()).resolves.toBe(0);
    const refused = await page.goto(`${registry.url}/manage/project/shared-pkg/`);
    expect(refused!.status()).toBe(403);
    await expect(page.locator('main').innerText()).resolves.toContain("Only owners of 'shared-pkg' can manage it.");

    const admin = await openPageForThisTest(browser());
    await logInOnPage(admin.page, registry.url, 'root');
    await admin.page.goto(`${registry.url}/project/shared-pkg/`);
    await admin.page.getByRole('link', { name: 'Manage shared-pkg' }).click();
    await expect(admin.page.getByRole('note').innerText()).resolves.toContain('You are an administrator, not an owner of this project');
    await admin.page.getByLabel('Reason for yanking 1.0 (optional)').fill('security issue');
    await submitForm(admin.page, () => admin.page.getByRole('button', { name: 'Yank' }).click());
    await expect(admin.page.getByRole('status').innerText()).resolves.toBe('The release is yanked: pip skips it unless a requirement pins it.');
    const events = (await registry.db('events').select('details').where('kind', 'release.yanked')) as Array<{ details: string }>;
    expect(events.map((event) => JSON.parse(event.details) as Record<string, unknown>)).toEqual([expect.objectContaining({ reason: 'security issue', asAdmin: true })]);
  });
});
