import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import {
  asArray,
  asBytes,
  AuthenticatorDataFlags,
  CredentialProtectionPolicy,
  CtapError,
  CtapStatus,
  PinUvAuthTokenPermissions,
  rpIdHash,
  verifyCoseSignature,
  type PublicKeyCredentialUserEntity,
} from '@keybridge/ctap';
import * as emulator from '@keybridge/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { Ctap2Session, type Ctap2SessionOptions } from './Ctap2Session.js';
import type { MakeCredentialInput } from './MakeCredentialInput.js';
import type { PinUvAuthToken } from './PinUvAuthToken.js';
import { emulatedDeviceKinds, type OpenedDevice } from './testing/emulatedDeviceKinds.js';

const { createAuthenticator, fixedUserPresence } = emulator;
const { mc, ga, cm, acfg } = PinUvAuthTokenPermissions;
const RP = { id: 'example.org', name: 'Example' };
const ES256 = [{ type: 'public-key', alg: -7 }];

function clientDataHash(label = 'create'): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`client data ${label} ${randomBytes(8).toString('hex')}`).digest());
}

function user(name: string): PublicKeyCredentialUserEntity {
  return { id: new TextEncoder().encode(`id-${name}`), name, displayName: name.toUpperCase() };
}

function credentialRequest(overrides: Partial<MakeCredentialInput> = {}): MakeCredentialInput {
  return { clientDataHash: clientDataHash(), rp: RP, user: user('alice'), pubKeyCredParams: ES256, ...overrides };
}

/** The status of the CtapError a promise rejects with (fails the test for anything else). */
async function ctapStatusOf(promise: Promise<unknown>): Promise<number> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof CtapError)) throw new Error(`expected a CtapError, got ${String(error)}`);
  return error.status;
}

async function clientErrorOf(promise: Promise<unknown>): Promise<CtapClientError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof CtapClientError)) throw new Error(`expected a CtapClientError, got ${String(error)}`);
  return error;
}

