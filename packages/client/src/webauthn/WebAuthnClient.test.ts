import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  Ctap2Command,
  CtapError,
  CtapHidKeepaliveStatus,
  CtapStatus,
  decodeCtap2Request,
  decodeCtap2Response,
  decodeGetAssertionRequest,
  decodeGetInfoResponse,
  decodeMakeCredentialRequest,
  encodeCbor,
  encodeCtap2Response,
  encodeGetInfoResponse,
  rpIdHash,
  type AuthenticatorInfo,
} from '@keybridge/ctap';
import * as emulator from '@keybridge/emulator';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  SettingsService,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON as ServerAuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON as ServerCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON as ServerRequestOptionsJSON,
  type RegistrationResponseJSON as ServerRegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Ctap1Session } from '../ctap1/Ctap1Session.js';
import { Ctap2Session } from '../ctap2/Ctap2Session.js';
import { emulatedDeviceKinds, type OpenedDevice } from '../ctap2/testing/emulatedDeviceKinds.js';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapDevice } from '../hid/CtapDevice.js';
import { coseKeyFromU2fPublicKey } from './coseKeyFromU2fPublicKey.js';
import type { PinPrompt } from './obtainPinUvAuthToken.js';
import { WebAuthnClient, type WebAuthnCeremonyOptions } from './WebAuthnClient.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './WebAuthnJson.js';

const { createAuthenticator, fixedUserPresence } = emulator;
const RP_ID = 'example.org';
const ORIGIN = 'https://example.org';
const TEST_CA_PEM = readFileSync(new URL('../../../../fixtures/attestation/ca.cert.pem', import.meta.url), 'utf8');
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

// The client's JSON types and @simplewebauthn/server's are interchangeable: options flow from the server's
// generators into the client, responses from the client into the server's verifiers; and back, except for the
// PRF members (the client also takes base64url text, and gives results as Uint8Array).
type Assignable<From, To> = From extends To ? true : false;
const typesMatch: [
  Assignable<ServerCreationOptionsJSON, PublicKeyCredentialCreationOptionsJSON>,
  Assignable<ServerRequestOptionsJSON, PublicKeyCredentialRequestOptionsJSON>,
  Assignable<RegistrationResponseJSON, ServerRegistrationResponseJSON>,
  Assignable<AuthenticationResponseJSON, ServerAuthenticationResponseJSON>,
  Assignable<Omit<PublicKeyCredentialCreationOptionsJSON, 'extensions'>, Omit<ServerCreationOptionsJSON, 'extensions'>>,
  Assignable<Omit<PublicKeyCredentialRequestOptionsJSON, 'extensions'>, Omit<ServerRequestOptionsJSON, 'extensions'>>,
  Assignable<Omit<ServerRegistrationResponseJSON, 'clientExtensionResults'>, Omit<RegistrationResponseJSON, 'clientExtensionResults'>>,
  Assignable<Omit<ServerAuthenticationResponseJSON, 'clientExtensionResults'>, Omit<AuthenticationResponseJSON, 'clientExtensionResults'>>,
] = [true, true, true, true, true, true, true, true];

beforeAll(() => {
  // The emulator's batch certificate chains to the test CA, for packed and for fido-u2f alike.
  SettingsService.setRootCertificates({ identifier: 'packed', certificates: [TEST_CA_PEM] });
  SettingsService.setRootCertificates({ identifier: 'fido-u2f', certificates: [TEST_CA_PEM] });
});

async function registrationOptions(overrides: Partial<Parameters<typeof generateRegistrationOptions>[0]> = {}) {
  return generateRegistrationOptions({
    rpName: 'Example',
    rpID: RP_ID,
    userName: 'alice',
    userDisplayName: 'Alice',
    userID: new TextEncoder().encode(`user-${randomBytes(4).toString('hex')}`),
    supportedAlgorithmIDs: [-8, -7, -257],
    ...overrides,
  });
}

