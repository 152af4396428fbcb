import {
  AuthenticatorDataFlags,
  ClientPinSubcommand,
  Ctap2Command,
  CtapStatus,
  PinUvAuthTokenPermissions,
  decodeClientPinResponse,
  decodeCtap2Response,
  decodeGetAssertionResponse,
  decodeGetInfoResponse,
  decodeMakeCredentialResponse,
  decryptPinUvAuthToken,
  encodeClientPinRequest,
  encodeCtap2Request,
  encodeGetAssertionRequest,
  encodeMakeCredentialRequest,
  makePinTokenRequest,
  makeUvTokenRequest,
  parseAuthenticatorData,
  pinUvAuthProtocolTwo,
  type CborMap,
  type ClientPinRequest,
  type ClientPinResponse,
} from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../../Authenticator.js';
import { createAuthenticator, type AuthenticatorOptions } from '../../createAuthenticator.js';
import { MAX_UV_RETRIES } from '../../state/AuthenticatorState.js';
import type { UserPresenceRequest } from '../../userPresence/UserPresencePolicy.js';

const { mc, ga, cm, acfg } = PinUvAuthTokenPermissions;
const protocol = pinUvAuthProtocolTwo;
const RP_ID = 'example.org';
const clientDataHash = new Uint8Array(32).fill(0x22);
const PIN = '1234';

/** An authenticator whose touches are counted (built-in UV must not ask for one). */
async function setup(options: AuthenticatorOptions = {}) {
  const touches: UserPresenceRequest[] = [];
  const authenticator = await createAuthenticator({
    ...options,
    userPresence: (request) => {
      touches.push(request);
      return 'approve';
    },
  });
  return { authenticator, touches };
}

async function call(authenticator: Authenticator, command: number, parameters?: CborMap): Promise<{ status: number; body?: CborMap }> {
  const reply = await authenticator.handleCtap2(encodeCtap2Request(command, parameters));
  return { status: reply[0]!, body: reply[0] === CtapStatus.OK ? decodeCtap2Response(reply) : undefined };
}

async function clientPin(authenticator: Authenticator, request: ClientPinRequest): Promise<{ status: number; response: ClientPinResponse }> {
  const { status, body } = await call(authenticator, Ctap2Command.clientPIN, encodeClientPinRequest(request));
  return { status, response: status === CtapStatus.OK ? decodeClientPinResponse(body) : {} };
}

async function authenticatorKey(authenticator: Authenticator): Promise<CborMap> {
  const { response } = await clientPin(authenticator, { pinUvAuthProtocol: protocol.version, subCommand: ClientPinSubcommand.getKeyAgreement });
  return response.keyAgreement!;
}

/** getPinUvAuthTokenUsingUvWithPermissions (0x06); the decrypted token when OK. */
async function uvToken(authenticator: Authenticator, scope: { permissions: number; rpId?: string }): Promise<{ status: number; token?: Uint8Array }> {
  const { request, sharedSecret } = makeUvTokenRequest(protocol, await authenticatorKey(authenticator), scope);
  const { status, response } = await clientPin(authenticator, request);
  return status === CtapStatus.OK ? { status, token: decryptPinUvAuthToken(protocol, sharedSecret, response) } : { status };
}

async function uvRetries(authenticator: Authenticator): Promise<{ status: number; uvRetries?: number }> {
  const { status, response } = await clientPin(authenticator, { pinUvAuthProtocol: protocol.version, subCommand: ClientPinSubcommand.getUVRetries });
  return { status, ...(response.uvRetries === undefined ? {} : { uvRetries: response.uvRetries }) };
}