describe.each(emulatedDeviceKinds(emulator))('Ctap2Session over $name', (kind) => {
  const opened: OpenedDevice[] = [];
  afterEach(async () => {
    for (const device of opened.splice(0)) await device.close();
  });

  async function setup(options: emulator.AuthenticatorOptions = {}, sessionOptions: Ctap2SessionOptions = {}) {
    const authenticator = await createAuthenticator(options);
    const device = await kind.open(authenticator);
    opened.push(device);
    const session = await Ctap2Session.open(device.device, sessionOptions);
    return { authenticator, session, device };
  }

  async function tokenFor(session: Ctap2Session, pin: string, permissions: number, rpId?: string): Promise<PinUvAuthToken> {
    return session.clientPin.getPinUvAuthToken(pin, { permissions, ...(rpId ? { rpId } : {}) });
  }

  it('opens with getInfo cached and chooses PIN/UV auth protocol 2, the emulator’s first choice', async () => {
    const { session } = await setup();
    expect(session.kind).toBe('ctap2');
    expect(session.info.versions).toContain('FIDO_2_1');
    expect(session.info.pinUvAuthProtocols).toEqual([2, 1]);
    expect(session.pinUvAuthProtocol.version).toBe(2);
    expect(session.clientPin.protocol.version).toBe(2);
    expect(session.info.options?.clientPin).toBe(false);
    const fresh = await session.getInfo();
    expect(fresh).toEqual(session.info);
  });

  it('makes a non-discoverable credential without PIN whose attestation and assertion verify', async () => {
    const { session, authenticator } = await setup();
    const request = credentialRequest();
    const created = await session.makeCredential(request);
    expect(created.fmt).toBe('packed');
    expect(created.authenticatorData.rpIdHash).toEqual(rpIdHash(RP.id));
    expect(created.authenticatorData.flags & AuthenticatorDataFlags.UP).toBeTruthy();
    expect(created.authenticatorData.flags & AuthenticatorDataFlags.UV).toBe(0);
    expect(created.authenticatorData.attestedCredentialData?.aaguid).toEqual(session.info.aaguid);
    const [certificate] = asArray(created.attStmt.get('x5c'), 'x5c');
    const signed = Buffer.concat([created.authData, request.clientDataHash]);
    const sig = asBytes(created.attStmt.get('sig'), 'sig');
    expect(verify('sha256', signed, new X509Certificate(asBytes(certificate, 'x5c[0]')).publicKey, sig)).toBe(true);
    expect(authenticator.state.credentials.find((stored) => Buffer.from(stored.id).equals(created.credentialId))?.discoverable).toBe(false);

    const getHash = clientDataHash('get');
    const assertions = await session.getAssertion({
      rpId: RP.id,
      clientDataHash: getHash,
      allowList: [{ type: 'public-key', id: created.credentialId }],
    });
    expect(assertions).toHaveLength(1);
    const [assertion] = assertions;
    expect(assertion!.credential.id).toEqual(created.credentialId);
    expect(assertion!.authenticatorData.signCount).toBe(1);
    expect(verifyCoseSignature(created.credentialPublicKey, Buffer.concat([assertion!.authData, getHash]), assertion!.signature)).toBe(true);
    expect(verifyCoseSignature(created.credentialPublicKey, Buffer.concat([assertion!.authData, clientDataHash()]), assertion!.signature)).toBe(false);
  });

  it('makes discoverable and non-discoverable credentials with a PIN: rk needs the token, non-rk does not', async () => {
    const { session } = await setup({ pin: '1234' });
    expect(await ctapStatusOf(session.makeCredential(credentialRequest({ options: { rk: true } })))).toBe(CtapStatus.PUAT_REQUIRED);

    const plain = await session.makeCredential(credentialRequest());
    expect(plain.authenticatorData.flags & AuthenticatorDataFlags.UV).toBe(0);

    const token = await tokenFor(session, '1234', mc | ga, RP.id);
    expect(token.protocolVersion).toBe(2);
    expect(token.permissions).toBe(mc | ga);
    const discoverable = await session.makeCredential(credentialRequest({ options: { rk: true }, pinUvAuthToken: token }));
    expect(discoverable.authenticatorData.flags & AuthenticatorDataFlags.UV).toBeTruthy();

    // A token for another RP is refused.
    const other = await tokenFor(session, '1234', mc, 'other.example');
    expect(await ctapStatusOf(session.makeCredential(credentialRequest({ options: { rk: true }, pinUvAuthToken: other })))).toBe(
      CtapStatus.PIN_AUTH_INVALID,
    );

    const [assertion, ...rest] = await session.getAssertion({
      rpId: RP.id,
      clientDataHash: clientDataHash('get'),
      pinUvAuthToken: await tokenFor(session, '1234', ga, RP.id),
    });
    expect(rest).toHaveLength(0);
    expect(assertion!.credential.id).toEqual(discoverable.credentialId);
    expect(assertion!.user?.id).toEqual(user('alice').id);
    expect(assertion!.authenticatorData.flags & AuthenticatorDataFlags.UV).toBeTruthy();
  });

  it('built-in UV: getUVRetries, a token by UV for a discoverable credential (UV set, no touch), no PIN needed', async () => {
    const touches: string[] = [];
    const { session } = await setup({ builtInUv: 'approve', userPresence: (request) => (touches.push(request.purpose), 'approve') });
    expect(session.clientPin.hasBuiltInUv).toBe(true);
    expect(await session.clientPin.getUvRetries()).toBe(5);
    const token = await session.clientPin.getPinUvAuthTokenUsingUv({ permissions: mc, rpId: RP.id });
    expect(token.permissions).toBe(mc);
    const made = await session.makeCredential(credentialRequest({ options: { rk: true }, pinUvAuthToken: token }));
    expect(made.authenticatorData.flags & (AuthenticatorDataFlags.UP | AuthenticatorDataFlags.UV)).toBe(AuthenticatorDataFlags.UP | AuthenticatorDataFlags.UV);
    expect(touches).toEqual([]);
    expect((await clientErrorOf(session.clientPin.getPinUvAuthTokenUsingUv({ permissions: ga }))).code).toBe('BAD_REQUEST');
  });

  it('built-in UV that does not match: tryBuiltInUv makes preferredPlatformUvAttempts tries, then reports UV_INVALID, then UV_BLOCKED', async () => {
    const { session, authenticator } = await setup({ builtInUv: 'deny' });
    expect(session.info.preferredPlatformUvAttempts).toBe(3);
    const first = await session.clientPin.tryBuiltInUv({ permissions: ga, rpId: RP.id });
    expect(first.failure?.status).toBe(CtapStatus.UV_INVALID);
    expect(await session.clientPin.getUvRetries()).toBe(2);
    // Two tries are left: the first fails (UV_INVALID), the second blocks UV; no third is made.
    const second = await session.clientPin.tryBuiltInUv({ permissions: ga, rpId: RP.id });
    expect(second.failure?.status).toBe(CtapStatus.UV_BLOCKED);
    expect(authenticator.state.uvRetries).toBe(0);
    authenticator.builtInUv = 'approve';
    expect((await session.clientPin.tryBuiltInUv({ permissions: ga, rpId: RP.id })).failure?.status).toBe(CtapStatus.UV_BLOCKED);
  });

  it('a key without built-in UV: hasBuiltInUv is false and a UV token is UNSUPPORTED before the key is asked', async () => {
    const { session } = await setup();
    expect(session.clientPin.hasBuiltInUv).toBe(false);
    expect((await clientErrorOf(session.clientPin.getPinUvAuthTokenUsingUv({ permissions: cm }))).code).toBe('UNSUPPORTED');
  });

  it('refuses a request that gives both a token and a raw pinUvAuthParam', async () => {
    const { session } = await setup({ pin: '1234' });
    const token = await tokenFor(session, '1234', mc, RP.id);
    const both = credentialRequest({ pinUvAuthToken: token, pinUvAuthParam: new Uint8Array(32), pinUvAuthProtocol: 2 });
    const error = await clientErrorOf(session.makeCredential(both));
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('answers CREDENTIAL_EXCLUDED for a credential in the excludeList, and ignores unknown ones', async () => {
    const { session } = await setup();
    const first = await session.makeCredential(credentialRequest());
    const excludeList = [
      { type: 'public-key', id: new Uint8Array(48).fill(7) },
      { type: 'public-key', id: first.credentialId },
    ];
    expect(await ctapStatusOf(session.makeCredential(credentialRequest({ excludeList })))).toBe(CtapStatus.CREDENTIAL_EXCLUDED);
    const second = await session.makeCredential(credentialRequest({ excludeList: [excludeList[0]!] }));
    expect(second.credentialId).not.toEqual(first.credentialId);
  });

  it('returns every discoverable credential of an RP, newest first, through getNextAssertion', async () => {
    const { session } = await setup();
    const names = ['alice', 'bob', 'carol'];
    const created = [];
    for (const name of names) created.push(await session.makeCredential(credentialRequest({ user: user(name), options: { rk: true } })));
    await session.makeCredential(credentialRequest({ rp: { id: 'other.example' }, user: user('dave'), options: { rk: true } }));

    const getHash = clientDataHash('get');
    const keepalives: number[] = [];
    const assertions = await session.getAssertion({ rpId: RP.id, clientDataHash: getHash }, { onKeepalive: (status) => keepalives.push(status) });
    expect(assertions).toHaveLength(3);
    expect(assertions[0]!.numberOfCredentials).toBe(3);
    expect(assertions.map((assertion) => assertion.credential.id)).toEqual(created.reverse().map((credential) => credential.credentialId));
    expect(assertions.map((assertion) => assertion.user?.id)).toEqual(['carol', 'bob', 'alice'].map((name) => user(name).id));
    for (const [index, assertion] of assertions.entries()) {
      expect(verifyCoseSignature(created[index]!.credentialPublicKey, Buffer.concat([assertion.authData, getHash]), assertion.signature)).toBe(true);
    }
    // The emulator asks for the touch (UPNEEDED) before it signs.
    expect(keepalives).toContain(2);

    // An allowList picks exactly the credentials it names.
    const picked = await session.getAssertion({
      rpId: RP.id,
      clientDataHash: getHash,
      allowList: [{ type: 'public-key', id: created[1]!.credentialId }],
    });
    expect(picked.map((assertion) => assertion.credential.id)).toEqual([created[1]!.credentialId]);
    expect(await ctapStatusOf(session.getAssertion({ rpId: 'nobody.example', clientDataHash: getHash }))).toBe(CtapStatus.NO_CREDENTIALS);
  });

  it('hmac-secret: the same salt gives the same output, two salts two outputs, UV a different secret', async () => {
    const { session, authenticator, device } = await setup();
    const created = await session.makeCredential(credentialRequest({ extensions: { hmacSecret: true } }));
    expect(created.extensions.hmacSecret).toBe(true);
    const allowList = [{ type: 'public-key', id: created.credentialId }];
    const salt1 = new Uint8Array(32).fill(1);
    const salt2 = new Uint8Array(32).fill(2);
    const ask = async (target: Ctap2Session, extensions: { salt1: Uint8Array; salt2?: Uint8Array }, pinUvAuthToken?: PinUvAuthToken) => {
      const [assertion] = await target.getAssertion({
        rpId: RP.id,
        clientDataHash: clientDataHash('get'),
        allowList,
        extensions: { hmacSecret: extensions },
        ...(pinUvAuthToken ? { pinUvAuthToken } : {}),
      });
      return assertion!.extensions.hmacSecret!;
    };

    const first = await ask(session, { salt1 });
    const again = await ask(session, { salt1 });
    expect(first.output1).toHaveLength(32);
    expect(first.output2).toBeUndefined();
    expect(again.output1).toEqual(first.output1);
    const both = await ask(session, { salt1, salt2 });
    expect(both.output1).toEqual(first.output1);
    expect(both.output2).toHaveLength(32);
    expect(both.output2).not.toEqual(both.output1);

    // Protocol 1 carries the salts differently, but the secret is the credential's: same output.
    const protocolOne = await Ctap2Session.open(device.device, { pinUvAuthProtocol: 1 });
    expect(protocolOne.pinUvAuthProtocol.version).toBe(1);
    expect((await ask(protocolOne, { salt1 })).output1).toEqual(first.output1);

    // With user verification the credential uses its other CredRandom.
    await session.clientPin.setPin('1234');
    expect(authenticator.state.pinHash).toBeDefined();
    const verified = await ask(session, { salt1 }, await tokenFor(session, '1234', ga, RP.id));
    expect(verified.output1).not.toEqual(first.output1);
    expect((await ask(session, { salt1 }, await tokenFor(session, '1234', ga, RP.id))).output1).toEqual(verified.output1);

    await expect(ask(session, { salt1: new Uint8Array(16) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('credProtect: level 3 needs user verification, level 2 an allowList', async () => {
    const { session } = await setup({ pin: '1234' });
    const make = async (level: number) => {
      const token = await tokenFor(session, '1234', mc, RP.id);
      const created = await session.makeCredential(
        credentialRequest({ user: user(`level${level}`), options: { rk: true }, pinUvAuthToken: token, extensions: { credProtect: level } }),
      );
      expect(created.extensions.credProtect).toBe(level);
      return created;
    };
    const required = await make(CredentialProtectionPolicy.userVerificationRequired);
    const withList = await make(CredentialProtectionPolicy.userVerificationOptionalWithCredentialIdList);

    // Without UV and without an allowList neither shows.
    expect(await ctapStatusOf(session.getAssertion({ rpId: RP.id, clientDataHash: clientDataHash('get') }))).toBe(CtapStatus.NO_CREDENTIALS);
    // Level 2 shows when named; level 3 does not, even when named.
    const named = await session.getAssertion({
      rpId: RP.id,
      clientDataHash: clientDataHash('get'),
      allowList: [{ type: 'public-key', id: withList.credentialId }],
    });
    expect(named[0]!.credential.id).toEqual(withList.credentialId);
    expect(
      await ctapStatusOf(
        session.getAssertion({ rpId: RP.id, clientDataHash: clientDataHash('get'), allowList: [{ type: 'public-key', id: required.credentialId }] }),
      ),
    ).toBe(CtapStatus.NO_CREDENTIALS);
    // With UV both show.
    const pinUvAuthToken = await tokenFor(session, '1234', ga, RP.id);
    const verified = await session.getAssertion({ rpId: RP.id, clientDataHash: clientDataHash('get'), pinUvAuthToken });
    expect(verified.map((assertion) => assertion.credential.id)).toEqual([withList.credentialId, required.credentialId]);
  });

  it('credBlob: stored at makeCredential, read back at getAssertion; too large is refused', async () => {
    const { session } = await setup();
    const blob = Uint8Array.from(randomBytes(32));
    const created = await session.makeCredential(credentialRequest({ extensions: { credBlob: blob } }));
    expect(created.extensions.credBlob).toBe(true);
    const [assertion] = await session.getAssertion({
      rpId: RP.id,
      clientDataHash: clientDataHash('get'),
      allowList: [{ type: 'public-key', id: created.credentialId }],
      extensions: { credBlob: true },
    });
    expect(assertion!.extensions.credBlob).toEqual(blob);
    const tooLarge = await session.makeCredential(credentialRequest({ extensions: { credBlob: new Uint8Array(33) } }));
    expect(tooLarge.extensions.credBlob).toBe(false);
  });

  it('minPinLength: answered to the RPs set with setMinPinLength, not to others', async () => {
    const { session } = await setup();
    await session.config().setMinPinLength({ minPinLengthRpIds: [RP.id] });
    const allowed = await session.makeCredential(credentialRequest({ extensions: { minPinLength: true } }));
    expect(allowed.extensions.minPinLength).toBe(session.info.minPINLength);
    expect(allowed.extensions.minPinLength).toBe(4);
    const other = await session.makeCredential(credentialRequest({ rp: { id: 'other.example' }, extensions: { minPinLength: true } }));
    expect(other.extensions.minPinLength).toBeUndefined();
  });

  it('sets, changes and counts the PIN', async () => {
    const { session } = await setup();
    expect(session.info.options?.clientPin).toBe(false);
    expect(await ctapStatusOf(session.clientPin.getPinUvAuthToken('1234', { permissions: cm }))).toBe(CtapStatus.PIN_NOT_SET);
    expect(await clientErrorOf(session.clientPin.getPinUvAuthToken('1234', { permissions: mc | ga }))).toMatchObject({ code: 'BAD_REQUEST' });
    await session.clientPin.setPin('1234');
    expect(session.info.options?.clientPin).toBe(true);
    expect(await session.clientPin.getPinRetries()).toEqual({ pinRetries: 8, powerCycleState: false });
    // A PIN is set: setPin again is refused, changePin is the way.
    expect(await ctapStatusOf(session.clientPin.setPin('9876'))).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect(await ctapStatusOf(session.clientPin.changePin('0000', '5678'))).toBe(CtapStatus.PIN_INVALID);
    expect((await session.clientPin.getPinRetries()).pinRetries).toBe(7);
    await session.clientPin.changePin('1234', '5678');
    expect((await session.clientPin.getPinRetries()).pinRetries).toBe(8);
    expect(await ctapStatusOf(session.clientPin.getPinUvAuthToken('1234', { permissions: cm }))).toBe(CtapStatus.PIN_INVALID);
    const token = await session.clientPin.getPinUvAuthToken('5678', { permissions: mc, rpId: RP.id });
    const created = await session.makeCredential(credentialRequest({ options: { rk: true }, pinUvAuthToken: token }));
    expect(created.authenticatorData.flags & AuthenticatorDataFlags.UV).toBeTruthy();
    // Too short for CTAP: refused before anything is sent.
    expect(await ctapStatusOf(session.clientPin.setPin('12'))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
  });

  it('wrong PINs: PIN_AUTH_BLOCKED after three in a row, PIN_BLOCKED across power cycles when the retries run out', async () => {
    const { session, authenticator } = await setup({ pin: '1234' });
    const wrong = () => ctapStatusOf(session.clientPin.getPinUvAuthToken('0000', { permissions: cm }));
    expect(await wrong()).toBe(CtapStatus.PIN_INVALID);
    expect(await wrong()).toBe(CtapStatus.PIN_INVALID);
    expect(await wrong()).toBe(CtapStatus.PIN_AUTH_BLOCKED);
    expect(await session.clientPin.getPinRetries()).toEqual({ pinRetries: 5, powerCycleState: true });
    // Blocked until the power cycle, even for the right PIN.
    expect(await ctapStatusOf(session.clientPin.getPinUvAuthToken('1234', { permissions: cm }))).toBe(CtapStatus.PIN_AUTH_BLOCKED);

    authenticator.powerCycle();
    expect(await session.clientPin.getPinRetries()).toEqual({ pinRetries: 5, powerCycleState: false });
    for (const expected of [CtapStatus.PIN_INVALID, CtapStatus.PIN_INVALID, CtapStatus.PIN_AUTH_BLOCKED]) expect(await wrong()).toBe(expected);
    authenticator.powerCycle();
    expect(await wrong()).toBe(CtapStatus.PIN_INVALID);
    expect(await wrong()).toBe(CtapStatus.PIN_BLOCKED);
    expect((await session.clientPin.getPinRetries()).pinRetries).toBe(0);
    const error = await session.clientPin.getPinUvAuthToken('1234', { permissions: cm }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(CtapError);
    expect(error).toMatchObject({ status: CtapStatus.PIN_BLOCKED, code: 'PIN_BLOCKED' });

    // Only reset helps; afterwards a PIN can be set again.
    authenticator.powerCycle();
    await session.reset();
    expect(session.info.options?.clientPin).toBe(false);
    await session.clientPin.setPin('4321');
    expect((await session.clientPin.getPinRetries()).pinRetries).toBe(8);
  });

  it('user presence denied is OPERATION_DENIED', async () => {
    const { session, authenticator } = await setup({ userPresence: fixedUserPresence('deny') });
    expect(await ctapStatusOf(session.makeCredential(credentialRequest()))).toBe(CtapStatus.OPERATION_DENIED);
    expect(await ctapStatusOf(session.selection())).toBe(CtapStatus.OPERATION_DENIED);
    authenticator.userPresencePolicy = fixedUserPresence('approve');
    const created = await session.makeCredential(credentialRequest());
    authenticator.userPresencePolicy = fixedUserPresence('deny');
    expect(
      await ctapStatusOf(
        session.getAssertion({ rpId: RP.id, clientDataHash: clientDataHash('get'), allowList: [{ type: 'public-key', id: created.credentialId }] }),
      ),
    ).toBe(CtapStatus.OPERATION_DENIED);
    expect(await ctapStatusOf(session.reset())).toBe(CtapStatus.OPERATION_DENIED);
  });

  it('cancels a request waiting for a touch through its signal, and the session goes on', async () => {
    // The touch would come after 10 s: a cancel that works ends far sooner (the bound leaves room for a loaded machine).
    const { session, authenticator } = await setup({ userPresence: fixedUserPresence('approve', 10_000) });
    const controller = new AbortController();
    const started = Date.now();
    const error = await clientErrorOf(
      session.makeCredential(credentialRequest(), {
        signal: controller.signal,
        onKeepalive: (status) => {
          if (status === 2) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(authenticator.state.credentials).toHaveLength(0);

    authenticator.userPresencePolicy = fixedUserPresence('approve');
    const created = await session.makeCredential(credentialRequest());
    expect(created.credentialId).toHaveLength(48);
  });

  it('reports "touch your key" while it waits, then succeeds', async () => {
    const { session } = await setup({ userPresence: fixedUserPresence('approve', 300) });
    const keepalives: number[] = [];
    await session.selection({ onKeepalive: (status) => keepalives.push(status) });
    expect(keepalives).toContain(2);
  });

  it('credential management: metadata, enumerate, update and delete', async () => {
    const { session } = await setup({ pin: '1234' });
    const created = new Map<string, Uint8Array>();
    for (const [rpId, name] of [
      [RP.id, 'alice'],
      [RP.id, 'bob'],
      ['other.example', 'carol'],
    ] as const) {
      const token = await tokenFor(session, '1234', mc, rpId);
      const request = credentialRequest({ rp: { id: rpId, name: rpId }, user: user(name), options: { rk: true }, pinUvAuthToken: token });
      const result = await session.makeCredential(request);
      created.set(name, result.credentialId);
    }
    // A non-discoverable credential is not managed.
    await session.makeCredential(credentialRequest({ user: user('eve') }));

    const withoutCm = await tokenFor(session, '1234', mc | ga, RP.id);
    expect(await ctapStatusOf(session.credentialManagement(withoutCm).getCredsMetadata())).toBe(CtapStatus.PIN_AUTH_INVALID);

    const manager = session.credentialManagement(await tokenFor(session, '1234', cm));
    expect(await manager.getCredsMetadata()).toEqual({ existingResidentCredentialsCount: 3, maxPossibleRemainingResidentCredentialsCount: 97 });
    const rps = await manager.enumerateRps();
    expect(rps.map((entry) => entry.rp.id)).toEqual([RP.id, 'other.example']);
    expect(rps[0]!.rpIdHash).toEqual(rpIdHash(RP.id));

    const credentials = await manager.enumerateCredentials(rps[0]!.rpIdHash);
    expect(credentials.map((credential) => credential.user.name).sort()).toEqual(['alice', 'bob']);
    const alice = credentials.find((credential) => credential.user.name === 'alice')!;
    expect(alice.credentialId.id).toEqual(created.get('alice'));
    expect(alice.credProtect).toBe(1);
    expect(alice.publicKey.get(3)).toBe(-7);
    // By RP ID as well as by hash.
    expect(await manager.enumerateCredentials('other.example')).toHaveLength(1);
    expect(await manager.enumerateCredentials('nobody.example')).toEqual([]);

    await manager.updateUserInformation(alice.credentialId, { id: alice.user.id, name: 'alice2', displayName: 'Alice Two' });
    const renamed = (await manager.enumerateCredentials(RP.id)).find((credential) => Buffer.from(credential.credentialId.id).equals(created.get('alice')!));
    expect(renamed?.user).toEqual({ id: alice.user.id, name: 'alice2', displayName: 'Alice Two' });

    await manager.deleteCredential(created.get('bob')!);
    await manager.deleteCredential(created.get('carol')!);
    expect((await manager.enumerateRps()).map((entry) => entry.rp.id)).toEqual([RP.id]);
    expect(await manager.getCredsMetadata()).toEqual({ existingResidentCredentialsCount: 1, maxPossibleRemainingResidentCredentialsCount: 99 });
    expect(await ctapStatusOf(manager.deleteCredential(created.get('bob')!))).toBe(CtapStatus.NO_CREDENTIALS);
    await manager.deleteCredential(alice.credentialId);
    expect(await manager.enumerateRps()).toEqual([]);
  });

  it('resets within the window after power-up, and not later', async () => {
    let clock = 1_000_000;
    const { session, authenticator } = await setup({ pin: '1234', now: () => clock });
    const token = await tokenFor(session, '1234', mc, RP.id);
    await session.makeCredential(credentialRequest({ options: { rk: true }, pinUvAuthToken: token }));
    clock += 5_000;
    await session.reset();
    expect(session.info.options?.clientPin).toBe(false);
    expect(authenticator.state.credentials).toHaveLength(0);
    expect(await ctapStatusOf(session.getAssertion({ rpId: RP.id, clientDataHash: clientDataHash('get') }))).toBe(CtapStatus.NO_CREDENTIALS);

    clock += 10_001;
    expect(await ctapStatusOf(session.reset())).toBe(CtapStatus.NOT_ALLOWED);
    authenticator.powerCycle();
    await session.reset();
  });

  it('selection resolves once the key is touched', async () => {
    const { session } = await setup();
    await expect(session.selection()).resolves.toBeUndefined();
  });

  it('config: toggleAlwaysUv and setMinPinLength, without a token before a PIN and with an acfg token after', async () => {
    const { session } = await setup();
    await session.config().toggleAlwaysUv();
    expect(session.info.options?.alwaysUv).toBe(true);
    expect(await ctapStatusOf(session.makeCredential(credentialRequest()))).toBe(CtapStatus.PUAT_REQUIRED);

    await session.clientPin.setPin('1234');
    expect(await ctapStatusOf(session.config().toggleAlwaysUv())).toBe(CtapStatus.PUAT_REQUIRED);
    const withoutAcfg = await tokenFor(session, '1234', mc, RP.id);
    expect(await ctapStatusOf(session.config(withoutAcfg).toggleAlwaysUv())).toBe(CtapStatus.PIN_AUTH_INVALID);
    const config = session.config(await tokenFor(session, '1234', acfg));
    await config.toggleAlwaysUv();
    expect(session.info.options?.alwaysUv).toBe(false);

    await config.setMinPinLength({ newMinPinLength: 6 });
    expect(session.info.minPINLength).toBe(6);
    // The current 4-digit PIN is now too short: the device wants it changed.
    expect(session.info.forcePINChange).toBe(true);
    expect(await ctapStatusOf(session.clientPin.changePin('1234', '12345'))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    await session.clientPin.changePin('1234', '123456');
    expect(session.info.forcePINChange).toBe(false);
    // Changing the PIN ended every token handed out before.
    expect(await ctapStatusOf(config.setMinPinLength({ newMinPinLength: 8 }))).toBe(CtapStatus.PIN_AUTH_INVALID);
    const fresh = session.config(await tokenFor(session, '123456', acfg));
    expect(await ctapStatusOf(fresh.setMinPinLength({ newMinPinLength: 5 }))).toBe(CtapStatus.PIN_POLICY_VIOLATION);
  });
});
