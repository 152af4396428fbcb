import { createHmac, randomBytes } from 'node:crypto';
import {
  AuthenticatorDataFlags,
  Ctap2Command,
  CtapStatus,
  decodeCbor,
  decodeGetAssertionResponse,
  decodeMakeCredentialResponse,
  encapsulate,
  encodeCtap2Request,
  encodeGetAssertionRequest,
  encodeHmacSecretInput,
  encodeMakeCredentialRequest,
  parseAuthenticatorData,
  pinUvAuthProtocol,
  PinUvAuthTokenPermissions,
  rpIdHash,
  verifyCoseSignature,
  type CborMap,
  type CborValue,
  type CoseKey,
  type GetAssertionRequest,
  type MakeCredentialRequest,
} from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../../Authenticator.js';
import { createAuthenticator, type AuthenticatorOptions } from '../../createAuthenticator.js';
import type { UserPresenceRequest } from '../../userPresence/UserPresencePolicy.js';

const RP_ID = 'example.org';
const createHash = new Uint8Array(32).fill(0x11);
const getHash = new Uint8Array(32).fill(0x22);
const text = (value: string) => new TextEncoder().encode(value);

async function setup(options: AuthenticatorOptions = {}) {
  const touches: UserPresenceRequest[] = [];
  let clock = 1_000_000;
  const authenticator = await createAuthenticator({
    ...options,
    now: () => clock,
    userPresence: (request) => {
      touches.push(request);
      return 'approve';
    },
  });
  return { authenticator, touches, advance: (ms: number) => (clock += ms) };
}

async function send(authenticator: Authenticator, command: number, parameters?: CborMap) {
  const response = await authenticator.handleCtap2(encodeCtap2Request(command, parameters));
  return { status: response[0]!, body: response.length > 1 ? (decodeCbor(response.subarray(1)) as CborMap) : undefined };
}

/** Acts as the platform: a fresh token and the pinUvAuthParam over `hash`. */
function pinUvAuth(authenticator: Authenticator, hash: Uint8Array, options: { permissions?: number; rpId?: string; userPresent?: boolean; protocol?: number } = {}) {
  const protocol = options.protocol ?? 2;
  const token = authenticator.volatile.pinToken.issue(protocol, options.permissions ?? PinUvAuthTokenPermissions.mc | PinUvAuthTokenPermissions.ga, options.rpId, options.userPresent);
  return { pinUvAuthParam: pinUvAuthProtocol(protocol).authenticate(token, hash), pinUvAuthProtocol: protocol };
}

