import { CtapHidChannel, MemoryTransport, WebAuthnClient, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON } from '@keybridge/client';
import { createAuthenticator, CtapHidDevice, InProcessHidConnection } from '@keybridge/emulator';
import { describe, expect, it, onTestFinished } from 'vitest';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { TestBrowser } from './TestBrowser.js';
import { testDatabases } from './testDatabases.js';
import { signUp, tokenTestPassword } from './tokenAccounts.js';

// Security keys through the registry's HTTP API, as the pages and the CLI use it: WebAuthnClient (the browser's part)
// and the emulator, on the default public URL http://localhost:<port> (an IP address cannot be an RP ID).

const client = new WebAuthnClient();

async function emulatedKey(pin?: string) {
  const authenticator = await createAuthenticator(pin === undefined ? {} : { pin });
  const device = await CtapHidChannel.open(new MemoryTransport(new InProcessHidConnection(new CtapHidDevice(authenticator))));
  onTestFinished(() => device.close());
  return device;
}

describe.each(testDatabases)('security keys over HTTP on $kind', (testDatabase) => {
  it('adds a named key, logs in with it (with and without PIN), confirms sudo with it, and flags a counter that went back', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    const origin = new URL(registry.config.publicUrl).origin;
    expect(new URL(origin).hostname).toBe('localhost');
    const alice = await signUp(registry.url, 'alice');
    const post = (browser: TestBrowser, csrfToken: string, path: string, json?: unknown) =>
      browser.request(path, { method: 'POST', ...(json === undefined ? {} : { json }), headers: { 'x-csrf-token': csrfToken } });

    const addKey = async (name: string, device: Awaited<ReturnType<typeof emulatedKey>>, pin?: string) => {
      const options = (await (await post(alice.browser, alice.csrfToken, '/api/v1/2fa/security-keys/options')).json()) as PublicKeyCredentialCreationOptionsJSON;
      expect(options.rp.id).toBe('localhost');
      const response = await client.create(options, { origin, device, ...(pin ? { pin } : {}) });
      return post(alice.browser, alice.csrfToken, '/api/v1/2fa/security-keys', { name, response });
    };
    const plain = await emulatedKey();
    const withPin = await emulatedKey('4321');
    const first = await addKey('desk key', plain);
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { key: { name: string; attestationFormat: string }; recoveryCodes: string[] };
    expect(firstBody.key.name).toBe('desk key');
    expect(firstBody.recoveryCodes).toHaveLength(8);
    const second = await addKey('travel key', withPin, '4321');
    expect(second.status).toBe(201);
    expect((await second.json()) as object).not.toHaveProperty('recoveryCodes');
    expect((await addKey('desk key', await emulatedKey())).status).toBe(409);
    const status = (await (await alice.browser.request('/api/v1/2fa')).json()) as { enabled: boolean; securityKeys: Array<{ name: string }>; methods: string[] };
    expect(status).toMatchObject({ enabled: true, methods: ['security_key', 'recovery_code'] });
    expect(status.securityKeys.map((key) => key.name)).toEqual(['desk key', 'travel key']);

    const halfSession = async () => {
      const browser = new TestBrowser(registry.url);
      const login = (await (await browser.request('/api/v1/session', { method: 'POST', json: { username: 'alice', password: tokenTestPassword } })).json()) as { csrfToken: string; methods: string[] };
      expect(login.methods).toContain('security_key');
      const options = (await (await post(browser, login.csrfToken, '/api/v1/session/second-factor/options')).json()) as PublicKeyCredentialRequestOptionsJSON;
      expect(options.allowCredentials).toHaveLength(2);
      return { browser, csrfToken: login.csrfToken, options };
    };
    for (const [device, pin] of [[plain, undefined], [withPin, '4321']] as const) {
      const half = await halfSession();
      const assertion = await client.get(half.options, { origin, device, ...(pin ? { pin } : {}) });
      const done = await post(half.browser, half.csrfToken, '/api/v1/session/second-factor', { webauthn: assertion });
      expect(done.status).toBe(200);
      expect((await half.browser.request('/api/v1/me')).status).toBe(200);
    }

    // Sudo with the key.
    const sudoOptions = (await (await post(alice.browser, alice.csrfToken, '/api/v1/sudo/options')).json()) as PublicKeyCredentialRequestOptionsJSON;
    const sudoAssertion = await client.get(sudoOptions, { origin, device: plain });
    expect((await post(alice.browser, alice.csrfToken, '/api/v1/sudo', { password: tokenTestPassword, webauthn: sudoAssertion })).status).toBe(200);

    // Two logins signed in one order and checked in the other: the older one's counter went back.
    const older = await halfSession();
    const newer = await halfSession();
    const olderAssertion = await client.get(older.options, { origin, device: plain });
    const newerAssertion = await client.get(newer.options, { origin, device: plain });
    expect((await post(newer.browser, newer.csrfToken, '/api/v1/session/second-factor', { webauthn: newerAssertion })).status).toBe(200);
    const regressed = await post(older.browser, older.csrfToken, '/api/v1/session/second-factor', { webauthn: olderAssertion });
    expect(regressed.status).toBe(401);
    expect(((await regressed.json()) as { error: { message: string } }).error.message).toMatch(/counter went from \d+ to \d+/);
    expect(await listEvents(registry.db, { kind: 'security_key.counter_regression' })).toHaveLength(1);

    // Malformed and replayed answers are clean 4xx.
    const replay = await post(newer.browser, newer.csrfToken, '/api/v1/session/second-factor', { webauthn: newerAssertion });
    expect(replay.status).toBeLessThan(500);
    const junk = await halfSession();
    for (const body of [{ webauthn: 'nope' }, { webauthn: { id: 'x', response: {} } }, { webauthn: null }, {}]) {
      const answer = await post(junk.browser, junk.csrfToken, '/api/v1/session/second-factor', body);
      expect([400, 401]).toContain(answer.status);
    }
    const events = JSON.stringify(await listEvents(registry.db));
    expect(events).not.toContain(olderAssertion.response.signature);
    expect(events).not.toContain(older.options.challenge);
  });
});
