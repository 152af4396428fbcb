import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CtapClientError,
  CtapHidChannel,
  MemoryTransport,
  UdpTransport,
  WebAuthnClient,
  type CtapDevice,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  type AuthenticationResponseJSON,
} from '@keybridge/client';
import { createAuthenticator, CtapHidDevice, InProcessHidConnection, type AuthenticatorOptions } from '@keybridge/emulator';
import { SettingsService } from '@simplewebauthn/server';
import { decodeAttestationObject } from '@simplewebauthn/server/helpers';
import type { Knex } from 'knex';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createSession } from '../../packages/registry/src/accounts/createSession.js';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import type { AttestationPolicy } from '../../packages/registry/src/config/RegistryConfig.js';
import { loadRegistryConfig } from '../../packages/registry/src/config/loadRegistryConfig.js';
import { migrateDatabase } from '../../packages/registry/src/db/migrateDatabase.js';
import { openDatabase } from '../../packages/registry/src/db/openDatabase.js';
import { HttpError } from '../../packages/registry/src/http/HttpError.js';
import { checkSecurityKeyAssertion, type SecurityKeyCheck } from '../../packages/registry/src/twoFactor/webauthn/checkSecurityKeyAssertion.js';
import { countSecurityKeys } from '../../packages/registry/src/twoFactor/webauthn/countSecurityKeys.js';
import { listSecurityKeys } from '../../packages/registry/src/twoFactor/webauthn/listSecurityKeys.js';
import { registerSecurityKey } from '../../packages/registry/src/twoFactor/webauthn/registerSecurityKey.js';
import { removeSecurityKey } from '../../packages/registry/src/twoFactor/webauthn/removeSecurityKey.js';
import { securityKeyAuthenticationOptions } from '../../packages/registry/src/twoFactor/webauthn/securityKeyAuthenticationOptions.js';
import { securityKeyRegistrationOptions } from '../../packages/registry/src/twoFactor/webauthn/securityKeyRegistrationOptions.js';
import type { StoredSecurityKey } from '../../packages/registry/src/twoFactor/webauthn/StoredSecurityKey.js';
import type { AttestationTrust } from '../../packages/registry/src/twoFactor/webauthn/attestationTrust.js';
import { verifyRegistration } from '../../packages/registry/src/twoFactor/webauthn/verifyRegistration.js';
import { relyingParty, type WebAuthnDeps } from '../../packages/registry/src/twoFactor/webauthn/WebAuthnDeps.js';
import { startEmulator } from '../interop/startEmulator.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { testDatabases, type TestDatabase } from './testDatabases.js';

// The registry's security-key module against the real thing: WebAuthnClient (the browser's part) and the emulator
// (in process, and the keybridge-emulator bin over UDP), on a migrated database, under every attestation policy.

const PUBLIC_URL = 'https://registry.example.org';
const ORIGIN = PUBLIC_URL;
const fixtures = new URL('../../fixtures/', import.meta.url);
const TEST_CA_PEM = readFileSync(new URL('attestation/ca.cert.pem', fixtures), 'utf8');
const EMULATOR_AAGUID = readFileSync(new URL('attestation/aaguid.txt', fixtures), 'utf8').trim();
const STATEMENT_FILE = new URL('metadata/keybridge-emulator.json', fixtures);
const EMULATOR_MODEL = 'keybridge emulator (test authenticator)';
// A real root that did not issue the emulator's certificates (read before the registry replaces the defaults).
const UNRELATED_ROOT_PEM = SettingsService.getRootCertificates({ identifier: 'apple' })[0]!;
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

const client = new WebAuthnClient();

interface TestRegistry {
  deps: WebAuthnDeps;
  db: Knex;
}

interface Account {
  user: { id: number; username: string };
  sessionHash: string;
}

/** Files of an attestation trust directory: PEM texts by name, or the metadata statement fixture as 'statement'. */
type TrustFiles = Record<string, string | 'statement'>;