function makeCredentialParameters(extra: { pinUvAuthParam?: Uint8Array; uv?: boolean; rk?: boolean } = {}): CborMap {
  return encodeMakeCredentialRequest({
    clientDataHash,
    rp: { id: RP_ID },
    user: { id: new Uint8Array([1, 2, 3]), name: 'alice' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    ...(extra.pinUvAuthParam ? { pinUvAuthParam: extra.pinUvAuthParam, pinUvAuthProtocol: protocol.version } : {}),
    ...(extra.uv !== undefined || extra.rk !== undefined ? { options: { ...(extra.uv ? { uv: true } : {}), ...(extra.rk ? { rk: true } : {}) } } : {}),
  });
}

describe('built-in user verification (--uv)', () => {
  it('without it: getInfo has no uv, the UV sub-commands are INVALID_SUBCOMMAND and the uv option INVALID_OPTION', async () => {
    const { authenticator } = await setup();
    const info = decodeGetInfoResponse((await call(authenticator, Ctap2Command.getInfo)).body!);
    expect(info.options?.uv).toBeUndefined();
    expect(info.preferredPlatformUvAttempts).toBeUndefined();
    expect((await uvToken(authenticator, { permissions: mc, rpId: RP_ID })).status).toBe(CtapStatus.INVALID_SUBCOMMAND);
    expect((await uvRetries(authenticator)).status).toBe(CtapStatus.INVALID_SUBCOMMAND);
    expect((await call(authenticator, Ctap2Command.makeCredential, makeCredentialParameters({ uv: true }))).status).toBe(CtapStatus.INVALID_OPTION);
  });

  it('getInfo advertises uv, pinUvAuthToken and preferredPlatformUvAttempts > 1, with or without a PIN', async () => {
    for (const pin of [undefined, PIN]) {
      const { authenticator } = await setup({ builtInUv: 'approve', ...(pin ? { pin } : {}) });
      const info = decodeGetInfoResponse((await call(authenticator, Ctap2Command.getInfo)).body!);
      expect(info.options).toMatchObject({ uv: true, pinUvAuthToken: true, clientPin: pin !== undefined });
      expect(info.preferredPlatformUvAttempts).toBeGreaterThan(1);
    }
  });

  it('approve: a UV token works for makeCredential, which then has UV and UP set and asks for no touch', async () => {
    const { authenticator, touches } = await setup({ builtInUv: 'approve' });
    expect(await uvRetries(authenticator)).toEqual({ status: CtapStatus.OK, uvRetries: MAX_UV_RETRIES });
    const { status, token } = await uvToken(authenticator, { permissions: mc, rpId: RP_ID });
    expect(status).toBe(CtapStatus.OK);
    const made = await call(authenticator, Ctap2Command.makeCredential, makeCredentialParameters({ pinUvAuthParam: protocol.authenticate(token!, clientDataHash), rk: true }));
    expect(made.status).toBe(CtapStatus.OK);
    const { flags } = parseAuthenticatorData(decodeMakeCredentialResponse(made.body).authData);
    expect(flags & (AuthenticatorDataFlags.UP | AuthenticatorDataFlags.UV)).toBe(AuthenticatorDataFlags.UP | AuthenticatorDataFlags.UV);
    // §6.5.5.7.3 step 13: a finger on the sensor is evidence of user interaction, so the token stands for the touch.
    expect(touches).toHaveLength(0);
  });

  it('checks the request as §6.5.5.7.3 steps 1-4 say: mandatory parameters, permissions 0, unauthorized permissions', async () => {
    const { authenticator } = await setup({ builtInUv: 'approve' });
    expect((await uvToken(authenticator, { permissions: mc })).status).toBe(CtapStatus.MISSING_PARAMETER);
    expect((await uvToken(authenticator, { permissions: 0 })).status).toBe(CtapStatus.INVALID_PARAMETER);
    // acfg needs uvAcfg, which getInfo does not offer; cm is fine (credMgmt).
    expect((await uvToken(authenticator, { permissions: acfg })).status).toBe(CtapStatus.UNAUTHORIZED_PERMISSION);
    expect((await uvToken(authenticator, { permissions: cm })).status).toBe(CtapStatus.OK);
    expect((await clientPin(authenticator, { pinUvAuthProtocol: 2, subCommand: ClientPinSubcommand.getPinUvAuthTokenUsingUvWithPermissions, permissions: cm })).status).toBe(
      CtapStatus.MISSING_PARAMETER,
    );
    expect((await uvRetries(authenticator)).uvRetries).toBe(MAX_UV_RETRIES);
  });

  it('deny: each attempt costs a UV retry (UV_INVALID), the last one and every later one are UV_BLOCKED; a correct PIN restores them', async () => {
    const { authenticator } = await setup({ builtInUv: 'deny', pin: PIN });
    // CTAP 2.1 §6.5.5.7.3 step 10: "If the uvRetries counter is 0, return CTAP2_ERR_UV_BLOCKED. Otherwise, return
    // CTAP2_ERR_UV_INVALID." Step 7: "If the uvRetries counter is 0, return CTAP2_ERR_UV_BLOCKED" before any attempt.
    for (let left = MAX_UV_RETRIES - 1; left > 0; left -= 1) {
      expect((await uvToken(authenticator, { permissions: ga, rpId: RP_ID })).status).toBe(CtapStatus.UV_INVALID);
      expect((await uvRetries(authenticator)).uvRetries).toBe(left);
    }
    expect((await uvToken(authenticator, { permissions: ga, rpId: RP_ID })).status).toBe(CtapStatus.UV_BLOCKED);
    expect((await uvToken(authenticator, { permissions: ga, rpId: RP_ID })).status).toBe(CtapStatus.UV_BLOCKED);
    expect((await uvRetries(authenticator)).uvRetries).toBe(0);

    // §6.5.2.2: "Each correct PIN entry resets the pinRetries and the uvRetries counters back to their maximum values."
    const { request } = makePinTokenRequest(protocol, await authenticatorKey(authenticator), PIN, { permissions: ga, rpId: RP_ID });
    expect((await clientPin(authenticator, request)).status).toBe(CtapStatus.OK);
    expect((await uvRetries(authenticator)).uvRetries).toBe(MAX_UV_RETRIES);

  });

  it('a match after failures restores uvRetries (the decision may change between requests)', async () => {
    const { authenticator } = await setup({ builtInUv: 'deny' });
    await uvToken(authenticator, { permissions: ga, rpId: RP_ID });
    await uvToken(authenticator, { permissions: ga, rpId: RP_ID });
    expect((await uvRetries(authenticator)).uvRetries).toBe(MAX_UV_RETRIES - 2);
    authenticator.builtInUv = 'approve';
    expect((await uvToken(authenticator, { permissions: ga, rpId: RP_ID })).status).toBe(CtapStatus.OK);
    expect((await uvRetries(authenticator)).uvRetries).toBe(MAX_UV_RETRIES);
  });

  describe('the uv option (CTAP 2.0 platforms)', () => {
    it('approve: makeCredential and getAssertion with uv:true set UV and UP without a touch', async () => {
      const { authenticator, touches } = await setup({ builtInUv: 'approve' });
      const made = await call(authenticator, Ctap2Command.makeCredential, makeCredentialParameters({ uv: true, rk: true }));
      expect(made.status).toBe(CtapStatus.OK);
      expect(parseAuthenticatorData(decodeMakeCredentialResponse(made.body).authData).flags & 0x05).toBe(0x05);
      const got = await call(authenticator, Ctap2Command.getAssertion, encodeGetAssertionRequest({ rpId: RP_ID, clientDataHash, options: { uv: true } }));
      expect(got.status).toBe(CtapStatus.OK);
      expect(parseAuthenticatorData(decodeGetAssertionResponse(got.body).authData).flags & 0x05).toBe(0x05);
      expect(touches).toHaveLength(0);
    });

    it('deny: retried internally until no UV retries are left; then PIN_BLOCKED without a PIN, PUAT_REQUIRED with one', async () => {
      // CTAP 2.1 §6.1.2 step 11.2 (and §6.2.2 step 6.2): internalRetry is true; on failure "If the clientPin option ID
      // is true and the noMcGaPermissionsWithClientPin option ID is absent or false, ... CTAP2_ERR_PUAT_REQUIRED.
      // If the uvRetries counter is 0, return CTAP2_ERR_PIN_BLOCKED."
      const withoutPin = (await setup({ builtInUv: 'deny' })).authenticator;
      expect((await call(withoutPin, Ctap2Command.makeCredential, makeCredentialParameters({ uv: true }))).status).toBe(CtapStatus.PIN_BLOCKED);
      expect((await uvRetries(withoutPin)).uvRetries).toBe(0);

      const withPin = (await setup({ builtInUv: 'deny', pin: PIN })).authenticator;
      const got = await call(withPin, Ctap2Command.getAssertion, encodeGetAssertionRequest({ rpId: RP_ID, clientDataHash, options: { uv: true } }));
      expect(got.status).toBe(CtapStatus.PUAT_REQUIRED);
    });

    it('a discoverable credential without any UV is PUAT_REQUIRED on a key with built-in UV (makeCredUvNotRqd)', async () => {
      const { authenticator } = await setup({ builtInUv: 'approve' });
      expect((await call(authenticator, Ctap2Command.makeCredential, makeCredentialParameters({ rk: true }))).status).toBe(CtapStatus.PUAT_REQUIRED);
      expect((await call(authenticator, Ctap2Command.makeCredential, makeCredentialParameters())).status).toBe(CtapStatus.OK);
    });
  });
});