async function verifyRegistration(response: RegistrationResponseJSON, options: ServerCreationOptionsJSON, requireUserVerification = false, origin = ORIGIN) {
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: RP_ID,
    requireUserVerification,
    supportedAlgorithmIDs: [-8, -7, -257],
  });
  expect(verification.verified).toBe(true);
  return verification.registrationInfo!;
}

async function verifyAuthentication(
  response: AuthenticationResponseJSON,
  options: ServerRequestOptionsJSON,
  credential: WebAuthnCredential,
  requireUserVerification = false,
) {
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    credential,
    requireUserVerification,
  });
  expect(verification.verified).toBe(true);
  return verification.authenticationInfo;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
}

async function clientErrorCode(promise: Promise<unknown>): Promise<string> {
  const error = await rejectionOf(promise);
  if (!(error instanceof CtapClientError)) throw new Error(`expected a CtapClientError, got ${String(error)}`);
  return error.code;
}

/**
 * A device that records what reaches it: every call, and the credential lists of makeCredential (excludeList)
 * and getAssertion (allowList) with getAssertion's up option, to see what the key was asked.
 */
function countingDevice(
  inner: CtapDevice,
  infoOverride: Partial<AuthenticatorInfo> = {},
): { device: CtapDevice; calls: string[]; lists: { command: string; length: number; up?: boolean }[]; sizes: number[] } {
  const calls: string[] = [];
  const sizes: number[] = [];
  const lists: { command: string; length: number; up?: boolean }[] = [];
  const record = (message: Uint8Array) => {
    sizes.push(message.length);
    const { command, parameters } = decodeCtap2Request(message);
    if (command === Ctap2Command.makeCredential) {
      lists.push({ command: 'makeCredential', length: decodeMakeCredentialRequest(parameters).excludeList?.length ?? 0 });
    } else if (command === Ctap2Command.getAssertion) {
      const request = decodeGetAssertionRequest(parameters);
      lists.push({ command: 'getAssertion', length: request.allowList?.length ?? 0, ...(request.options?.up === undefined ? {} : { up: request.options.up }) });
    }
  };
  const device: CtapDevice = {
    async cbor(message, options) {
      calls.push('cbor');
      record(message);
      const response = await inner.cbor(message, options);
      if (message[0] !== Ctap2Command.getInfo || response[0] !== CtapStatus.OK) return response;
      const info = decodeGetInfoResponse(decodeCtap2Response(response)!);
      return encodeCtap2Response(CtapStatus.OK, encodeGetInfoResponse({ ...info, ...infoOverride }));
    },
    msg: (apdu, options) => (calls.push('msg'), inner.msg(apdu, options)),
    ping: (data, options) => (calls.push('ping'), inner.ping(data, options)),
    wink: (options) => (calls.push('wink'), inner.wink(options)),
    get capabilities() {
      return inner.capabilities;
    },
    get deviceVersion() {
      return inner.deviceVersion;
    },
    get description() {
      return inner.description;
    },
    close: () => inner.close(),
  };
  return { device, calls, lists, sizes };
}

const client = new WebAuthnClient();