/** Makes a credential and returns its id and COSE public key. */
async function register(authenticator: Authenticator, overrides: Partial<MakeCredentialRequest> = {}): Promise<{ id: Uint8Array; publicKey: CoseKey }> {
  const request: MakeCredentialRequest = {
    clientDataHash: createHash,
    rp: { id: RP_ID },
    user: { id: text('user-1'), name: 'alice', displayName: 'Alice' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    ...overrides,
  };
  if (request.options?.rk && authenticator.state.pinHash && !request.pinUvAuthParam) Object.assign(request, pinUvAuth(authenticator, createHash));
  const { status, body } = await send(authenticator, Ctap2Command.makeCredential, encodeMakeCredentialRequest(request));
  expect(status).toBe(CtapStatus.OK);
  const attested = parseAuthenticatorData(decodeMakeCredentialResponse(body).authData).attestedCredentialData!;
  return { id: attested.credentialId, publicKey: attested.credentialPublicKey };
}

function assertionRequest(overrides: Partial<GetAssertionRequest> = {}): GetAssertionRequest {
  return { rpId: RP_ID, clientDataHash: getHash, ...overrides };
}

async function getAssertion(authenticator: Authenticator, overrides: Partial<GetAssertionRequest> = {}) {
  const { status, body } = await send(authenticator, Ctap2Command.getAssertion, encodeGetAssertionRequest(assertionRequest(overrides)));
  expect(status, `status 0x${status.toString(16)}`).toBe(CtapStatus.OK);
  const response = decodeGetAssertionResponse(body);
  return { response, authData: parseAuthenticatorData(response.authData) };
}

async function getNextAssertion(authenticator: Authenticator) {
  const { status, body } = await send(authenticator, Ctap2Command.getNextAssertion);
  expect(status, `status 0x${status.toString(16)}`).toBe(CtapStatus.OK);
  const response = decodeGetAssertionResponse(body);
  return { response, authData: parseAuthenticatorData(response.authData) };
}

async function statusOf(authenticator: Authenticator, overrides: Partial<GetAssertionRequest> = {}): Promise<number> {
  return (await send(authenticator, Ctap2Command.getAssertion, encodeGetAssertionRequest(assertionRequest(overrides)))).status;
}

const allow = (...ids: Uint8Array[]) => ids.map((id) => ({ type: 'public-key', id }));
const signed = (response: { authData: Uint8Array }) => Buffer.concat([response.authData, getHash]);

describe('handleGetAssertion', () => {
  it('signs authData || clientDataHash with an allowList credential and counts up from 1', async () => {
    const { authenticator, touches } = await setup();
    for (const alg of [-7, -8]) {
      const { id, publicKey } = await register(authenticator, { pubKeyCredParams: [{ type: 'public-key', alg }] });
      touches.length = 0;
      const first = await getAssertion(authenticator, { allowList: allow(Uint8Array.of(7, 7, 7), id) });
      expect(first.response.credential).toEqual({ type: 'public-key', id });
      expect(first.authData.rpIdHash).toEqual(rpIdHash(RP_ID));
      expect(first.authData.flags).toBe(AuthenticatorDataFlags.UP);
      expect(first.authData.signCount).toBe(1);
      expect(first.authData.attestedCredentialData).toBeUndefined();
      expect(first.response.user).toBeUndefined();
      expect(first.response.numberOfCredentials).toBeUndefined();
      expect(verifyCoseSignature(publicKey, signed(first.response), first.response.signature)).toBe(true);
      expect(verifyCoseSignature(publicKey, Buffer.from(first.response.authData), first.response.signature)).toBe(false);
      expect(touches).toEqual([{ purpose: 'getAssertion', rpId: RP_ID }]);
      const second = await getAssertion(authenticator, { allowList: allow(id) });
      expect(second.authData.signCount).toBe(2);
      expect(verifyCoseSignature(publicKey, signed(second.response), second.response.signature)).toBe(true);
    }
    // No getNextAssertion after an allowList assertion.
    expect((await send(authenticator, Ctap2Command.getNextAssertion)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it("with signCount 'zero', signs with counter 0 every time and leaves the stored count alone", async () => {
    const { authenticator } = await setup({ signCount: 'zero' });
    const { id, publicKey } = await register(authenticator);
    for (let round = 0; round < 2; round++) {
      const assertion = await getAssertion(authenticator, { allowList: allow(id) });
      expect(assertion.authData.signCount).toBe(0);
      expect(verifyCoseSignature(publicKey, signed(assertion.response), assertion.response.signature)).toBe(true);
    }
    expect(authenticator.state.credentials[0]!.signCount).toBe(0);
  });

  it('answers NO_CREDENTIALS, without a touch, when nothing applies', async () => {
    const { authenticator, touches } = await setup();
    const { id } = await register(authenticator);
    touches.length = 0;
    expect(await statusOf(authenticator)).toBe(CtapStatus.NO_CREDENTIALS);
    expect(await statusOf(authenticator, { allowList: allow(Uint8Array.of(1, 2, 3)) })).toBe(CtapStatus.NO_CREDENTIALS);
    expect(await statusOf(authenticator, { rpId: 'other.example', allowList: allow(id) })).toBe(CtapStatus.NO_CREDENTIALS);
    expect(await statusOf(authenticator, { allowList: [{ type: 'other', id }] })).toBe(CtapStatus.NO_CREDENTIALS);
    // An empty allowList counts as none: only discoverable credentials, and there are none.
    expect(await statusOf(authenticator, { allowList: [] })).toBe(CtapStatus.NO_CREDENTIALS);
    expect(touches).toHaveLength(0);
  });

  it('hands out discoverable credentials newest first, then the rest through getNextAssertion', async () => {
    const { authenticator } = await setup({ pin: '1234' });
    const alice = await register(authenticator, { options: { rk: true }, user: { id: text('user-1'), name: 'alice', displayName: 'Alice' } });
    const bob = await register(authenticator, { options: { rk: true }, user: { id: text('user-2'), name: 'bob', displayName: 'Bob' } });
    const carol = await register(authenticator, { options: { rk: true }, user: { id: text('user-3'), name: 'carol' } });
    await register(authenticator, { options: { rk: true }, rp: { id: 'other.example' } });
    await register(authenticator, { user: { id: text('user-4') } }); // non-discoverable

    // With UV (as in the firmware recordings): name and displayName come with the id.
    const first = await getAssertion(authenticator, pinUvAuth(authenticator, getHash));
    expect(first.response.numberOfCredentials).toBe(3);
    expect(first.response.credential!.id).toEqual(carol.id);
    expect(first.response.user).toEqual({ id: text('user-3'), name: 'carol' });
    expect(first.authData.flags).toBe(AuthenticatorDataFlags.UP | AuthenticatorDataFlags.UV);
    expect(verifyCoseSignature(carol.publicKey, signed(first.response), first.response.signature)).toBe(true);

    const second = await getNextAssertion(authenticator);
    expect(second.response.credential!.id).toEqual(bob.id);
    expect(second.response.user).toEqual({ id: text('user-2'), name: 'bob', displayName: 'Bob' });
    expect(second.response.numberOfCredentials).toBeUndefined();
    expect(second.authData.flags).toBe(AuthenticatorDataFlags.UP | AuthenticatorDataFlags.UV);
    expect(verifyCoseSignature(bob.publicKey, signed(second.response), second.response.signature)).toBe(true);
    const third = await getNextAssertion(authenticator);
    expect(third.response.credential!.id).toEqual(alice.id);
    expect(verifyCoseSignature(alice.publicKey, signed(third.response), third.response.signature)).toBe(true);
    // Past the end: NOT_ALLOWED, as solo and canokey answer.
    expect((await send(authenticator, Ctap2Command.getNextAssertion)).status).toBe(CtapStatus.NOT_ALLOWED);

    // Without UV: only the user id.
    const anonymous = await getAssertion(authenticator);
    expect(anonymous.response.user).toEqual({ id: text('user-3') });
    expect(anonymous.authData.flags).toBe(AuthenticatorDataFlags.UP);
    expect(anonymous.authData.signCount).toBe(2);
    expect((await getNextAssertion(authenticator)).response.user).toEqual({ id: text('user-2') });
  });

  it('gives only the user id for a single discoverable credential, even with UV', async () => {
    const { authenticator } = await setup({ pin: '1234' });
    await register(authenticator, { options: { rk: true } });
    const { response } = await getAssertion(authenticator, pinUvAuth(authenticator, getHash));
    expect(response.user).toEqual({ id: text('user-1') });
    expect(response.numberOfCredentials).toBeUndefined();
    expect((await send(authenticator, Ctap2Command.getNextAssertion)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it('forgets pending assertions after 30 s, and when a new getAssertion comes', async () => {
    const { authenticator, advance } = await setup();
    await register(authenticator, { options: { rk: true }, user: { id: text('a') } });
    await register(authenticator, { options: { rk: true }, user: { id: text('b') } });
    await register(authenticator, { options: { rk: true }, user: { id: text('c') } });
    expect((await send(authenticator, Ctap2Command.getNextAssertion)).status).toBe(CtapStatus.NOT_ALLOWED);

    await getAssertion(authenticator);
    advance(30_000);
    await getNextAssertion(authenticator); // exactly 30 s: still in time, and the timer restarts
    advance(30_001);
    expect((await send(authenticator, Ctap2Command.getNextAssertion)).status).toBe(CtapStatus.NOT_ALLOWED);
    expect((await send(authenticator, Ctap2Command.getNextAssertion)).status).toBe(CtapStatus.NOT_ALLOWED);

    await getAssertion(authenticator);
    expect(await statusOf(authenticator, { rpId: 'nobody.example' })).toBe(CtapStatus.NO_CREDENTIALS);
    expect((await send(authenticator, Ctap2Command.getNextAssertion)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it('skips a credential deleted between getAssertion and getNextAssertion', async () => {
    const { authenticator } = await setup();
    const a = await register(authenticator, { options: { rk: true }, user: { id: text('a') } });
    await register(authenticator, { options: { rk: true }, user: { id: text('b') } });
    await register(authenticator, { options: { rk: true }, user: { id: text('c') } });
    await getAssertion(authenticator);
    authenticator.state.credentials.splice(1, 1); // b
    expect((await getNextAssertion(authenticator)).response.credential!.id).toEqual(a.id);
    expect((await send(authenticator, Ctap2Command.getNextAssertion)).status).toBe(CtapStatus.NOT_ALLOWED);
  });

  it('with up:false, asks for no touch and leaves UP out of the flags', async () => {
    const { authenticator, touches } = await setup({ pin: '1234' });
    const { id } = await register(authenticator);
    touches.length = 0;
    const silent = await getAssertion(authenticator, { allowList: allow(id), options: { up: false } });
    expect(silent.authData.flags).toBe(0);
    expect(touches).toHaveLength(0);
    // A silent use does not spend the token.
    const auth = pinUvAuth(authenticator, getHash);
    expect((await getAssertion(authenticator, { allowList: allow(id), options: { up: false }, ...auth })).authData.flags).toBe(AuthenticatorDataFlags.UV);
    expect((await getAssertion(authenticator, { allowList: allow(id), ...auth })).authData.flags).toBe(AuthenticatorDataFlags.UP | AuthenticatorDataFlags.UV);
    expect(await statusOf(authenticator, { allowList: allow(id), ...auth })).toBe(CtapStatus.PIN_AUTH_INVALID);
  });

  it('refuses uv:true (INVALID_OPTION) and the rk option (UNSUPPORTED_OPTION)', async () => {
    const { authenticator } = await setup();
    const { id } = await register(authenticator);
    expect(await statusOf(authenticator, { allowList: allow(id), options: { uv: true } })).toBe(CtapStatus.INVALID_OPTION);
    expect(await statusOf(authenticator, { allowList: allow(id), options: { rk: false } })).toBe(CtapStatus.UNSUPPORTED_OPTION);
    expect(await statusOf(authenticator, { allowList: allow(id), options: { uv: false, up: true } })).toBe(CtapStatus.OK);
  });

  it('answers OPERATION_DENIED when the user refuses', async () => {
    const { authenticator } = await setup();
    const { id } = await register(authenticator);
    authenticator.userPresencePolicy = () => 'deny';
    expect(await statusOf(authenticator, { allowList: allow(id) })).toBe(CtapStatus.OPERATION_DENIED);
    expect(authenticator.state.credentials[0]!.signCount).toBe(0);
  });

  it('enforces credProtect: level 2 needs UV or an allowList, level 3 always needs UV', async () => {
    const { authenticator } = await setup({ pin: '1234' });
    const level2 = await register(authenticator, { options: { rk: true }, user: { id: text('two') }, extensions: new Map([['credProtect', 2]]) });
    const level3 = await register(authenticator, { options: { rk: true }, user: { id: text('three') }, extensions: new Map([['credProtect', 3]]) });
    expect(await statusOf(authenticator)).toBe(CtapStatus.NO_CREDENTIALS);
    expect((await getAssertion(authenticator, { allowList: allow(level2.id) })).response.credential!.id).toEqual(level2.id);
    expect(await statusOf(authenticator, { allowList: allow(level3.id) })).toBe(CtapStatus.NO_CREDENTIALS);
    expect((await getAssertion(authenticator, { allowList: allow(level3.id, level2.id) })).response.credential!.id).toEqual(level2.id);
    const verified = await getAssertion(authenticator, pinUvAuth(authenticator, getHash));
    expect(verified.response.numberOfCredentials).toBe(2);
    expect(verified.response.credential!.id).toEqual(level3.id);
    expect((await getAssertion(authenticator, { allowList: allow(level3.id), ...pinUvAuth(authenticator, getHash) })).response.credential!.id).toEqual(level3.id);
  });

  describe('PIN / pinUvAuthToken', () => {
    it('answers PIN_AUTH_INVALID for a token without ga, bound to another RP, or a wrong param', async () => {
      const { authenticator, touches } = await setup({ pin: '1234' });
      const { id } = await register(authenticator);
      touches.length = 0;
      const allowList = allow(id);
      expect(await statusOf(authenticator, { allowList, ...pinUvAuth(authenticator, getHash, { permissions: PinUvAuthTokenPermissions.mc }) })).toBe(
        CtapStatus.PIN_AUTH_INVALID,
      );
      expect(await statusOf(authenticator, { allowList, ...pinUvAuth(authenticator, getHash, { rpId: 'other.example' }) })).toBe(CtapStatus.PIN_AUTH_INVALID);
      expect(await statusOf(authenticator, { allowList, ...pinUvAuth(authenticator, createHash) })).toBe(CtapStatus.PIN_AUTH_INVALID);
      expect(touches).toHaveLength(0);
      for (const protocol of [1, 2]) {
        const { authData } = await getAssertion(authenticator, { allowList, ...pinUvAuth(authenticator, getHash, { protocol, rpId: RP_ID }) });
        expect(authData.flags).toBe(0x05);
      }
    });

    it('checks pinUvAuthProtocol and answers PIN_NOT_SET without a PIN', async () => {
      const { authenticator } = await setup();
      const { id } = await register(authenticator);
      const { pinUvAuthParam } = pinUvAuth(authenticator, getHash);
      expect(await statusOf(authenticator, { allowList: allow(id), pinUvAuthParam })).toBe(CtapStatus.MISSING_PARAMETER);
      expect(await statusOf(authenticator, { allowList: allow(id), pinUvAuthParam, pinUvAuthProtocol: 7 })).toBe(CtapStatus.INVALID_PARAMETER);
      expect(await statusOf(authenticator, { allowList: allow(id), pinUvAuthParam, pinUvAuthProtocol: 2 })).toBe(CtapStatus.PIN_NOT_SET);
    });

    it('answers the zero-length pinUvAuthParam probe after a touch', async () => {
      const withoutPin = await setup();
      expect(await statusOf(withoutPin.authenticator, { pinUvAuthParam: new Uint8Array(0), pinUvAuthProtocol: 1 })).toBe(CtapStatus.PIN_NOT_SET);
      expect(withoutPin.touches).toHaveLength(1);
      const withPin = await setup({ pin: '1234' });
      expect(await statusOf(withPin.authenticator, { pinUvAuthParam: new Uint8Array(0), pinUvAuthProtocol: 1 })).toBe(CtapStatus.PIN_INVALID);
      withPin.authenticator.userPresencePolicy = () => 'deny';
      expect(await statusOf(withPin.authenticator, { pinUvAuthParam: new Uint8Array(0), pinUvAuthProtocol: 1 })).toBe(CtapStatus.OPERATION_DENIED);
    });

    it('takes a token that still carries a touch instead of asking for one', async () => {
      const { authenticator, touches } = await setup({ pin: '1234' });
      const { id } = await register(authenticator);
      touches.length = 0;
      await getAssertion(authenticator, { allowList: allow(id), ...pinUvAuth(authenticator, getHash, { userPresent: true }) });
      expect(touches).toHaveLength(0);
    });

    it('with alwaysUv, needs a token for an assertion with user presence only', async () => {
      const { authenticator } = await setup({ pin: '1234' });
      const { id } = await register(authenticator);
      authenticator.state.alwaysUv = true;
      expect(await statusOf(authenticator, { allowList: allow(id) })).toBe(CtapStatus.PUAT_REQUIRED);
      expect(await statusOf(authenticator, { allowList: allow(id), options: { up: false } })).toBe(CtapStatus.OK);
      expect(await statusOf(authenticator, { allowList: allow(id), ...pinUvAuth(authenticator, getHash) })).toBe(CtapStatus.OK);
    });
  });

  describe('extensions', () => {
    /** The platform side of hmac-secret: salts encrypted under a fresh shared secret with the authenticator. */
    function hmacSecretRequest(authenticator: Authenticator, salts: Uint8Array, protocolVersion = 2, sendProtocol = true) {
      const protocol = pinUvAuthProtocol(protocolVersion);
      const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, authenticator.volatile.keyAgreement.coseKey());
      const saltEnc = protocol.encrypt(sharedSecret, salts);
      const input = encodeHmacSecretInput({
        keyAgreement: platformKeyAgreement,
        saltEnc,
        saltAuth: protocol.authenticate(sharedSecret, saltEnc),
        pinUvAuthProtocol: sendProtocol ? protocolVersion : undefined,
      });
      return {
        extensions: new Map<string, CborValue>([['hmac-secret', input]]),
        decrypt: (output: CborValue | undefined) => protocol.decrypt(sharedSecret, output as Uint8Array),
      };
    }

    const hmac = (key: Uint8Array, salt: Uint8Array) => new Uint8Array(createHmac('sha256', key).update(salt).digest());

    it('answers hmac-secret with HMAC-SHA-256(CredRandom, salt) for one or two salts, protocols 1 and 2', async () => {
      const { authenticator } = await setup({ pin: '1234' });
      const { id } = await register(authenticator, { extensions: new Map([['hmac-secret', true]]) });
      const { withUv, withoutUv } = authenticator.state.credentials[0]!.hmacSecret!;
      const salt1 = new Uint8Array(randomBytes(32));
      const salt2 = new Uint8Array(randomBytes(32));
      for (const [protocol, sendProtocol] of [[1, false], [1, true], [2, true]] as const) {
        const one = hmacSecretRequest(authenticator, salt1, protocol, sendProtocol);
        const { authData } = await getAssertion(authenticator, { allowList: allow(id), extensions: one.extensions });
        expect(authData.flags).toBe(AuthenticatorDataFlags.UP | AuthenticatorDataFlags.ED);
        expect(one.decrypt(authData.extensions!.get('hmac-secret'))).toEqual(hmac(withoutUv, salt1));

        const two = hmacSecretRequest(authenticator, new Uint8Array(Buffer.concat([salt1, salt2])), protocol, sendProtocol);
        const verified = await getAssertion(authenticator, { allowList: allow(id), extensions: two.extensions, ...pinUvAuth(authenticator, getHash) });
        expect(two.decrypt(verified.authData.extensions!.get('hmac-secret'))).toEqual(new Uint8Array(Buffer.concat([hmac(withUv, salt1), hmac(withUv, salt2)])));
      }
    });

    it('refuses a bad saltAuth (PIN_AUTH_INVALID), salts of another size or an unknown protocol (INVALID_PARAMETER)', async () => {
      const { authenticator } = await setup();
      const { id } = await register(authenticator, { extensions: new Map([['hmac-secret', true]]) });
      const good = hmacSecretRequest(authenticator, new Uint8Array(32));
      const input = good.extensions.get('hmac-secret') as CborMap;
      const badAuth = new Map(input);
      const saltAuth = Uint8Array.from(input.get(3) as Uint8Array);
      saltAuth[0]! ^= 1;
      badAuth.set(3, saltAuth);
      expect(await statusOf(authenticator, { allowList: allow(id), extensions: new Map([['hmac-secret', badAuth]]) })).toBe(CtapStatus.PIN_AUTH_INVALID);
      const badSize = hmacSecretRequest(authenticator, new Uint8Array(48));
      expect(await statusOf(authenticator, { allowList: allow(id), extensions: badSize.extensions })).toBe(CtapStatus.INVALID_PARAMETER);
      const badProtocol = new Map(input);
      badProtocol.set(4, 3);
      expect(await statusOf(authenticator, { allowList: allow(id), extensions: new Map([['hmac-secret', badProtocol]]) })).toBe(CtapStatus.INVALID_PARAMETER);
      const missing = new Map(input);
      missing.delete(2);
      expect(await statusOf(authenticator, { allowList: allow(id), extensions: new Map([['hmac-secret', missing]]) })).toBe(CtapStatus.MISSING_PARAMETER);
      expect(await statusOf(authenticator, { allowList: allow(id), extensions: new Map([['hmac-secret', true]]) })).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    });

    it('gives no hmac-secret output for a credential made without it', async () => {
      const { authenticator } = await setup();
      const { id } = await register(authenticator);
      const { authData } = await getAssertion(authenticator, { allowList: allow(id), extensions: hmacSecretRequest(authenticator, new Uint8Array(32)).extensions });
      expect(authData.extensions).toBeUndefined();
      expect(authData.flags & AuthenticatorDataFlags.ED).toBe(0);
    });

    it('answers hmac-secret for every credential handed out by getNextAssertion', async () => {
      const { authenticator } = await setup();
      await register(authenticator, { options: { rk: true }, user: { id: text('a') }, extensions: new Map([['hmac-secret', true]]) });
      await register(authenticator, { options: { rk: true }, user: { id: text('b') }, extensions: new Map([['hmac-secret', true]]) });
      const salt = new Uint8Array(32).fill(5);
      const request = hmacSecretRequest(authenticator, salt);
      const first = await getAssertion(authenticator, { extensions: request.extensions });
      const second = await getNextAssertion(authenticator);
      const [b, a] = [authenticator.state.credentials[1]!, authenticator.state.credentials[0]!];
      expect(request.decrypt(first.authData.extensions!.get('hmac-secret'))).toEqual(hmac(b.hmacSecret!.withoutUv, salt));
      expect(request.decrypt(second.authData.extensions!.get('hmac-secret'))).toEqual(hmac(a.hmacSecret!.withoutUv, salt));
    });

    it('answers credBlob with the stored blob, or empty bytes', async () => {
      const { authenticator } = await setup();
      const blob = Uint8Array.of(1, 2, 3, 4);
      const withBlob = await register(authenticator, { extensions: new Map([['credBlob', blob]]) });
      const without = await register(authenticator);
      const extensions = new Map([['credBlob', true]]);
      expect((await getAssertion(authenticator, { allowList: allow(withBlob.id), extensions })).authData.extensions).toEqual(new Map([['credBlob', blob]]));
      expect((await getAssertion(authenticator, { allowList: allow(without.id), extensions })).authData.extensions).toEqual(
        new Map([['credBlob', new Uint8Array(0)]]),
      );
      const notAsked = await getAssertion(authenticator, { allowList: allow(withBlob.id), extensions: new Map<string, CborValue>([['credBlob', false], ['unknown', 1]]) });
      expect(notAsked.authData.extensions).toBeUndefined();
    });
  });
});
