import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CtapHidCommand } from '@keybridge/ctap';
import { fixedUserPresence } from '@keybridge/emulator';
import { describe, expect, it, onTestFinished } from 'vitest';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import { oathtoolCode } from '../support/oathtool.js';
import { TestBrowser } from '../registry/TestBrowser.js';
import { waitForOutput, type CliRun } from './runCli.js';
import { accountPassword, failureLine, startCliRegistry } from './startCliRegistry.js';
import { freeUdpPort, startUdpEmulator } from './startUdpEmulator.js';

const PIN = 'Pin$4321#';

async function emulatedKey(pin?: string, server: { replyPort?: number } = {}) {
  // A touch that takes a moment: the key sends UPNEEDED keep-alives, so the CLI says "Touch your security key".
  const key = await startUdpEmulator({ userPresence: fixedUserPresence('approve', 250), ...(pin === undefined ? {} : { pin }) }, server);
  onTestFinished(() => key.close());
  return key;
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('keybridge login, key and token commands against a registry', () => {
  it('logs in with the password, adds a PIN-protected key, logs in again with it, and asks for sudo when the registry wants it (the key answering to a fixed port)', async () => {
    const { keybridge, sessionsFile, clock, publicUrl, registry } = await startCliRegistry();
    // The key as a firmware simulator: it answers to one port, which KEYBRIDGE_REPLY_PORT names.
    const replyPort = await freeUdpPort();
    const key = await emulatedKey(PIN, { replyPort });
    const env = { KEYBRIDGE_DEVICE: key.device, KEYBRIDGE_REPLY_PORT: String(replyPort) };

    const login = await keybridge(['login', '--user', 'alice', '--password-stdin'], { input: `${accountPassword}\n`, env });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(new RegExp(`^Logged in to ${publicUrl} as alice; the session lasts until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(in 12 hours\\)\\n$`));
    expect(await modeOf(sessionsFile)).toBe(0o600);
    expect(await modeOf(join(sessionsFile, '..'))).toBe(0o700);

    const added = await keybridge(['key', 'add', '--name', 'desk key', '--json'], { env: { ...env, KEYBRIDGE_PIN: PIN } });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('Touch your security key');
    const addedJson = JSON.parse(added.stdout) as { key: { name: string }; recoveryCodes: string[] };
    expect(addedJson.key.name).toBe('desk key');
    expect(addedJson.recoveryCodes).toHaveLength(8);

    const listed = await keybridge(['key', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^desk key {2}AAGUID [0-9a-f-]{36} {2}added \d{4}-\d\d-\d\d, never used\n1 security key\n$/);

    const logout = await keybridge(['logout']);
    expect(logout.stdout).toBe(`Logged out of ${publicUrl}\n`);
    await expect(stat(sessionsFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await keybridge(['key', 'list'])).stderr).toBe(`keybridge: Not logged in to ${publicUrl}: run "keybridge login --registry ${publicUrl}" first\n`);
    expect((await keybridge(['key', 'list'], { env: { KEYBRIDGE_REGISTRY: '' } })).stderr).toBe('keybridge: Not logged in: run "keybridge login --registry URL" first\n');

    // Again, now with the key as the second factor: password on stdin, PIN on the next line.
    const withKey = await keybridge(['login', '--user', 'alice', '--password-stdin', '--pin-stdin', '--json'], { input: `${accountPassword}\n${PIN}\n`, env });
    expect(withKey.code, withKey.stderr).toBe(0);
    expect(withKey.stderr).toContain('Touch your security key');
    expect(JSON.parse(withKey.stdout)).toMatchObject({ registry: publicUrl, username: 'alice', expiresAt: expect.stringMatching(/Z$/) });

    // 31 minutes on, the registry wants the password and the key again before it mints a token.
    clock.offsetMs += 31 * 60 * 1000;
    const created = await keybridge(['token', 'create', '--name', 'ci', '--expires', '1h'], { env: { ...env, KEYBRIDGE_PASSWORD: accountPassword, KEYBRIDGE_PIN: PIN } });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('wants your password again for this (sudo mode, 30 minutes)');
    expect(created.stderr).toContain('Touch your security key');
    expect(created.stdout).toMatch(/^kbr-[A-Za-z0-9_-]+\n$/);
    expect((await listEvents(registry.db, { kind: 'account.sudo_confirmed' })).map((event) => event.details)).toEqual([{ method: 'security_key' }]);

    const tokens = await keybridge(['token', 'list', '--json']);
    expect(JSON.parse(tokens.stdout).tokens).toMatchObject([{ name: 'ci', scope: { kind: 'account' }, works: true }]);
    const revoked = await keybridge(['token', 'revoke', 'ci']);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse((await keybridge(['token', 'list', '--json'])).stdout).tokens).toEqual([]);
    const missing = await keybridge(['token', 'revoke', 'ci']);
    expect([missing.code, failureLine(missing)]).toEqual([1, 'keybridge: alice has no API token named "ci" (see keybridge token list)']);

    const removed = await keybridge(['key', 'remove', 'desk key']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/^Removed security key "desk key"\nThis account has no second factor any more/);
  }, 90_000); // some 17 CLI processes in a row: 30 s is too little on a loaded machine

  it('logs in with a TOTP code from oathtool, and refuses a wrong password, a wrong PIN, an unknown key and a key gone in one line each, keeping nothing', async () => {
    const { keybridge, sessionsFile, clock, registry } = await startCliRegistry();
    // TOTP enrolled over the API, as the pages do it.
    const browser = new TestBrowser(registry.url);
    const { csrfToken } = (await (await browser.request('/api/v1/session', { method: 'POST', json: { username: 'alice', password: accountPassword } })).json()) as { csrfToken: string };
    const post = (path: string, json?: unknown) => browser.request(path, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, ...(json === undefined ? {} : { json }) });
    const { secret } = (await (await post('/api/v1/2fa/totp')).json()) as { secret: string };
    expect((await post('/api/v1/2fa/totp/confirm', { code: oathtoolCode(secret, clock.now()) })).status).toBe(200);

    const wrongPassword = await keybridge(['login', '--user', 'alice'], { env: { KEYBRIDGE_PASSWORD: 'not the password' } });
    expect([wrongPassword.code, failureLine(wrongPassword)]).toEqual([1, 'keybridge: Wrong user name or password']);
    await expect(stat(sessionsFile)).rejects.toMatchObject({ code: 'ENOENT' });

    clock.offsetMs += 30_000; // a code is taken once per 30-second step
    const code = oathtoolCode(secret, clock.now());
    const totp = await keybridge(['login', '--user', 'alice', '--password-stdin', '--totp-stdin'], { input: `${accountPassword}\n${code}\n` });
    expect(totp.code, totp.stderr).toBe(0);
    expect(totp.stdout).toMatch(/^Logged in to .* as alice/);
    expect((await listEvents(registry.db, { kind: 'account.login_second_factor' })).map((event) => event.details)).toEqual([{ method: 'totp' }]);

    // A PIN-protected key added with the TOTP session; then a login with it and the wrong PIN, and with another key.
    const key = await emulatedKey(PIN);
    expect((await keybridge(['key', 'add', '--name', 'k'], { env: { KEYBRIDGE_DEVICE: key.device, KEYBRIDGE_PIN: PIN } })).code).toBe(0);
    const before = await readFile(sessionsFile, 'utf8');
    const wrongPin = await keybridge(['login', '--user', 'alice'], { env: { KEYBRIDGE_DEVICE: key.device, KEYBRIDGE_PASSWORD: accountPassword, KEYBRIDGE_PIN: 'Wrong$PIN' } });
    expect([wrongPin.code, failureLine(wrongPin)]).toEqual([1, 'keybridge: Wrong PIN: 7 attempts left']);
    const stranger = await emulatedKey();
    const unknown = await keybridge(['login', '--user', 'alice'], { env: { KEYBRIDGE_DEVICE: stranger.device, KEYBRIDGE_PASSWORD: accountPassword } });
    expect([unknown.code, failureLine(unknown)]).toEqual([1, 'keybridge: This security key is not one the account knows: use a key added with "keybridge key add"']);
    await key.close(); // the key unplugged: its emulator gone
    const gone = await keybridge(['login', '--user', 'alice'], { env: { KEYBRIDGE_DEVICE: key.device, KEYBRIDGE_PASSWORD: accountPassword, KEYBRIDGE_PIN: PIN } });
    expect([gone.code, failureLine(gone)]).toEqual([1, `keybridge: Lost the security key: ${key.device}: nothing is listening there (is the emulator running?)`]);
    expect(await readFile(sessionsFile, 'utf8')).toBe(before);
  }, 90_000);

  it('refuses a ~/.pypirc that is not INI, says when the CLI session has expired, when the registry is down, and when no password can be asked for', async () => {
    const { keybridge, sessionsFile, registry, publicUrl, home } = await startCliRegistry();
    expect((await keybridge(['login', '--user', 'alice'], { env: { KEYBRIDGE_PASSWORD: accountPassword } })).code).toBe(0);
    // A ~/.pypirc that is not INI: refused before a token is minted, and left as it was.
    await writeFile(join(home, '.pypirc'), '[pypi]\nnot ini at all\n');
    const badPypirc = await keybridge(['token', 'create', '--name', 'ci', '--pypirc']);
    expect([badPypirc.code, failureLine(badPypirc)]).toEqual([1, `keybridge: ${join(home, '.pypirc')} is not valid INI (line 2: neither a [section], a "name = value", nor a comment): fix it, nothing was written`]);
    expect(await readFile(join(home, '.pypirc'), 'utf8')).toBe('[pypi]\nnot ini at all\n');
    expect(JSON.parse((await keybridge(['token', 'list', '--json'])).stdout).tokens).toEqual([]);

    const stored = JSON.parse(await readFile(sessionsFile, 'utf8')) as { sessions: Record<string, { expiresAt: number }> };
    stored.sessions[publicUrl]!.expiresAt = Date.now() - 1000;
    await writeFile(sessionsFile, JSON.stringify(stored));
    const expired = await keybridge(['token', 'list']);
    expect(expired.code).toBe(1);
    expect(failureLine(expired)).toMatch(new RegExp(`^keybridge: Your session on ${publicUrl} expired at \\S+Z: log in again with "keybridge login"$`));

    const noPassword = await keybridge(['login', '--user', 'alice']);
    expect([noPassword.code, failureLine(noPassword)]).toEqual([2, 'keybridge: This needs the password: run it on a terminal to be asked, or give it with --password-stdin or KEYBRIDGE_PASSWORD']);

    await registry.close();
    const down = await keybridge(['login', '--user', 'alice', '--json'], { env: { KEYBRIDGE_PASSWORD: accountPassword } });
    expect(down.code).toBe(1);
    expect(failureLine(down)).toBe(`keybridge: Cannot reach the registry at ${publicUrl}: ECONNREFUSED`);
    expect(JSON.parse(down.stdout)).toEqual({ error: { code: 'UNREACHABLE', message: `Cannot reach the registry at ${publicUrl}: ECONNREFUSED` } });
  }, 90_000);

  it('Ctrl-C while the key waits for a touch, in key add and in login: 130 with one line, CTAPHID_CANCEL to the key, which answers the next request, and the config directory as it was', async () => {
    const { keybridge, sessionsFile } = await startCliRegistry();
    // Nobody touches the key: it would wait a minute (and runCli kills a run after 20 s).
    const key = await startUdpEmulator({ pin: PIN, userPresence: fixedUserPresence('timeout'), userPresenceTimeoutMs: 60_000 });
    onTestFinished(() => key.close());
    const env = { KEYBRIDGE_DEVICE: key.device, KEYBRIDGE_PIN: PIN, KEYBRIDGE_PASSWORD: accountPassword };
    const configDir = dirname(sessionsFile);
    const configContents = async () => {
      const names = await readdir(configDir).catch(() => [] as string[]);
      return Promise.all(names.sort().map(async (name) => [name, await readFile(join(configDir, name), 'utf8')]));
    };
    const interrupted = async (args: string[]): Promise<CliRun & { exitAfterSigintMs: number }> => {
      let sigintAt = 0;
      const run = await keybridge(args, {
        env,
        onSpawn: (child, output) => {
          void waitForOutput(output.stderr, 'Touch your security key', 15_000).then(() => {
            sigintAt = Date.now();
            child.kill('SIGINT');
          });
        },
      });
      return { ...run, exitAfterSigintMs: Date.now() - sigintAt };
    };
    const expectCancelled = (run: CliRun & { exitAfterSigintMs: number }) => {
      expect([run.code, failureLine(run)], run.stderr).toEqual([130, 'keybridge: Cancelled']);
      // The key's own wait is a minute: the CLI ends without waiting for it.
      expect(run.exitAfterSigintMs).toBeLessThan(10_000);
      expect(key.commands).toContain(CtapHidCommand.CANCEL | 0x80);
      expect(run.stdout).toBe('');
    };

    expect((await keybridge(['login', '--user', 'alice'], { env })).code).toBe(0);
    const loggedIn = await configContents();
    const add = await interrupted(['key', 'add', '--name', 'desk key']);
    expectCancelled(add);
    expect(await configContents()).toEqual(loggedIn);
    expect(JSON.parse((await keybridge(['key', 'list', '--json'])).stdout)).toEqual({ securityKeys: [] });

    key.authenticator.userPresencePolicy = fixedUserPresence('approve', 250);
    const added = await keybridge(['key', 'add', '--name', 'desk key'], { env });
    expect(added.code, added.stderr).toBe(0);
    expect((await keybridge(['logout'])).code).toBe(0);
    const loggedOut = await configContents();

    key.authenticator.userPresencePolicy = fixedUserPresence('timeout');
    key.commands.length = 0;
    const login = await interrupted(['login', '--user', 'alice']);
    expectCancelled(login);
    expect(await configContents()).toEqual(loggedOut);
    await expect(stat(sessionsFile)).rejects.toMatchObject({ code: 'ENOENT' });

    // The key is not left busy with the cancelled request: the next login gets its touch at once.
    key.authenticator.userPresencePolicy = fixedUserPresence('approve');
    const again = await keybridge(['login', '--user', 'alice', '--timeout', '5000'], { env });
    expect(again.code, again.stderr).toBe(0);
  }, 90_000);

  it('recovery-codes generate prints new codes once; with the key lost, login takes one (--recovery-code-stdin, KEYBRIDGE_RECOVERY_CODE) once, and never an old one', async () => {
    const { keybridge, sessionsFile, publicUrl, registry } = await startCliRegistry();
    const key = await emulatedKey(PIN);
    const env = { KEYBRIDGE_DEVICE: key.device, KEYBRIDGE_PIN: PIN, KEYBRIDGE_PASSWORD: accountPassword };
    expect((await keybridge(['login', '--user', 'alice'], { env })).code).toBe(0);
    const added = await keybridge(['key', 'add', '--name', 'desk key', '--json'], { env });
    const firstCodes = (JSON.parse(added.stdout) as { recoveryCodes: string[] }).recoveryCodes;

    const json = await keybridge(['recovery-codes', 'generate', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    const jsonCodes = (JSON.parse(json.stdout) as { recoveryCodes: string[] }).recoveryCodes;
    expect(jsonCodes).toHaveLength(8);
    const text = await keybridge(['recovery-codes', 'generate'], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`^New recovery codes for alice on ${publicUrl}: the old ones no longer work\n\nRecovery codes \\(shown this once; .*\\):\n(  [0-9a-f]{4}(-[0-9a-f]{4}){3}\n){8}$`),
    );
    const codes = [...text.stdout.matchAll(/^ {2}(\S+)$/gm)].map((match) => match[1]!);
    expect(new Set([...firstCodes, ...jsonCodes, ...codes]).size).toBe(24);
    expect((await keybridge(['logout'])).code).toBe(0);
    await key.close(); // the key lost

    const login = (extra: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
      keybridge(['login', '--user', 'alice', ...extra], { ...options, env: { KEYBRIDGE_DEVICE: key.device, ...options.env } });
    const voided = await login(['--password-stdin', '--recovery-code-stdin'], { input: `${accountPassword}\n${jsonCodes[0]}\n` });
    expect([voided.code, failureLine(voided)]).toEqual([1, 'keybridge: The registry refused the second factor: That recovery code is wrong or was used already']);
    await expect(stat(sessionsFile)).rejects.toMatchObject({ code: 'ENOENT' });

    const recovered = await login(['--password-stdin', '--recovery-code-stdin'], { input: `${accountPassword}\n${codes[0]}\n` });
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(recovered.stdout).toMatch(/^Logged in to .* as alice/);
    expect(recovered.stderr).toContain('Used a recovery code: 7 left. Lost your key? Add another ("keybridge key add")');
    expect((await listEvents(registry.db, { kind: 'account.recovery_code_used' })).map((event) => event.details)).toEqual([{ purpose: 'login', left: 7 }]);
    expect((await keybridge(['logout'])).code).toBe(0);

    const reused = await login([], { env: { KEYBRIDGE_PASSWORD: accountPassword, KEYBRIDGE_RECOVERY_CODE: codes[0]! } });
    expect([reused.code, failureLine(reused)]).toEqual([1, 'keybridge: The registry refused the second factor: That recovery code is wrong or was used already']);
    const fromEnv = await login([], { env: { KEYBRIDGE_PASSWORD: accountPassword, KEYBRIDGE_RECOVERY_CODE: codes[1]! } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stderr).toContain('Used a recovery code: 6 left.');
    const noTerminal = await login(['--recovery-code'], { env: { KEYBRIDGE_PASSWORD: accountPassword } });
    expect([noTerminal.code, failureLine(noTerminal)]).toEqual([
      2,
      'keybridge: This needs the recovery code: run it on a terminal to be asked, or give it with --recovery-code-stdin or KEYBRIDGE_RECOVERY_CODE',
    ]);
    for (const run of [voided, recovered, reused, fromEnv, noTerminal]) {
      for (const code of codes) expect(run.stdout + run.stderr).not.toContain(code);
    }
  }, 90_000);
});