describe.each(emulatedDeviceKinds(emulator))('WebAuthnClient over $name', (kind) => {
  const opened: OpenedDevice[] = [];
  afterEach(async () => {
    for (const device of opened.splice(0)) await device.close();
  });

  async function setup(options: emulator.AuthenticatorOptions = {}) {
    const authenticator = await createAuthenticator(options);
    const device = await kind.open(authenticator);
    opened.push(device);
    return { authenticator, device: device.device };
  }

  it('registers with packed attestation that chains to the test CA, and authenticates, without user verification', async () => {
    expect(typesMatch.every(Boolean)).toBe(true);
    const { device } = await setup();
    const options = await registrationOptions({ attestationType: 'direct', authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' } });
    const registration = await client.create(options, { origin: ORIGIN, device });
    expect(registration.authenticatorAttachment).toBe('cross-platform');
    expect(registration.response.transports).toEqual(['usb']);
    expect(registration.response.publicKeyAlgorithm).toBe(-8); // the RP's first choice that the emulator makes
    expect(registration.clientExtensionResults).toEqual({ credProps: { rk: false } });
    const clientData = JSON.parse(Buffer.from(registration.response.clientDataJSON, 'base64url').toString('utf8'));
    expect(clientData).toEqual({ type: 'webauthn.create', challenge: options.challenge, origin: ORIGIN, crossOrigin: false });

    const info = await verifyRegistration(registration, options);
    expect(info.fmt).toBe('packed');
    expect(info.userVerified).toBe(false);
    expect(info.credential.id).toBe(registration.id);

    const requestOptions = await generateAuthenticationOptions({
      rpID: RP_ID,
      allowCredentials: [{ id: info.credential.id }],
      userVerification: 'discouraged',
    });
    const authentication = await client.get(requestOptions, { origin: ORIGIN, device });
    expect(authentication.id).toBe(registration.id);
    expect(authentication.response.userHandle).toBeUndefined();
    const verified = await verifyAuthentication(authentication, requestOptions, info.credential);
    expect(verified.newCounter).toBe(1);
    expect(verified.userVerified).toBe(false);

    // The same assertion does not pass for another challenge.
    const other = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: info.credential.id }] });
    const replayed = verifyAuthenticationResponse({
      response: authentication,
      expectedChallenge: other.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: info.credential,
      requireUserVerification: false,
    });
    await expect(replayed).rejects.toThrow(/challenge/);
  });

  it('follows SimpleWebAuthn’s defaults: attestation "none", a discoverable credential (credProps), no PIN on a key without one', async () => {
    const { device, authenticator } = await setup();
    const options = await registrationOptions();
    const registration = await client.create(options, { origin: ORIGIN, device });
    expect(registration.clientExtensionResults.credProps).toEqual({ rk: true });
    const info = await verifyRegistration(registration, options);
    expect(info.fmt).toBe('none');
    expect(authenticator.state.credentials.filter((credential) => credential.discoverable)).toHaveLength(1);
  });

  it('verifies the user with the PIN from getPin, asking again after a wrong one', async () => {
    const { device } = await setup({ pin: '1234' });
    const prompts: PinPrompt[] = [];
    const answers = ['9999', '1234'];
    const getPin = (prompt: PinPrompt) => {
      prompts.push(prompt);
      return answers.shift();
    };
    const options = await registrationOptions({ attestationType: 'direct', authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
    const registration = await client.create(options, { origin: ORIGIN, device, getPin });
    expect(prompts).toEqual([
      { rpId: RP_ID, retries: 8, wrongPin: false },
      { rpId: RP_ID, retries: 7, wrongPin: true },
    ]);
    const info = await verifyRegistration(registration, options, true);
    expect(info.userVerified).toBe(true);
    expect(info.fmt).toBe('packed');

    const requestOptions = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: info.credential.id }], userVerification: 'required' });
    const authentication = await client.get(requestOptions, { origin: ORIGIN, device, pin: '1234' });
    const verified = await verifyAuthentication(authentication, requestOptions, info.credential, true);
    expect(verified.userVerified).toBe(true);
  });

  it('uses the PIN for "preferred" when the key has one, and goes without it when none is given', async () => {
    const { device } = await setup({ pin: '1234' });
    const options = await registrationOptions({ authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' } });
    const registration = await client.create(options, { origin: ORIGIN, device, pin: '1234' });
    const info = await verifyRegistration(registration, options, true);

    const preferred = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: info.credential.id }] });
    const withoutPin = await client.get(preferred, { origin: ORIGIN, device });
    expect((await verifyAuthentication(withoutPin, preferred, info.credential)).userVerified).toBe(false);
  });

  it('refuses user verification it cannot get: PIN_REQUIRED without a PIN, or when the key has none set', async () => {
    const withPin = await setup({ pin: '1234' });
    const required = await registrationOptions({ authenticatorSelection: { userVerification: 'required' } });
    expect(await clientErrorCode(client.create(required, { origin: ORIGIN, device: withPin.device }))).toBe('PIN_REQUIRED');
    // A prompt that gives no PIN is the same.
    expect(await clientErrorCode(client.create(required, { origin: ORIGIN, device: withPin.device, getPin: () => undefined }))).toBe('PIN_REQUIRED');
    // A discoverable credential needs the PIN on a key with one, even when the RP does not ask for UV.
    const rkRequired = await registrationOptions({ authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' } });
    expect(await clientErrorCode(client.create(rkRequired, { origin: ORIGIN, device: withPin.device }))).toBe('PIN_REQUIRED');
    // "preferred" discoverable falls back to a non-discoverable credential instead.
    const rkPreferred = await registrationOptions({ authenticatorSelection: { residentKey: 'preferred', userVerification: 'discouraged' } });
    expect((await client.create(rkPreferred, { origin: ORIGIN, device: withPin.device })).clientExtensionResults.credProps).toEqual({ rk: false });

    const withoutPin = await setup();
    expect(await clientErrorCode(client.create(required, { origin: ORIGIN, device: withoutPin.device, pin: '1234' }))).toBe('PIN_REQUIRED');
  });

  it('passes a wrong PIN on as the device’s PIN_INVALID when it was given, not prompted for', async () => {
    const { device, authenticator } = await setup({ pin: '1234' });
    const options = await registrationOptions({ authenticatorSelection: { userVerification: 'required' } });
    const error = await rejectionOf(client.create(options, { origin: ORIGIN, device, pin: '0000' }));
    expect(error).toBeInstanceOf(CtapError);
    expect((error as CtapError).status).toBe(CtapStatus.PIN_INVALID);
    expect(authenticator.state.credentials).toHaveLength(0);
  });

  it('logs in with a discoverable credential (empty allowCredentials) and lets selectAccount choose among several', async () => {
    const { device } = await setup({ pin: '1234' });
    const registered: { userId: string; credential: WebAuthnCredential }[] = [];
    for (const name of ['alice', 'bob']) {
      const options = await registrationOptions({ userName: name, authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
      const info = await verifyRegistration(await client.create(options, { origin: ORIGIN, device, pin: '1234' }), options, true);
      registered.push({ userId: options.user.id, credential: info.credential });
    }

    const login = await generateAuthenticationOptions({ rpID: RP_ID, userVerification: 'required' });
    expect(login.allowCredentials).toBeUndefined();
    const first = await client.get(login, { origin: ORIGIN, device, pin: '1234' });
    // The key answers with its most recent credential first: bob's.
    expect(first.id).toBe(registered[1]!.credential.id);
    expect(first.response.userHandle).toBe(registered[1]!.userId);
    await verifyAuthentication(first, login, registered[1]!.credential, true);

    const seen: string[][] = [];
    const again = await generateAuthenticationOptions({ rpID: RP_ID, userVerification: 'required' });
    const chosen = await client.get(again, {
      origin: ORIGIN,
      device,
      pin: '1234',
      selectAccount: (accounts) => {
        seen.push(accounts.map((account) => account.user?.name ?? '?'));
        return accounts.findIndex((account) => account.user?.name === 'alice');
      },
    });
    expect(seen).toEqual([['bob', 'alice']]);
    expect(chosen.response.userHandle).toBe(registered[0]!.userId);
    await verifyAuthentication(chosen, again, registered[0]!.credential, true);
  });

  it('prefers built-in UV, as browsers do: no PIN is asked on a key that has both, and the assertion is verified too', async () => {
    const { device, authenticator } = await setup({ builtInUv: 'approve', pin: '1234' });
    const prompts: PinPrompt[] = [];
    const getPin = (prompt: PinPrompt) => (prompts.push(prompt), '1234');
    const options = await registrationOptions({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
    const info = await verifyRegistration(await client.create(options, { origin: ORIGIN, device, getPin }), options, true);
    expect(info.userVerified).toBe(true);
    const login = await generateAuthenticationOptions({ rpID: RP_ID, userVerification: 'required' });
    const verified = await verifyAuthentication(await client.get(login, { origin: ORIGIN, device, getPin }), login, info.credential, true);
    expect(verified.userVerified).toBe(true);
    expect(prompts).toEqual([]);
    expect(authenticator.state.pinRetries).toBe(8);
  });

  it('falls back to the PIN when built-in UV does not match, and the correct PIN restores the UV retries', async () => {
    const { device, authenticator } = await setup({ builtInUv: 'deny', pin: '1234' });
    const prompts: PinPrompt[] = [];
    const getPin = (prompt: PinPrompt) => (prompts.push(prompt), '1234');
    const options = await registrationOptions({ authenticatorSelection: { userVerification: 'required' } });
    const info = await verifyRegistration(await client.create(options, { origin: ORIGIN, device, getPin }), options, true);
    expect(info.userVerified).toBe(true);
    // Three tries (getInfo preferredPlatformUvAttempts), then the PIN; the PIN gave the UV retries back (CTAP 2.1 §6.5.2.2).
    expect(prompts).toEqual([{ rpId: RP_ID, retries: 8, wrongPin: false }]);
    expect(authenticator.state.uvRetries).toBe(5);
  });

  it('a key with built-in UV and no PIN: UV that keeps failing ends in the device’s UV_INVALID, then UV_BLOCKED', async () => {
    const { device, authenticator } = await setup({ builtInUv: 'deny' });
    const options = await registrationOptions({ authenticatorSelection: { userVerification: 'required' } });
    const first = await rejectionOf(client.create(options, { origin: ORIGIN, device }));
    expect((first as CtapError).status).toBe(CtapStatus.UV_INVALID);
    const second = await rejectionOf(client.create(await registrationOptions({ authenticatorSelection: { userVerification: 'required' } }), { origin: ORIGIN, device }));
    expect((second as CtapError).status).toBe(CtapStatus.UV_BLOCKED);
    expect(authenticator.state.credentials).toHaveLength(0);
  });

  it('answers NO_CREDENTIALS when the key has none of the allowed credentials or none for the RP', async () => {
    const { device } = await setup();
    const unknown = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: b64url(randomBytes(48)) }] });
    expect(await clientErrorCode(client.get(unknown, { origin: ORIGIN, device }))).toBe('NO_CREDENTIALS');
    const discoverable = await generateAuthenticationOptions({ rpID: RP_ID });
    expect(await clientErrorCode(client.get(discoverable, { origin: ORIGIN, device }))).toBe('NO_CREDENTIALS');
  });

  it('honours excludeCredentials, also beyond maxCredentialCountInList (16) by silent batches', async () => {
    const { device: inner, authenticator } = await setup();
    const { device, lists } = countingDevice(inner);
    const first = await registrationOptions({ authenticatorSelection: { residentKey: 'discouraged' } });
    const existing = (await verifyRegistration(await client.create(first, { origin: ORIGIN, device }), first)).credential;

    const direct = await registrationOptions({ excludeCredentials: [{ id: existing.id }] });
    expect(await clientErrorCode(client.create(direct, { origin: ORIGIN, device }))).toBe('CREDENTIAL_EXCLUDED');

    const strangers = Array.from({ length: 20 }, () => ({ id: b64url(randomBytes(48)) }));
    const long = await registrationOptions({ excludeCredentials: [...strangers.slice(0, 18), { id: existing.id }, ...strangers.slice(18)] });
    lists.length = 0;
    expect(await clientErrorCode(client.create(long, { origin: ORIGIN, device }))).toBe('CREDENTIAL_EXCLUDED');
    expect(authenticator.state.credentials).toHaveLength(1);
    // Two silent batches of at most 16 found it; then makeCredential named it alone (the touch, then the refusal).
    expect(lists).toEqual([
      { command: 'getAssertion', length: 16, up: false },
      { command: 'getAssertion', length: 5, up: false },
      { command: 'makeCredential', length: 1 },
    ]);

    const unrelated = await registrationOptions({ excludeCredentials: strangers });
    lists.length = 0;
    await verifyRegistration(await client.create(unrelated, { origin: ORIGIN, device }), unrelated);
    expect(lists.map((entry) => entry.length)).toEqual([16, 4, 0]);
    expect(authenticator.state.credentials).toHaveLength(2);
  });

  it('finds the allowed credential in an allowCredentials longer than the key takes at once', async () => {
    const { device: inner } = await setup();
    const { device, lists } = countingDevice(inner);
    const options = await registrationOptions({ authenticatorSelection: { residentKey: 'discouraged' } });
    const credential = (await verifyRegistration(await client.create(options, { origin: ORIGIN, device }), options)).credential;
    const strangers = Array.from({ length: 30 }, () => ({ id: b64url(randomBytes(48)) }));
    const requestOptions = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [...strangers, { id: credential.id }] });
    lists.length = 0;
    const authentication = await client.get(requestOptions, { origin: ORIGIN, device });
    expect(authentication.id).toBe(credential.id);
    await verifyAuthentication(authentication, requestOptions, credential);
    expect(lists).toEqual([
      { command: 'getAssertion', length: 16, up: false },
      { command: 'getAssertion', length: 15, up: false },
      { command: 'getAssertion', length: 1 },
    ]);
  });

  it('keeps every request within the maxMsgSize of a key like solo (1200 bytes, 20 credentials per list)', async () => {
    const { device: inner } = await setup();
    const { device, lists, sizes } = countingDevice(inner, { maxMsgSize: 1200, maxCredentialCountInList: 20 });
    const first = await registrationOptions({ authenticatorSelection: { residentKey: 'discouraged' } });
    const existing = (await verifyRegistration(await client.create(first, { origin: ORIGIN, device }), first)).credential;
    const strangers = Array.from({ length: 19 }, () => ({ id: b64url(randomBytes(128)) }));

    lists.length = 0;
    sizes.length = 0;
    const excluded = await registrationOptions({ excludeCredentials: [...strangers, { id: existing.id }] });
    expect(await clientErrorCode(client.create(excluded, { origin: ORIGIN, device }))).toBe('CREDENTIAL_EXCLUDED');
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1200);
    expect(lists.at(-1)).toEqual({ command: 'makeCredential', length: 1 });
    expect(lists.filter((entry) => entry.command === 'getAssertion').length).toBeGreaterThan(2);

    sizes.length = 0;
    const login = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [...strangers, { id: existing.id }] });
    await verifyAuthentication(await client.get(login, { origin: ORIGIN, device }), login, existing);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1200);
  });

  it('refuses an rpId that is not the origin’s host or a registrable suffix of it before the key sees anything', async () => {
    const { device: inner } = await setup();
    const { device, calls } = countingDevice(inner);
    const foreign = await registrationOptions({ rpID: 'evil.example' });
    const error = await rejectionOf(client.create(foreign, { origin: ORIGIN, device }));
    expect(error).toBeInstanceOf(CtapClientError);
    expect((error as CtapClientError).code).toBe('BAD_REQUEST');
    expect((error as CtapClientError).message).toBe('rpId "evil.example" is not a registrable suffix of "example.org"');
    const publicSuffix = await registrationOptions({ rpID: 'org' });
    expect(await clientErrorCode(client.create(publicSuffix, { origin: ORIGIN, device }))).toBe('BAD_REQUEST');
    const login = await generateAuthenticationOptions({ rpID: 'example.com' });
    expect(await clientErrorCode(client.get(login, { origin: ORIGIN, device }))).toBe('BAD_REQUEST');
    const insecure = await registrationOptions();
    expect(await clientErrorCode(client.create(insecure, { origin: 'http://example.org', device }))).toBe('BAD_REQUEST');
    expect(calls).toEqual([]);
  });

  it('accepts a registrable suffix of the origin’s host as rpId', async () => {
    const { device } = await setup();
    const origin = 'https://login.example.org';
    const options = await registrationOptions({ authenticatorSelection: { residentKey: 'discouraged' } });
    const registration = await client.create(options, { origin, device });
    await verifyRegistration(registration, options, false, origin);
  });

  it('evaluates prf through hmac-secret: the same input gives the same 32 bytes, another input others', async () => {
    const { device } = await setup();
    const options = await registrationOptions({ extensions: { prf: {}, hmacCreateSecret: true }, authenticatorSelection: { residentKey: 'discouraged' } });
    const registration = await client.create(options, { origin: ORIGIN, device });
    expect(registration.clientExtensionResults).toEqual({ credProps: { rk: false }, hmacCreateSecret: true, prf: { enabled: true } });
    const credential = (await verifyRegistration(registration, options)).credential;

    async function evaluate(first: string, second?: string) {
      const requestOptions = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: credential.id }], userVerification: 'discouraged' });
      const prf = { eval: { first, ...(second ? { second } : {}) } };
      const authentication = await client.get({ ...requestOptions, extensions: { prf } }, { origin: ORIGIN, device });
      await verifyAuthentication(authentication, requestOptions, { ...credential, counter: 0 });
      return authentication.clientExtensionResults.prf?.results;
    }
    const one = await evaluate(b64url(Buffer.from('salt one')), b64url(Buffer.from('salt two')));
    const again = await evaluate(b64url(Buffer.from('salt one')));
    const other = await evaluate(b64url(Buffer.from('salt three')));
    expect(one?.first).toHaveLength(32);
    expect(one?.second).toHaveLength(32);
    expect(again?.first).toEqual(one?.first);
    expect(again?.second).toBeUndefined();
    expect(other?.first).not.toEqual(one?.first);
  });

  it('reports "touch your key" through onKeepalive and cancels through the signal', async () => {
    const { device, authenticator } = await setup({ userPresence: fixedUserPresence('approve', 150) });
    const statuses: number[] = [];
    const options = await registrationOptions({ authenticatorSelection: { residentKey: 'discouraged' } });
    await client.create(options, { origin: ORIGIN, device, onKeepalive: (status) => statuses.push(status) });
    expect(statuses).toContain(CtapHidKeepaliveStatus.UPNEEDED);

    authenticator.userPresencePolicy = fixedUserPresence('timeout');
    const controller = new AbortController();
    const ceremony: WebAuthnCeremonyOptions = {
      origin: ORIGIN,
      device,
      signal: controller.signal,
      onKeepalive: (status) => {
        if (status === CtapHidKeepaliveStatus.UPNEEDED) controller.abort();
      },
    };
    expect(await clientErrorCode(client.create(await registrationOptions(), ceremony))).toBe('CANCELLED');
    expect(authenticator.state.credentials).toHaveLength(1);
  });

  it('accepts an open Ctap2Session as the device', async () => {
    const { device } = await setup();
    const session = await Ctap2Session.open(device);
    const options = await registrationOptions({ authenticatorSelection: { residentKey: 'discouraged' } });
    await verifyRegistration(await client.create(options, { origin: ORIGIN, device: session }), options);
  });
});