function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function trustDir(files: TrustFiles): string {
  const dir = temporaryDir('keybridge-trust-');
  for (const [name, text] of Object.entries(files)) {
    if (text === 'statement') copyFileSync(STATEMENT_FILE, join(dir, name));
    else writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe.each(testDatabases)('security keys on $kind', (testDatabase: TestDatabase) => {
  const clock = { now: 0 };
  beforeEach(() => {
    clock.now = Date.UTC(2026, 11, 4, 12);
  });

  /** A migrated database, the registry's config for `attestation`, and its deps (with the clock's time now). */
  async function openRegistry(attestation: AttestationPolicy = 'none', trust: TrustFiles | null = null, database?: { db: Knex; dataDir: string }): Promise<TestRegistry> {
    let db = database?.db;
    let dataDir = database?.dataDir;
    if (!db || !dataDir) {
      const fresh = await createDatabaseForThisTest(testDatabase);
      db = openDatabase({ databaseUrl: fresh.databaseUrl });
      const opened = db;
      onTestFinished(() => opened.destroy());
      await migrateDatabase(db);
      dataDir = fresh.dataDir;
    }
    const config = loadRegistryConfig({
      env: {},
      cwd: dataDir,
      overrides: { publicUrl: PUBLIC_URL, siteName: 'Example Packages', attestation, dataDir, ...(trust === null ? {} : { attestationTrustDir: trustDir(trust) }) },
    });
    // deps.now reads the test's clock at each call, as the routes pass ctx.state.now() per request.
    const deps = { db, config } as WebAuthnDeps;
    Object.defineProperty(deps, 'now', { get: () => clock.now, enumerable: true });
    return { deps, db };
  }

  /** Another registry (policy, trust) on the same database. */
  function sameDatabase(base: TestRegistry, attestation: AttestationPolicy, trust: TrustFiles | null): Promise<TestRegistry> {
    return openRegistry(attestation, trust, { db: base.db, dataDir: base.deps.config.dataDir });
  }

  async function account(registry: TestRegistry, username: string): Promise<Account> {
    const created = await createUser(registry.db, { username, password: 'correct horse battery staple' });
    const { session } = await createSession(registry.db, created.id, { ip: null, userAgent: null }, new Date(clock.now));
    return { user: { id: created.id, username: created.username }, sessionHash: session.idHash };
  }

  /** An emulated key in this process, reached through CTAPHID like a USB key. */
  async function inProcessKey(options: AuthenticatorOptions = {}) {
    const authenticator = await createAuthenticator(options);
    const device = await CtapHidChannel.open(new MemoryTransport(new InProcessHidConnection(new CtapHidDevice(authenticator))));
    onTestFinished(() => device.close());
    return { authenticator, device };
  }

  async function registrationResponse(registry: TestRegistry, who: Account, device: CtapDevice, ceremony: { pin?: string; origin?: string } = {}, edit = (options: PublicKeyCredentialCreationOptionsJSON) => options) {
    const options = await securityKeyRegistrationOptions(registry.deps, who.user, who.sessionHash);
    const response = await client.create(edit(options), { origin: ceremony.origin ?? ORIGIN, device, ...(ceremony.pin ? { pin: ceremony.pin } : {}) });
    return { options, response };
  }

  async function addKey(registry: TestRegistry, who: Account, device: CtapDevice, name: string, ceremony: { pin?: string } = {}) {
    const { response } = await registrationResponse(registry, who, device, ceremony);
    return { key: await registerSecurityKey(registry.deps, who.user, who.sessionHash, name, response), response };
  }

  async function assertionResponse(registry: TestRegistry, who: Account, device: CtapDevice, ceremony: { pin?: string } = {}, edit = (options: PublicKeyCredentialRequestOptionsJSON) => options) {
    const options = await securityKeyAuthenticationOptions(registry.deps, who.user.id, who.sessionHash);
    const response = await client.get(edit(options), { origin: ORIGIN, device, ...(ceremony.pin ? { pin: ceremony.pin } : {}) });
    return { options, response };
  }

  async function signIn(registry: TestRegistry, who: Account, device: CtapDevice, ceremony: { pin?: string } = {}): Promise<SecurityKeyCheck> {
    const { response } = await assertionResponse(registry, who, device, ceremony);
    return checkSecurityKeyAssertion(registry.deps, who.user.id, who.sessionHash, response);
  }

  async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`, { cause: error });
    return { status: error.status, code: error.code, message: error.message };
  }

  async function storedRow(registry: TestRegistry, keyId: number) {
    const row = (await registry.db('webauthn_credentials').where('id', keyId).first('counter', 'last_used_at', 'backup_state')) as { counter: number | string; last_used_at: unknown };
    return { counter: Number(row.counter), lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at as string).toISOString() };
  }

  const countRows = async (registry: TestRegistry, table: string) => Number(((await registry.db(table).count({ n: '*' }).first()) as { n: number | string }).n);
  const clientData = (type: 'webauthn.create' | 'webauthn.get', challenge: string, origin = ORIGIN) =>
    b64url(Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })));
  const flags = (authData: Uint8Array) => ({ up: (authData[32]! & 0x01) !== 0, uv: (authData[32]! & 0x04) !== 0 });
  const registrationFlags = (response: RegistrationResponseJSON) =>
    flags(decodeAttestationObject(new Uint8Array(Buffer.from(response.response.attestationObject, 'base64url'))).get('authData'));
  const assertionFlags = (response: AuthenticationResponseJSON) => flags(Buffer.from(response.response.authenticatorData, 'base64url'));

  describe('ceremonies through WebAuthnClient and the emulator', () => {
    it('registers a key and signs in with it, the counter and last use stored each time', async () => {
      const registry = await openRegistry('none');
      const alice = await account(registry, 'alice');
      const { device } = await inProcessKey();

      const { options, response } = await registrationResponse(registry, alice, device);
      expect(options).toMatchObject({
        rp: { id: 'registry.example.org', name: 'Example Packages' },
        user: { id: b64url(Buffer.from(String(alice.user.id))), name: 'alice', displayName: 'alice' },
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -8 },
          { type: 'public-key', alg: -257 },
        ],
        timeout: 120_000,
        attestation: 'none',
        excludeCredentials: [],
        authenticatorSelection: { residentKey: 'discouraged', requireResidentKey: false, userVerification: 'preferred' },
      });
      expect(await registry.db('webauthn_challenges').where({ session_hash: alice.sessionHash, purpose: 'registration' }).first('challenge')).toEqual({ challenge: options.challenge });

      const key = await registerSecurityKey(registry.deps, alice.user, alice.sessionHash, '  Blue key ', response);
      expect(key).toEqual<StoredSecurityKey>({
        id: key.id,
        name: 'Blue key',
        model: null,
        aaguid: EMULATOR_AAGUID,
        attestationFormat: 'none',
        attestationVerified: false,
        transports: ['usb'],
        backupEligible: false,
        backupState: false,
        createdAt: new Date(clock.now).toISOString(),
        lastUsedAt: null,
      });
      expect(await listSecurityKeys(registry.db, alice.user.id)).toEqual([key]);
      expect(await countRows(registry, 'webauthn_challenges')).toBe(0);
      const stored = (await registry.db('webauthn_credentials').where('id', key.id).first('credential_id', 'public_key', 'counter')) as { credential_id: string; public_key: string; counter: unknown };
      expect(stored.credential_id).toBe(response.id);
      expect(stored.public_key).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Number(stored.counter)).toBe(0);

      const requestOptions = await securityKeyAuthenticationOptions(registry.deps, alice.user.id, alice.sessionHash);
      expect(requestOptions).toMatchObject({ rpId: 'registry.example.org', allowCredentials: [{ id: response.id, type: 'public-key', transports: ['usb'] }], userVerification: 'preferred', timeout: 120_000 });
      const assertion = await client.get(requestOptions, { origin: ORIGIN, device });
      clock.now += 60_000;
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, assertion)).toEqual({ ok: true, keyId: key.id, name: 'Blue key' });
      expect(await storedRow(registry, key.id)).toEqual({ counter: 1, lastUsedAt: new Date(clock.now).toISOString() });
      expect(await signIn(registry, alice, device)).toMatchObject({ ok: true, keyId: key.id });
      expect((await storedRow(registry, key.id)).counter).toBe(2);
      expect((await listSecurityKeys(registry.db, alice.user.id))[0]!.lastUsedAt).toBe(new Date(clock.now).toISOString());
    });

    it('verifies the user with the key’s PIN when one is given, and takes a touch alone when not', async () => {
      const registry = await openRegistry('any');
      const alice = await account(registry, 'alice');
      const { device } = await inProcessKey({ pin: '1234' });
      const { response } = await registrationResponse(registry, alice, device, { pin: '1234' });
      expect(registrationFlags(response)).toEqual({ up: true, uv: true });
      const key = await registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'pin key', response);
      expect(key.attestationFormat).toBe('packed');

      const withPin = await assertionResponse(registry, alice, device, { pin: '1234' });
      expect(assertionFlags(withPin.response)).toEqual({ up: true, uv: true });
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, withPin.response)).toMatchObject({ ok: true, keyId: key.id });
      const touchOnly = await assertionResponse(registry, alice, device);
      expect(assertionFlags(touchOnly.response)).toEqual({ up: true, uv: false });
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, touchOnly.response)).toMatchObject({ ok: true, keyId: key.id });

      // A key without a PIN registers with a touch alone.
      const { device: plain } = await inProcessKey();
      const second = await registrationResponse(registry, alice, plain);
      expect(registrationFlags(second.response)).toEqual({ up: true, uv: false });
      expect((await registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'plain key', second.response)).name).toBe('plain key');
    });

    it('keeps several keys per account, excludes them when adding another, and signs in with any of them', async () => {
      const registry = await openRegistry('none');
      const alice = await account(registry, 'alice');
      const first = await inProcessKey();
      const second = await inProcessKey();
      const { key: blue, response: blueResponse } = await addKey(registry, alice, first.device, 'blue');
      const { key: red, response: redResponse } = await addKey(registry, alice, second.device, 'red');
      expect(await countSecurityKeys(registry.db, alice.user.id)).toBe(2);
      expect((await listSecurityKeys(registry.db, alice.user.id)).map((key) => key.name)).toEqual(['blue', 'red']);

      const options = await securityKeyRegistrationOptions(registry.deps, alice.user, alice.sessionHash);
      expect(options.excludeCredentials).toEqual([
        { id: blueResponse.id, type: 'public-key', transports: ['usb'] },
        { id: redResponse.id, type: 'public-key', transports: ['usb'] },
      ]);
      // The key already registered says so (the browser shows "this key is registered already").
      const excluded = await client.create(options, { origin: ORIGIN, device: first.device }).catch((error: unknown) => error);
      expect(excluded).toBeInstanceOf(CtapClientError);
      expect((excluded as CtapClientError).code).toBe('CREDENTIAL_EXCLUDED');

      const requestOptions = await securityKeyAuthenticationOptions(registry.deps, alice.user.id, alice.sessionHash);
      expect(requestOptions.allowCredentials?.map((credential) => credential.id)).toEqual([blueResponse.id, redResponse.id]);
      expect(await signIn(registry, alice, second.device)).toEqual({ ok: true, keyId: red.id, name: 'red' });
      expect(await signIn(registry, alice, first.device)).toEqual({ ok: true, keyId: blue.id, name: 'blue' });

      // Names are unique per account (checked before the challenge is spent) …
      const third = await inProcessKey();
      const { response: thirdResponse } = await registrationResponse(registry, alice, third.device);
      expect(await refusal(registerSecurityKey(registry.deps, alice.user, alice.sessionHash, ' blue', thirdResponse))).toEqual({
        status: 409,
        code: 'key_name_taken',
        message: "You already have a security key named 'blue'",
      });
      expect(await refusal(registerSecurityKey(registry.deps, alice.user, alice.sessionHash, '', thirdResponse))).toMatchObject({ status: 400, code: 'invalid_name' });
      // … so the same answer goes through under another name.
      expect((await registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'green', thirdResponse)).name).toBe('green');

      // Another user's account has its own names, and cannot remove alice's keys.
      const bob = await account(registry, 'bob');
      expect((await addKey(registry, bob, (await inProcessKey()).device, 'blue')).key.name).toBe('blue');
      expect(await removeSecurityKey(registry.db, bob.user.id, blue.id)).toBe(false);
      expect(await removeSecurityKey(registry.db, alice.user.id, blue.id)).toBe(true);
      expect(await removeSecurityKey(registry.db, alice.user.id, blue.id)).toBe(false);
      expect((await listSecurityKeys(registry.db, alice.user.id)).map((key) => key.name)).toEqual(['red', 'green']);
      expect(await countSecurityKeys(registry.db, bob.user.id)).toBe(1);
      // A removed key no longer signs in.
      const { response: stale } = await assertionResponse(registry, alice, first.device, {}, (o) => ({ ...o, allowCredentials: [{ id: blueResponse.id, type: 'public-key' }] }));
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, stale)).toMatchObject({ ok: false, reason: 'unknown_credential' });
    });

    it('registers an old U2F-only key (fido-u2f attestation, chained to the test CA) and signs in with it', async () => {
      const registry = await openRegistry('trusted', { 'ca.pem': TEST_CA_PEM });
      const alice = await account(registry, 'alice');
      const { device } = await inProcessKey({ u2fOnly: true });
      const { key } = await addKey(registry, alice, device, 'u2f key');
      expect(key).toMatchObject({ attestationFormat: 'fido-u2f', attestationVerified: true });
      expect(await signIn(registry, alice, device)).toEqual({ ok: true, keyId: key.id, name: 'u2f key' });
      expect((await storedRow(registry, key.id)).counter).toBeGreaterThan(0);
    });

    it('never lowers the counter: an older assertion checked after a newer one is a regression, and concurrent checks keep the highest', async () => {
      const registry = await openRegistry('none');
      const alice = await account(registry, 'alice');
      const { device } = await inProcessKey();
      const { key } = await addKey(registry, alice, device, 'key');
      const sessions = async (count: number) => {
        const made = [];
        for (let index = 0; index < count; index++) {
          const sessionHash = (await createSession(registry.db, alice.user.id, { ip: null, userAgent: null }, new Date(clock.now))).session.idHash;
          made.push({ sessionHash, response: (await assertionResponse(registry, { ...alice, sessionHash }, device)).response });
        }
        return made;
      };
      const [older, newer] = await sessions(2);
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, newer!.sessionHash, newer!.response)).toMatchObject({ ok: true });
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, older!.sessionHash, older!.response)).toMatchObject({ ok: false, reason: 'counter_regression' });
      expect((await storedRow(registry, key.id)).counter).toBe(2);

      const many = await sessions(6);
      const checks = await Promise.all(many.map(({ sessionHash, response }) => checkSecurityKeyAssertion(registry.deps, alice.user.id, sessionHash, response)));
      expect(checks.filter((check) => !check.ok && check.reason !== 'counter_regression')).toEqual([]);
      expect(checks.at(-1)).toMatchObject({ ok: true });
      expect((await storedRow(registry, key.id)).counter).toBe(8);
    });

    it('accepts a key that counts nothing (0 every time, as many passkeys), and takes 0 after a count for a regression', async () => {
      const registry = await openRegistry('none');
      const alice = await account(registry, 'alice');
      const { authenticator, device } = await inProcessKey();
      const { key } = await addKey(registry, alice, device, 'counterless');
      const counterless = () => {
        authenticator.state.credentials[0]!.signCount = -1; // the emulator adds 1 before signing
      };
      counterless();
      expect(await signIn(registry, alice, device)).toMatchObject({ ok: true, keyId: key.id });
      counterless();
      expect(await signIn(registry, alice, device)).toMatchObject({ ok: true, keyId: key.id });
      expect((await storedRow(registry, key.id)).counter).toBe(0);
      authenticator.state.credentials[0]!.signCount = 6;
      expect(await signIn(registry, alice, device)).toMatchObject({ ok: true });
      counterless();
      expect(await signIn(registry, alice, device)).toMatchObject({ ok: false, reason: 'counter_regression', message: expect.stringContaining('from 7 to 0') });
      expect((await storedRow(registry, key.id)).counter).toBe(7);
    });

    it('answers 404 for authentication options when the account has no key', async () => {
      const registry = await openRegistry('none');
      const alice = await account(registry, 'alice');
      expect(await refusal(securityKeyAuthenticationOptions(registry.deps, alice.user.id, alice.sessionHash))).toEqual({ status: 404, code: 'no_security_keys', message: 'This account has no security key' });
      expect(await countRows(registry, 'webauthn_challenges')).toBe(0);
    });

    it('over UDP with the keybridge-emulator bin: a counter that went back (an old --state file restored) is a regression, and the stored counter stays', async () => {
      const registry = await openRegistry('trusted', { 'ca.pem': TEST_CA_PEM });
      const alice = await account(registry, 'alice');
      const dir = temporaryDir('keybridge-key-state-');
      const statePath = join(dir, 'key.json');
      const withKey = async <T>(work: (device: CtapDevice) => Promise<T>): Promise<T> => {
        const emulator = await startEmulator({ state: statePath, pin: '4321' });
        try {
          const device = await CtapHidChannel.open(await UdpTransport.open({ host: emulator.host, port: emulator.port }));
          try {
            return await work(device);
          } finally {
            await device.close();
          }
        } finally {
          await emulator.stop();
        }
      };

      const key = await withKey(async (device) => {
        const { key: added } = await addKey(registry, alice, device, 'udp key', { pin: '4321' });
        expect(await signIn(registry, alice, device, { pin: '4321' })).toMatchObject({ ok: true });
        return added;
      });
      expect(key).toMatchObject({ attestationFormat: 'packed', attestationVerified: true, aaguid: EMULATOR_AAGUID });
      copyFileSync(statePath, join(dir, 'saved.json'));

      await withKey(async (device) => {
        expect(await signIn(registry, alice, device)).toMatchObject({ ok: true });
        clock.now += 1000;
        expect(await signIn(registry, alice, device)).toMatchObject({ ok: true });
      });
      const before = await storedRow(registry, key.id);
      expect(before.counter).toBe(3);

      copyFileSync(join(dir, 'saved.json'), statePath);
      clock.now += 1000;
      await withKey(async (device) => {
        const regression = await signIn(registry, alice, device);
        expect(regression).toEqual({ ok: false, reason: 'counter_regression', message: "The security key's signature counter went from 3 to 2: the key may have been cloned" });
        expect(await storedRow(registry, key.id)).toEqual(before);
        // The clone catches up with the stored counter: still not above it.
        expect(await signIn(registry, alice, device)).toMatchObject({ ok: false, reason: 'counter_regression' });
        expect(await storedRow(registry, key.id)).toEqual(before);
        // Past it, the clone is accepted again: a counter only tells of a clone used in between.
        expect(await signIn(registry, alice, device)).toMatchObject({ ok: true });
      });
      expect((await storedRow(registry, key.id)).counter).toBe(4);
    });
  });

  describe('attestation policies', () => {
    const packedKey = () => inProcessKey({ attestation: 'packed' });
    const selfKey = () => inProcessKey({ attestation: 'self' });

    async function tryRegister(registry: TestRegistry, device: CtapDevice, edit?: (options: PublicKeyCredentialCreationOptionsJSON) => PublicKeyCredentialCreationOptionsJSON) {
      const who = await account(registry, `user${Math.floor(Math.random() * 1e9)}`);
      const { response } = await registrationResponse(registry, who, device, {}, edit);
      return registerSecurityKey(registry.deps, who.user, who.sessionHash, 'key', response);
    }

    async function expectRefused(registry: TestRegistry, attempt: Promise<unknown>, message: string): Promise<void> {
      expect(await refusal(attempt)).toEqual({ status: 400, code: 'attestation_refused', message });
      expect(await countRows(registry, 'webauthn_credentials')).toBe(0);
    }

    it('asks for attestation only when the policy looks at it', async () => {
      for (const [policy, expected] of [['none', 'none'], ['any', 'direct'], ['trusted', 'direct']] as const) {
        const registry = await openRegistry(policy);
        const alice = await account(registry, 'alice');
        expect((await securityKeyRegistrationOptions(registry.deps, alice.user, alice.sessionHash)).attestation).toBe(expected);
      }
    });

    it('trusted: accepts packed attestation chained to the test CA when its PEM is in the trust directory', async () => {
      const registry = await openRegistry('trusted', { 'keybridge-test-ca.pem': TEST_CA_PEM });
      const key = await tryRegister(registry, (await packedKey()).device);
      expect(key).toMatchObject({ attestationFormat: 'packed', attestationVerified: true, model: null, aaguid: EMULATOR_AAGUID });
    });

    it('trusted: refuses that chain without the CA (no roots at all, or only another root)', async () => {
      const empty = await openRegistry('trusted', {});
      await expectRefused(empty, tryRegister(empty, (await packedKey()).device), 'attestation does not chain to a trusted root');
      const unrelated = await openRegistry('trusted', { 'other.pem': UNRELATED_ROOT_PEM });
      await expectRefused(unrelated, tryRegister(unrelated, (await packedKey()).device), 'attestation does not chain to a trusted root');
      const none = await openRegistry('trusted', null);
      await expectRefused(none, tryRegister(none, (await packedKey()).device), 'attestation does not chain to a trusted root');
    });

    it('trusted: refuses self attestation, and no attestation at all', async () => {
      const registry = await openRegistry('trusted', { 'ca.pem': TEST_CA_PEM });
      await expectRefused(registry, tryRegister(registry, (await selfKey()).device), 'self attestation is not allowed');
      // A client that drops the statement (as browsers do for attestation "none").
      await expectRefused(registry, tryRegister(registry, (await packedKey()).device, (options) => ({ ...options, attestation: 'none' })), 'attestation is required: the key sent none');
    });

    it('any: accepts self attestation, and chains to unknown roots, verified only when a trusted root is reached', async () => {
      const withCa = await openRegistry('any', { 'ca.pem': TEST_CA_PEM });
      expect(await tryRegister(withCa, (await selfKey()).device)).toMatchObject({ attestationFormat: 'packed', attestationVerified: false });
      expect(await tryRegister(withCa, (await packedKey()).device)).toMatchObject({ attestationFormat: 'packed', attestationVerified: true });
      const unrelated = await sameDatabase(withCa, 'any', { 'other.pem': UNRELATED_ROOT_PEM });
      expect(await tryRegister(unrelated, (await packedKey()).device)).toMatchObject({ attestationFormat: 'packed', attestationVerified: false });
      const noTrust = await sameDatabase(withCa, 'any', null);
      expect(await tryRegister(noTrust, (await packedKey()).device)).toMatchObject({ attestationFormat: 'packed', attestationVerified: false });
    });

    it('none: takes what the client sends, verifying a statement if there is one', async () => {
      const registry = await openRegistry('none', { 'ca.pem': TEST_CA_PEM });
      expect(await tryRegister(registry, (await packedKey()).device)).toMatchObject({ attestationFormat: 'none', attestationVerified: false });
      expect(await tryRegister(registry, (await selfKey()).device, (options) => ({ ...options, attestation: 'direct' }))).toMatchObject({ attestationFormat: 'packed', attestationVerified: false });
      expect(await tryRegister(registry, (await packedKey()).device, (options) => ({ ...options, attestation: 'direct' }))).toMatchObject({ attestationFormat: 'packed', attestationVerified: true });
    });

    it('names the model from a metadata statement whose AAGUID matches, whose roots then decide the chain', async () => {
      // The statement alone (its root is the test CA) is enough for trusted.
      const statementOnly = await openRegistry('trusted', { 'emulator.json': 'statement' });
      expect(await tryRegister(statementOnly, (await packedKey()).device)).toMatchObject({ model: EMULATOR_MODEL, attestationVerified: true, aaguid: EMULATOR_AAGUID });
      // Under none the model is named too: the AAGUID is in the authenticator data whatever the format.
      const none = await sameDatabase(statementOnly, 'none', { 'emulator.json': 'statement', 'ca.pem': TEST_CA_PEM });
      expect(await tryRegister(none, (await packedKey()).device)).toMatchObject({ model: EMULATOR_MODEL, attestationFormat: 'none', attestationVerified: false });
      // Another AAGUID has no statement.
      expect(await tryRegister(none, (await inProcessKey({ aaguid: Buffer.from('00112233445566778899aabbccddeeff', 'hex') })).device)).toMatchObject({
        model: null,
        aaguid: '00112233-4455-6677-8899-aabbccddeeff',
      });

      // A statement for the key's AAGUID names its roots (SimpleWebAuthn checks the chain against them alone): one
      // with another root outweighs the CA's PEM beside it.
      const otherRoot = JSON.parse(readFileSync(STATEMENT_FILE, 'utf8')) as Record<string, unknown>;
      otherRoot.attestationRootCertificates = [UNRELATED_ROOT_PEM.replace(/-----[A-Z ]+-----|\s/g, '')];
      const pinned = await openRegistry('trusted', { 'ca.pem': TEST_CA_PEM, 'emulator.json': JSON.stringify(otherRoot) });
      await expectRefused(pinned, tryRegister(pinned, (await packedKey()).device), 'attestation does not chain to a trusted root');
      const pinnedAny = await sameDatabase(pinned, 'any', { 'ca.pem': TEST_CA_PEM, 'emulator.json': JSON.stringify(otherRoot) });
      expect(await tryRegister(pinnedAny, (await packedKey()).device)).toMatchObject({ model: EMULATOR_MODEL, attestationVerified: false });
    });

    it('keeps each registry’s trust when registries with different policies on one database take turns', async () => {
      const trusting = await openRegistry('trusted', { 'ca.pem': TEST_CA_PEM });
      const distrusting = await sameDatabase(trusting, 'trusted', { 'other.pem': UNRELATED_ROOT_PEM });
      const lenient = await sameDatabase(trusting, 'any', null);
      const keys = await Promise.all(Array.from({ length: 6 }, () => packedKey()));
      expect(await tryRegister(trusting, keys[0]!.device)).toMatchObject({ attestationVerified: true });
      expect(await refusal(tryRegister(distrusting, keys[1]!.device))).toMatchObject({ code: 'attestation_refused' });
      expect(await tryRegister(lenient, keys[2]!.device)).toMatchObject({ attestationVerified: false });
      expect(await tryRegister(trusting, keys[3]!.device)).toMatchObject({ attestationVerified: true });
      const [a, b, c] = await Promise.allSettled([tryRegister(distrusting, keys[4]!.device), tryRegister(trusting, keys[5]!.device), tryRegister(lenient, (await packedKey()).device)]);
      expect(a.status === 'rejected' && a.reason instanceof HttpError && a.reason.code).toBe('attestation_refused');
      expect(b.status === 'fulfilled' && b.value.attestationVerified).toBe(true);
      expect(c.status === 'fulfilled' && c.value.attestationVerified).toBe(false);
    });

    it.each<AttestationPolicy>(['none', 'any', 'trusted'])('%s: refuses a forged attestation signature, and a forged assertion signature', async (policy) => {
      const registry = await openRegistry(policy, { 'ca.pem': TEST_CA_PEM });
      const alice = await account(registry, 'alice');
      const { device } = await packedKey();
      const { response } = await registrationResponse(registry, alice, device, {}, (options) => ({ ...options, attestation: 'direct' }));
      const attestationObject = Buffer.from(response.response.attestationObject, 'base64url');
      const signature = decodeAttestationObject(new Uint8Array(attestationObject)).get('attStmt').get('sig')!;
      const at = attestationObject.indexOf(Buffer.from(signature));
      attestationObject[at + signature.length - 1]! ^= 0x01;
      const forged = { ...response, response: { ...response.response, attestationObject: attestationObject.toString('base64url') } };
      expect(await refusal(registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'forged', forged))).toEqual({
        status: 400,
        code: 'invalid_webauthn_response',
        message: "The security key's attestation signature does not verify",
      });
      expect(await countRows(registry, 'webauthn_credentials')).toBe(0);

      const { key } = await addKey(registry, alice, device, 'real');
      const { response: assertion } = await assertionResponse(registry, alice, device);
      const signatureBytes = Buffer.from(assertion.response.signature, 'base64url');
      signatureBytes[signatureBytes.length - 1]! ^= 0x01;
      const forgedAssertion = { ...assertion, response: { ...assertion.response, signature: signatureBytes.toString('base64url') } };
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, forgedAssertion)).toEqual({
        ok: false,
        reason: 'invalid',
        message: "The security key's signature does not verify",
      });
      expect(await storedRow(registry, key.id)).toEqual({ counter: 0, lastUsedAt: null });
    });
  });

  describe('bad input: a clean refusal, nothing stored', () => {
    async function start(policy: AttestationPolicy = 'none') {
      const registry = await openRegistry(policy, { 'ca.pem': TEST_CA_PEM });
      const alice = await account(registry, 'alice');
      const { device } = await inProcessKey();
      return { registry: registry, alice, device };
    }

    const invalid = (message: string | RegExp) => ({ status: 400, code: 'invalid_webauthn_response', message: expect.stringMatching(message) });

    it('refuses malformed registration responses with a precise message, before the challenge is spent', async () => {
      const { registry: registry, alice, device } = await start();
      const { response } = await registrationResponse(registry, alice, device);
      const cases: Array<[unknown, string]> = [
        [null, 'Malformed security-key response: the response must be a JSON object'],
        ['{"id":"x"}', 'Malformed security-key response: the response must be a JSON object'],
        [{ ...response, rawId: 'AAAA' }, 'Malformed security-key response: rawId must equal id'],
        [{ ...response, response: { ...response.response, clientDataJSON: { challenge: 'x' } } }, 'Malformed security-key response: response.clientDataJSON must be a base64url string'],
        [{ ...response, response: { ...response.response, attestationObject: `${response.response.attestationObject}*` } }, 'Malformed security-key response: response.attestationObject is not base64url (A–Z, a–z, 0–9, - and _, unpadded)'],
      ];
      for (const [value, message] of cases) {
        expect(await refusal(registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'key', value))).toEqual({ status: 400, code: 'invalid_webauthn_response', message });
      }
      expect(await countRows(registry, 'webauthn_credentials')).toBe(0);
      expect(await registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'key', response)).toMatchObject({ name: 'key' });
    });

    it('refuses huge and hostile attestation objects without a 500', async () => {
      const { registry: registry, alice } = await start('any');
      const options = await securityKeyRegistrationOptions(registry.deps, alice.user, alice.sessionHash);
      const shaped = (attestationObject: Buffer) => ({
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        response: { clientDataJSON: clientData('webauthn.create', options.challenge), attestationObject: attestationObject.toString('base64url'), transports: ['usb'] },
        clientExtensionResults: {},
      });
      expect(await refusal(registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'key', shaped(Buffer.alloc(1024 * 1024, 0xa5))))).toEqual({
        status: 400,
        code: 'invalid_webauthn_response',
        message: 'Malformed security-key response: response.attestationObject is 1398102 characters long; at most 65536 are accepted',
      });
      // Within the cap: deeply nested CBOR arrays, random bytes, a map without authData. Each spends a challenge.
      const hostile = [Buffer.concat([Buffer.alloc(40_000, 0x81), Buffer.from([0xa0])]), Buffer.from(Array.from({ length: 30_000 }, (_, i) => (i * 7919) % 251)), Buffer.from([0xa1, 0x63, 0x66, 0x6d, 0x74, 0x64, 0x6e, 0x6f, 0x6e, 0x65])];
      for (const bytes of hostile) {
        const fresh = await securityKeyRegistrationOptions(registry.deps, alice.user, alice.sessionHash);
        const body = shaped(bytes);
        body.response.clientDataJSON = clientData('webauthn.create', fresh.challenge);
        expect(await refusal(registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'key', body))).toEqual(invalid(/^The security key's response was refused: /));
      }
      expect(await countRows(registry, 'webauthn_credentials')).toBe(0);
    });

    it('refuses a response made for another origin or another RP ID', async () => {
      const { registry: registry, alice, device } = await start();
      const wrongOrigin = await registrationResponse(registry, alice, device, { origin: 'https://evil.registry.example.org' });
      expect(await refusal(registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'key', wrongOrigin.response))).toEqual(
        invalid('Unexpected registration response origin "https://evil.registry.example.org", expected "https://registry.example.org"'),
      );
      const wrongRpId = await registrationResponse(registry, alice, device, {}, (options) => ({ ...options, rp: { ...options.rp, id: 'example.org' } }));
      expect(await refusal(registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'key', wrongRpId.response))).toEqual(invalid(/Unexpected RP ID hash/));
      expect(await countRows(registry, 'webauthn_credentials')).toBe(0);

      const { key } = await addKey(registry, alice, device, 'key');
      const { response } = await assertionResponse(registry, alice, device);
      const authenticatorData = Buffer.from(response.response.authenticatorData, 'base64url');
      authenticatorData[0]! ^= 0x01; // the RP ID hash's first byte
      const otherRp = { ...response, response: { ...response.response, authenticatorData: authenticatorData.toString('base64url') } };
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, otherRp)).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/Unexpected RP ID hash/) });
      const elsewhere = await assertionResponse(registry, alice, device);
      const moved = { ...elsewhere.response, response: { ...elsewhere.response.response, clientDataJSON: clientData('webauthn.get', elsewhere.options.challenge, 'https://evil.example') } };
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, moved)).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/origin "https:\/\/evil.example"/) });
      expect(await storedRow(registry, key.id)).toEqual({ counter: 0, lastUsedAt: null });
    });

    it('spends a challenge once: a replayed answer finds none, an old answer fails a new challenge, an expired one is gone', async () => {
      const { registry: registry, alice, device } = await start();
      const { response } = await registrationResponse(registry, alice, device);
      const { key } = { key: await registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'key', response) };
      expect(await refusal(registerSecurityKey(registry.deps, alice.user, alice.sessionHash, 'again', response))).toEqual({
        status: 400,
        code: 'no_challenge',
        message: 'No security-key registration is waiting in this session (or it took longer than 5 minutes): start again',
      });

      const { response: assertion } = await assertionResponse(registry, alice, device);
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, assertion)).toMatchObject({ ok: true });
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, assertion)).toMatchObject({ ok: false, reason: 'no_challenge' });
      await securityKeyAuthenticationOptions(registry.deps, alice.user.id, alice.sessionHash);
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, assertion)).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/Unexpected authentication response challenge/) });
      // A failed check spent its challenge too.
      expect(await countRows(registry, 'webauthn_challenges')).toBe(0);

      const { response: late } = await assertionResponse(registry, alice, device);
      clock.now += 5 * 60_000;
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, late)).toMatchObject({ ok: false, reason: 'no_challenge' });
      expect(await storedRow(registry, key.id)).toMatchObject({ counter: 1 });
      // A challenge of one session is not another's.
      const otherSession = (await createSession(registry.db, alice.user.id, { ip: null, userAgent: null }, new Date(clock.now))).session.idHash;
      const { response: mine } = await assertionResponse(registry, alice, device);
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, otherSession, mine)).toMatchObject({ ok: false, reason: 'no_challenge' });
      expect(await storedRow(registry, key.id)).toMatchObject({ counter: 1 });
    });

    it('answers malformed assertions with invalid (never a throw), and another user’s credential with unknown_credential', async () => {
      const { registry: registry, alice, device } = await start();
      const { key: aliceKey, response: aliceRegistration } = await addKey(registry, alice, device, 'alice key');
      const bob = await account(registry, 'bob');
      const bobKey = await inProcessKey();
      await addKey(registry, bob, bobKey.device, 'bob key');

      for (const value of [undefined, 42, 'text', [], { id: aliceRegistration.id }, { ...aliceRegistration, type: 'public-key' }]) {
        await securityKeyAuthenticationOptions(registry.deps, alice.user.id, alice.sessionHash);
        const check = await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, value);
        expect(check).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/^Malformed security-key response: /) });
      }
      const { response } = await assertionResponse(registry, alice, device);
      const hugeData = { ...response, response: { ...response.response, authenticatorData: 'A'.repeat(100_000) } };
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, hugeData)).toEqual({
        ok: false,
        reason: 'invalid',
        message: 'Malformed security-key response: response.authenticatorData is 100000 characters long; at most 16384 are accepted',
      });
      const garbage = await assertionResponse(registry, alice, device);
      const garbled = { ...garbage.response, response: { ...garbage.response.response, authenticatorData: 'AAAA' } };
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, garbled)).toMatchObject({ ok: false, reason: 'invalid' });

      // The user handle (unsigned, and absent for this non-discoverable credential) must be the account's if sent.
      const handled = await assertionResponse(registry, alice, device);
      const bobsHandle = { ...handled.response, response: { ...handled.response.response, userHandle: b64url(Buffer.from(String(bob.user.id))) } };
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, bobsHandle)).toEqual({
        ok: false,
        reason: 'invalid',
        message: 'The security key answered for another account (its user handle is not this account’s)',
      });
      const ownHandle = await assertionResponse(registry, alice, device);
      const withOwn = { ...ownHandle.response, response: { ...ownHandle.response.response, userHandle: b64url(Buffer.from(String(alice.user.id))) } };
      expect(await checkSecurityKeyAssertion(registry.deps, alice.user.id, alice.sessionHash, withOwn)).toMatchObject({ ok: true, keyId: aliceKey.id });
      const before = await storedRow(registry, aliceKey.id);

      // Bob's challenge, answered by alice's key: a good signature, but not one of bob's keys.
      const { response: aliceForBob } = await assertionResponse(registry, bob, device, {}, (options) => ({ ...options, allowCredentials: [{ id: aliceRegistration.id, type: 'public-key' }] }));
      expect(await checkSecurityKeyAssertion(registry.deps, bob.user.id, bob.sessionHash, aliceForBob)).toEqual({
        ok: false,
        reason: 'unknown_credential',
        message: 'This security key is not registered to this account',
      });
      expect(await storedRow(registry, aliceKey.id)).toEqual(before);
    });

    it('refuses a credential that is registered already, to anyone (409 credential_exists)', async () => {
      const { registry: registry, alice, device } = await start('none');
      const { response } = await addKey(registry, alice, device, 'alice key');
      // Format "none" signs nothing over the client data: bob's client could present alice's credential.
      const bob = await account(registry, 'bob');
      const options = await securityKeyRegistrationOptions(registry.deps, bob.user, bob.sessionHash);
      const copied = { ...response, response: { ...response.response, clientDataJSON: clientData('webauthn.create', options.challenge) } };
      expect(await refusal(registerSecurityKey(registry.deps, bob.user, bob.sessionHash, 'copied key', copied))).toEqual({
        status: 409,
        code: 'credential_exists',
        message: 'This security key is registered already (to this account or another)',
      });
      expect(await countSecurityKeys(registry.db, bob.user.id)).toBe(0);
      expect(await countRows(registry, 'webauthn_credentials')).toBe(1);
    });
  });
});

describe('SimpleWebAuthn’s process-global attestation services', () => {
  it('serve verifications under different trust at the same time without mixing them', async () => {
    const rp = relyingParty({ publicUrl: PUBLIC_URL, siteName: 'Example Packages' });
    const trusting: AttestationTrust = { dir: '/trust/ca', roots: [TEST_CA_PEM], statements: new Map() };
    const distrusting: AttestationTrust = { dir: '/trust/other', roots: [UNRELATED_ROOT_PEM], statements: new Map() };
    const made = await Promise.all(
      Array.from({ length: 8 }, async (_, index) => {
        const authenticator = await createAuthenticator();
        const device = await CtapHidChannel.open(new MemoryTransport(new InProcessHidConnection(new CtapHidDevice(authenticator))));
        onTestFinished(() => device.close());
        const challenge = b64url(randomBytes(32));
        const options: PublicKeyCredentialCreationOptionsJSON = {
          challenge,
          rp: { id: rp.rpId, name: rp.rpName },
          user: { id: b64url(Buffer.from(String(index + 1))), name: `user${index}`, displayName: `user${index}` },
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          attestation: 'direct',
        };
        return { challenge, response: await client.create(options, { origin: ORIGIN, device }) };
      }),
    );
    // Started together: each call's settings must hold through all of its awaits, whatever the others set.
    const outcomes = await Promise.allSettled(made.map(({ challenge, response }, index) => verifyRegistration(rp, 'trusted', index % 2 === 0 ? trusting : distrusting, response, challenge)));
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.attestationVerified : (outcome.reason as HttpError).message))).toEqual(
      made.map((_, index) => (index % 2 === 0 ? true : 'attestation does not chain to a trusted root')),
    );
  });
});