describe.each(emulatedDeviceKinds(emulator))('WebAuthnClient with a U2F-only key over $name', (kind) => {
  const opened: OpenedDevice[] = [];
  afterEach(async () => {
    for (const device of opened.splice(0)) await device.close();
  });

  async function setup() {
    const authenticator = await createAuthenticator({ u2fOnly: true });
    const device = await kind.open(authenticator);
    opened.push(device);
    return { authenticator, device: device.device };
  }

  it('registers through U2F as fido-u2f attestation that chains to the test CA, and authenticates', async () => {
    const { device } = await setup();
    const options = await registrationOptions({ attestationType: 'direct', authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' } });
    const registration = await client.create(options, { origin: ORIGIN, device });
    expect(registration.clientExtensionResults).toEqual({ credProps: { rk: false } });
    expect(registration.response.publicKeyAlgorithm).toBe(-7);
    const info = await verifyRegistration(registration, options);
    expect(info.fmt).toBe('fido-u2f');
    expect(info.aaguid).toBe('00000000-0000-0000-0000-000000000000');

    const requestOptions = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: b64url(randomBytes(64)) }, { id: info.credential.id }] });
    const authentication = await client.get(requestOptions, { origin: ORIGIN, device });
    expect(authentication.id).toBe(info.credential.id);
    const verified = await verifyAuthentication(authentication, requestOptions, info.credential);
    expect(verified.newCounter).toBe(1);
  });

  it('refuses what U2F cannot do and honours excludeCredentials', async () => {
    const { device, authenticator } = await setup();
    const options = await registrationOptions({ authenticatorSelection: { residentKey: 'discouraged' } });
    const credential = (await verifyRegistration(await client.create(options, { origin: ORIGIN, device }), options)).credential;

    const excluded = await registrationOptions({ excludeCredentials: [{ id: credential.id }] });
    expect(await clientErrorCode(client.create(excluded, { origin: ORIGIN, device }))).toBe('CREDENTIAL_EXCLUDED');
    expect(authenticator.state.credentials).toHaveLength(1);
    const uv = await registrationOptions({ authenticatorSelection: { userVerification: 'required' } });
    expect(await clientErrorCode(client.create(uv, { origin: ORIGIN, device, pin: '1234' }))).toBe('UNSUPPORTED');
    const rk = await registrationOptions({ authenticatorSelection: { residentKey: 'required' } });
    expect(await clientErrorCode(client.create(rk, { origin: ORIGIN, device }))).toBe('UNSUPPORTED');
    const es256Missing = await registrationOptions({ supportedAlgorithmIDs: [-8] });
    expect(await clientErrorCode(client.create(es256Missing, { origin: ORIGIN, device }))).toBe('UNSUPPORTED');
    const discoverable = await generateAuthenticationOptions({ rpID: RP_ID });
    expect(await clientErrorCode(client.get(discoverable, { origin: ORIGIN, device }))).toBe('NO_CREDENTIALS');
    const unknown = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: b64url(randomBytes(64)) }] });
    expect(await clientErrorCode(client.get(unknown, { origin: ORIGIN, device }))).toBe('NO_CREDENTIALS');
  });

  it('finds a credential registered under a U2F AppID through the appid extension', async () => {
    const { device } = await setup();
    const appid = 'https://example.org/u2f-app-id.json';
    // A registration made by the old U2F API: application = SHA-256(appid).
    const legacy = await new Ctap1Session(device).register(new Uint8Array(32), rpIdHash(appid));

    const requestOptions = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: b64url(legacy.keyHandle) }] });
    const authentication = await client.get({ ...requestOptions, extensions: { appid } }, { origin: ORIGIN, device });
    expect(authentication.clientExtensionResults).toEqual({ appid: true });
    const authenticatorData = Buffer.from(authentication.response.authenticatorData, 'base64url');
    expect(authenticatorData.subarray(0, 32)).toEqual(Buffer.from(rpIdHash(appid)));
    // The RP verifies it with the AppID as RP ID and the key it learnt at U2F registration.
    const verification = await verifyAuthenticationResponse({
      response: authentication,
      expectedChallenge: requestOptions.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: [appid],
      credential: { id: b64url(legacy.keyHandle), publicKey: new Uint8Array(encodeCbor(coseKeyFromU2fPublicKey(legacy.userPublicKey))), counter: 0 },
      requireUserVerification: false,
    });
    expect(verification.verified).toBe(true);

    // Without the extension the credential is not found under the RP ID.
    expect(await clientErrorCode(client.get(requestOptions, { origin: ORIGIN, device }))).toBe('NO_CREDENTIALS');
    const foreignAppId = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: b64url(legacy.keyHandle) }] });
    expect(await clientErrorCode(client.get({ ...foreignAppId, extensions: { appid: 'https://evil.example/app.json' } }, { origin: ORIGIN, device }))).toBe('BAD_REQUEST');
  });
});
