import { createPrivateKey, createPublicKey, verify, X509Certificate } from 'node:crypto';
import {
  AuthenticatorDataFlags,
  Ctap2Command,
  CtapStatus,
  decodeCbor,
  decodeMakeCredentialResponse,
  encodeCtap2Request,
  encodeMakeCredentialRequest,
  parseAuthenticatorData,
  pinUvAuthProtocol,
  PinUvAuthTokenPermissions,
  rpIdHash,
  verifyCoseSignature,
  type CborMap,
  type CborValue,
  type MakeCredentialRequest,
} from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { Authenticator } from '../../Authenticator.js';
import { createAuthenticator, type AuthenticatorOptions } from '../../createAuthenticator.js';
import { MemoryStateStore } from '../../state/StateStore.js';
import type { UserPresenceDecision, UserPresenceRequest } from '../../userPresence/UserPresencePolicy.js';

const RP_ID = 'example.org';
const clientDataHash = new Uint8Array(32).fill(0x11);

/** An authenticator whose emulated user answers `decision` and whose touch requests are counted. */
async function setup(options: AuthenticatorOptions & { decision?: UserPresenceDecision } = {}) {
  const touches: UserPresenceRequest[] = [];
  const decision = options.decision ?? 'approve';
  const authenticator = await createAuthenticator({
    ...options,
    userPresence: (request) => {
      touches.push(request);
      return decision === 'timeout' ? new Promise<UserPresenceDecision>(() => undefined) : decision;
    },
  });
  return { authenticator, touches };
}

function request(overrides: Partial<MakeCredentialRequest> = {}): MakeCredentialRequest {
  return {
    clientDataHash,
    rp: { id: RP_ID, name: 'Example' },
    user: { id: new TextEncoder().encode('user-1'), name: 'alice', displayName: 'Alice' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    ...overrides,
  };
}

async function send(authenticator: Authenticator, parameters: CborMap): Promise<{ status: number; body?: CborMap }> {
  const response = await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.makeCredential, parameters));
  return { status: response[0]!, body: response.length > 1 ? (decodeCbor(response.subarray(1)) as CborMap) : undefined };
}

async function makeCredential(authenticator: Authenticator, overrides: Partial<MakeCredentialRequest> = {}) {
  const { status, body } = await send(authenticator, encodeMakeCredentialRequest(request(overrides)));
  expect(status, `status 0x${status.toString(16)}`).toBe(CtapStatus.OK);
  const response = decodeMakeCredentialResponse(body);
  return { response, authData: parseAuthenticatorData(response.authData) };
}

async function statusOf(authenticator: Authenticator, overrides: Partial<MakeCredentialRequest> = {}): Promise<number> {
  return (await send(authenticator, encodeMakeCredentialRequest(request(overrides)))).status;
}

/** Acts as the platform: a token with these permissions, and the pinUvAuthParam for clientDataHash. */
function pinUvAuth(authenticator: Authenticator, options: { protocol?: number; permissions?: number; rpId?: string; userPresent?: boolean } = {}) {
  const protocol = options.protocol ?? 2;
  const token = authenticator.volatile.pinToken.issue(protocol, options.permissions ?? PinUvAuthTokenPermissions.mc, options.rpId, options.userPresent);
  return { pinUvAuthParam: pinUvAuthProtocol(protocol).authenticate(token, clientDataHash), pinUvAuthProtocol: protocol };
}

describe('handleMakeCredential', () => {
  it('makes an ES256 credential with a packed attestation signed by the batch certificate', async () => {
    const { authenticator, touches } = await setup();
    const { response, authData } = await makeCredential(authenticator);
    expect(response.fmt).toBe('packed');
    expect(authData.rpIdHash).toEqual(rpIdHash(RP_ID));
    expect(authData.flags).toBe(AuthenticatorDataFlags.UP | AuthenticatorDataFlags.AT);
    expect(authData.signCount).toBe(0);
    const attested = authData.attestedCredentialData!;
    expect(attested.aaguid).toEqual(authenticator.config.aaguid);
    expect(attested.credentialId.length).toBe(48);
    expect(attested.credentialPublicKey.get(3)).toBe(-7);

    const x5c = response.attStmt.get('x5c') as Uint8Array[];
    expect(x5c).toEqual([authenticator.config.attestationMaterial.certificateDer]);
    expect(response.attStmt.get('alg')).toBe(-7);
    const certificate = new X509Certificate(Buffer.from(x5c[0]!));
    const signed = Buffer.concat([response.authData, clientDataHash]);
    expect(verify('sha256', signed, certificate.publicKey, response.attStmt.get('sig') as Uint8Array)).toBe(true);
    expect(verify('sha256', Buffer.concat([signed, Buffer.of(0)]), certificate.publicKey, response.attStmt.get('sig') as Uint8Array)).toBe(false);
    expect(touches).toEqual([{ purpose: 'makeCredential', rpId: RP_ID }]);

    // A non-discoverable credential is kept, without the user.
    const stored = authenticator.state.credentials;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: attested.credentialId, rpId: RP_ID, discoverable: false, credProtect: 1, signCount: 0, algorithm: -7 });
    expect(stored[0]!.user).toBeUndefined();
    const publicKey = createPublicKey(createPrivateKey({ key: Buffer.from(stored[0]!.privateKeyPkcs8), format: 'der', type: 'pkcs8' }));
    expect(publicKey.export({ format: 'jwk' }).x).toBe(Buffer.from(attested.credentialPublicKey.get(-2) as Uint8Array).toString('base64url'));
  });

  it('picks the first algorithm of pubKeyCredParams it offers, in the RP order', async () => {
    const { authenticator } = await setup();
    const eddsa = await makeCredential(authenticator, { pubKeyCredParams: [{ type: 'public-key', alg: -8 }, { type: 'public-key', alg: -7 }] });
    expect(eddsa.authData.attestedCredentialData!.credentialPublicKey.get(3)).toBe(-8);
    expect(eddsa.authData.attestedCredentialData!.credentialPublicKey.get(-1)).toBe(6);
    const es256 = await makeCredential(authenticator, { pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -8 }] });
    expect(es256.authData.attestedCredentialData!.credentialPublicKey.get(3)).toBe(-7);
    const skipping = await makeCredential(authenticator, {
      pubKeyCredParams: [{ type: 'public-key', alg: -257 }, { type: 'secret-key', alg: -7 }, { type: 'public-key', alg: -8 }],
    });
    expect(skipping.authData.attestedCredentialData!.credentialPublicKey.get(3)).toBe(-8);
    // The batch key signs with ES256 whatever the credential's algorithm.
    expect(eddsa.response.attStmt.get('alg')).toBe(-7);
  });

  it('answers UNSUPPORTED_ALGORITHM when nothing in pubKeyCredParams is offered, before asking for a touch', async () => {
    const { authenticator, touches } = await setup();
    expect(await statusOf(authenticator, { pubKeyCredParams: [{ type: 'public-key', alg: -257 }, { type: 'public-key', alg: -35 }] })).toBe(
      CtapStatus.UNSUPPORTED_ALGORITHM,
    );
    expect(await statusOf(authenticator, { pubKeyCredParams: [] })).toBe(CtapStatus.UNSUPPORTED_ALGORITHM);
    authenticator.config.algorithms = [-7];
    expect(await statusOf(authenticator, { pubKeyCredParams: [{ type: 'public-key', alg: -8 }] })).toBe(CtapStatus.UNSUPPORTED_ALGORITHM);
    expect(touches).toHaveLength(0);
    expect(authenticator.state.credentials).toHaveLength(0);
  });

  it('makes packed self attestations signed by the new credential key (ES256 and EdDSA)', async () => {
    const { authenticator } = await setup({ attestation: 'self' });
    for (const alg of [-7, -8]) {
      const { response, authData } = await makeCredential(authenticator, { pubKeyCredParams: [{ type: 'public-key', alg }] });
      expect(response.fmt).toBe('packed');
      expect([...response.attStmt.keys()].sort()).toEqual(['alg', 'sig']);
      expect(response.attStmt.get('alg')).toBe(alg);
      const cose = authData.attestedCredentialData!.credentialPublicKey;
      const signed = Buffer.concat([response.authData, clientDataHash]);
      expect(verifyCoseSignature(cose, signed, response.attStmt.get('sig') as Uint8Array)).toBe(true);
      expect(verifyCoseSignature(cose, Buffer.from(response.authData), response.attStmt.get('sig') as Uint8Array)).toBe(false);
    }
  });

  it('answers fmt "none" with an empty attStmt in none mode', async () => {
    const { authenticator } = await setup({ attestation: 'none' });
    const { response } = await makeCredential(authenticator);
    expect(response.fmt).toBe('none');
    expect(response.attStmt.size).toBe(0);
  });

  it('stores discoverable credentials with the user, replaces the same user, and answers KEY_STORE_FULL past the limit', async () => {
    const { authenticator, touches } = await setup();
    authenticator.config.maxDiscoverableCredentials = 2;
    const first = await makeCredential(authenticator, { options: { rk: true } });
    const stored = authenticator.state.credentials[0]!;
    expect(stored).toMatchObject({ discoverable: true, rpId: RP_ID, rpName: 'Example' });
    expect(stored.user).toEqual({ id: new TextEncoder().encode('user-1'), name: 'alice', displayName: 'Alice' });

    const again = await makeCredential(authenticator, { options: { rk: true }, user: { id: new TextEncoder().encode('user-1'), name: 'alice2' } });
    expect(authenticator.state.credentials).toHaveLength(1);
    expect(authenticator.state.credentials[0]!.id).toEqual(again.authData.attestedCredentialData!.credentialId);
    expect(authenticator.state.credentials[0]!.id).not.toEqual(first.authData.attestedCredentialData!.credentialId);
    expect(authenticator.state.credentials[0]!.user?.name).toBe('alice2');

    await makeCredential(authenticator, { options: { rk: true }, user: { id: new TextEncoder().encode('user-2') } });
    // Non-discoverable credentials do not count against the limit.
    await makeCredential(authenticator, { options: { rk: false }, user: { id: new TextEncoder().encode('user-3') } });
    expect(authenticator.state.credentials).toHaveLength(3);
    const before = touches.length;
    expect(await statusOf(authenticator, { options: { rk: true }, user: { id: new TextEncoder().encode('user-3') } })).toBe(CtapStatus.KEY_STORE_FULL);
    expect(touches.length).toBe(before + 1);
    expect(authenticator.state.credentials).toHaveLength(3);
    // Replacing still works when full; the same user id under another RP is another credential.
    await makeCredential(authenticator, { options: { rk: true }, user: { id: new TextEncoder().encode('user-2') } });
    expect(await statusOf(authenticator, { options: { rk: true }, rp: { id: 'other.example' } })).toBe(CtapStatus.KEY_STORE_FULL);
  });

  it('refuses up:false and uv:true with INVALID_OPTION and ignores options it does not know', async () => {
    const { authenticator, touches } = await setup();
    expect(await statusOf(authenticator, { options: { up: false } })).toBe(CtapStatus.INVALID_OPTION);
    expect(await statusOf(authenticator, { options: { uv: true } })).toBe(CtapStatus.INVALID_OPTION);
    expect(touches).toHaveLength(0);
    await makeCredential(authenticator, { options: { up: true, uv: false, rk: false } });
    const parameters = encodeMakeCredentialRequest(request());
    parameters.set(7, new Map<string, CborValue>([['plat', true], ['someFutureOption', 3]]));
    expect((await send(authenticator, parameters)).status).toBe(CtapStatus.OK);
  });

  it('answers decoding errors from the codec', async () => {
    const { authenticator } = await setup();
    const parameters = encodeMakeCredentialRequest(request());
    parameters.delete(1);
    expect((await send(authenticator, parameters)).status).toBe(CtapStatus.MISSING_PARAMETER);
    parameters.set(1, 'not bytes');
    expect((await send(authenticator, parameters)).status).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    const response = await authenticator.handleCtap2(Uint8Array.of(Ctap2Command.makeCredential));
    expect(response[0]).toBe(CtapStatus.MISSING_PARAMETER);
  });

  it('answers INVALID_PARAMETER to enterpriseAttestation', async () => {
    const { authenticator } = await setup();
    expect(await statusOf(authenticator, { enterpriseAttestation: 1 })).toBe(CtapStatus.INVALID_PARAMETER);
  });

  describe('user presence', () => {
    it('answers OPERATION_DENIED when the user refuses or never touches', async () => {
      const denied = await setup({ decision: 'deny' });
      expect(await statusOf(denied.authenticator)).toBe(CtapStatus.OPERATION_DENIED);
      const absent = await setup({ decision: 'timeout', userPresenceTimeoutMs: 20 });
      expect(await statusOf(absent.authenticator)).toBe(CtapStatus.OPERATION_DENIED);
      expect(denied.authenticator.state.credentials).toHaveLength(0);
      expect(absent.authenticator.state.credentials).toHaveLength(0);
    });

    it('answers KEEPALIVE_CANCEL when the host cancels', async () => {
      const { authenticator } = await setup({ decision: 'timeout' });
      const controller = new AbortController();
      const pending = authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.makeCredential, encodeMakeCredentialRequest(request())), {
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 10);
      expect((await pending)[0]).toBe(CtapStatus.KEEPALIVE_CANCEL);
    });
  });

  describe('PIN / pinUvAuthToken', () => {
    it('sets UV with a valid pinUvAuthParam (flags 0x45, as both firmwares) and spends the token', async () => {
      for (const protocol of [1, 2]) {
        const { authenticator } = await setup({ pin: '1234' });
        const auth = pinUvAuth(authenticator, { protocol, permissions: PinUvAuthTokenPermissions.mc | PinUvAuthTokenPermissions.ga });
        const { authData } = await makeCredential(authenticator, { ...auth, options: { rk: true } });
        expect(authData.flags).toBe(0x45);
        // mc/ga permissions are gone after use.
        expect(await statusOf(authenticator, auth)).toBe(CtapStatus.PIN_AUTH_INVALID);
      }
    });

    it('binds an unbound token to the RP and refuses it for another RP', async () => {
      const { authenticator } = await setup({ pin: '1234' });
      // A token issued without rpId is bound by its first use…
      const token = authenticator.volatile.pinToken.issue(2, PinUvAuthTokenPermissions.mc, undefined);
      const pinUvAuthParam = pinUvAuthProtocol(2).authenticate(token, clientDataHash);
      authenticator.volatile.pinToken.verify({ protocol: 2, pinUvAuthParam, message: clientDataHash, permission: 1, rpId: 'other.example', bindRpId: true });
      expect(await statusOf(authenticator, { pinUvAuthParam, pinUvAuthProtocol: 2 })).toBe(CtapStatus.PIN_AUTH_INVALID);
      // …and one issued for another RP never works here.
      const other = pinUvAuth(authenticator, { rpId: 'other.example' });
      expect(await statusOf(authenticator, other)).toBe(CtapStatus.PIN_AUTH_INVALID);
      const right = pinUvAuth(authenticator, { rpId: RP_ID });
      expect(await statusOf(authenticator, right)).toBe(CtapStatus.OK);
    });

    it('answers PIN_AUTH_INVALID for a wrong pinUvAuthParam or a token without the mc permission', async () => {
      const { authenticator, touches } = await setup({ pin: '1234' });
      const auth = pinUvAuth(authenticator);
      const wrong = Uint8Array.from(auth.pinUvAuthParam);
      wrong[0]! ^= 1;
      expect(await statusOf(authenticator, { ...auth, pinUvAuthParam: wrong })).toBe(CtapStatus.PIN_AUTH_INVALID);
      expect(await statusOf(authenticator, { ...auth, pinUvAuthProtocol: 1 })).toBe(CtapStatus.PIN_AUTH_INVALID);
      expect(await statusOf(authenticator, pinUvAuth(authenticator, { permissions: PinUvAuthTokenPermissions.ga }))).toBe(CtapStatus.PIN_AUTH_INVALID);
      expect(touches).toHaveLength(0);
    });

    it('checks pinUvAuthProtocol: absent is MISSING_PARAMETER, unknown is INVALID_PARAMETER', async () => {
      const { authenticator } = await setup({ pin: '1234' });
      const { pinUvAuthParam } = pinUvAuth(authenticator);
      expect(await statusOf(authenticator, { pinUvAuthParam })).toBe(CtapStatus.MISSING_PARAMETER);
      expect(await statusOf(authenticator, { pinUvAuthParam, pinUvAuthProtocol: 3 })).toBe(CtapStatus.INVALID_PARAMETER);
    });

    it('answers PIN_NOT_SET to a pinUvAuthParam when no PIN is set', async () => {
      const { authenticator } = await setup();
      expect(await statusOf(authenticator, pinUvAuth(authenticator))).toBe(CtapStatus.PIN_NOT_SET);
    });

    it('needs a token for a discoverable credential once a PIN is set (makeCredUvNotRqd), but not for a non-discoverable one', async () => {
      const { authenticator } = await setup({ pin: '1234' });
      expect(await statusOf(authenticator, { options: { rk: true } })).toBe(CtapStatus.PUAT_REQUIRED);
      const { authData } = await makeCredential(authenticator);
      expect(authData.flags).toBe(0x41);
    });

    it('takes a token that still carries a touch instead of asking for one', async () => {
      const { authenticator, touches } = await setup({ pin: '1234' });
      await makeCredential(authenticator, pinUvAuth(authenticator, { userPresent: true }));
      expect(touches).toHaveLength(0);
      await makeCredential(authenticator, pinUvAuth(authenticator, { userPresent: false }));
      expect(touches).toHaveLength(1);
    });

    it('answers the zero-length pinUvAuthParam probe after a touch: PIN_NOT_SET, PIN_INVALID, or OPERATION_DENIED', async () => {
      const empty = { pinUvAuthParam: new Uint8Array(0), pinUvAuthProtocol: 1 };
      const withoutPin = await setup();
      expect(await statusOf(withoutPin.authenticator, empty)).toBe(CtapStatus.PIN_NOT_SET);
      expect(withoutPin.touches).toHaveLength(1);
      const withPin = await setup({ pin: '1234' });
      expect(await statusOf(withPin.authenticator, { pinUvAuthParam: new Uint8Array(0) })).toBe(CtapStatus.PIN_INVALID);
      expect(withPin.touches).toHaveLength(1);
      const refused = await setup({ pin: '1234', decision: 'deny' });
      expect(await statusOf(refused.authenticator, empty)).toBe(CtapStatus.OPERATION_DENIED);
      expect(withoutPin.authenticator.state.credentials).toHaveLength(0);
    });

    it('with alwaysUv, answers PUAT_REQUIRED unless a token verifies the user', async () => {
      const withoutPin = await setup();
      withoutPin.authenticator.state.alwaysUv = true;
      expect(await statusOf(withoutPin.authenticator)).toBe(CtapStatus.PUAT_REQUIRED);
      const withPin = await setup({ pin: '1234' });
      withPin.authenticator.state.alwaysUv = true;
      expect(await statusOf(withPin.authenticator)).toBe(CtapStatus.PUAT_REQUIRED);
      expect((await makeCredential(withPin.authenticator, pinUvAuth(withPin.authenticator))).authData.flags).toBe(0x45);
    });
  });

  describe('excludeList', () => {
    it('answers CREDENTIAL_EXCLUDED after a touch, even a refused one, for a credential of ours bound to this RP', async () => {
      const { authenticator, touches } = await setup();
      const { authData } = await makeCredential(authenticator);
      const id = authData.attestedCredentialData!.credentialId;
      touches.length = 0;
      const excludeList = [
        { type: 'public-key', id: Uint8Array.of(1, 2, 3) },
        { type: 'public-key', id },
      ];
      expect(await statusOf(authenticator, { excludeList })).toBe(CtapStatus.CREDENTIAL_EXCLUDED);
      expect(touches).toHaveLength(1);
      authenticator.userPresencePolicy = () => 'deny';
      expect(await statusOf(authenticator, { excludeList })).toBe(CtapStatus.CREDENTIAL_EXCLUDED);
      expect(authenticator.state.credentials).toHaveLength(1);
      // Bound to another RP, of another type, or unknown: not excluded.
      authenticator.userPresencePolicy = () => 'approve';
      await makeCredential(authenticator, { excludeList, rp: { id: 'other.example' } });
      await makeCredential(authenticator, { excludeList: [{ type: 'other', id }] });
      await makeCredential(authenticator, { excludeList: [] });
    });

    it('skips a credProtect level 3 credential unless the user is verified', async () => {
      const { authenticator, touches } = await setup({ pin: '1234' });
      const { authData } = await makeCredential(authenticator, {
        ...pinUvAuth(authenticator),
        options: { rk: true },
        extensions: new Map([['credProtect', 3]]),
      });
      const excludeList = [{ type: 'public-key', id: authData.attestedCredentialData!.credentialId }];
      await makeCredential(authenticator, { excludeList, user: { id: Uint8Array.of(2) } });
      touches.length = 0;
      expect(await statusOf(authenticator, { excludeList, ...pinUvAuth(authenticator, { userPresent: true }) })).toBe(CtapStatus.CREDENTIAL_EXCLUDED);
      // The token's touch stands for the exclusion touch.
      expect(touches).toHaveLength(0);
    });
  });

  describe('extensions', () => {
    it('stores and echoes credProtect, and refuses a level that does not exist', async () => {
      const { authenticator } = await setup();
      const { authData } = await makeCredential(authenticator, { extensions: new Map([['credProtect', 2]]) });
      expect(authData.flags & AuthenticatorDataFlags.ED).toBe(AuthenticatorDataFlags.ED);
      expect(authData.extensions).toEqual(new Map([['credProtect', 2]]));
      expect(authenticator.state.credentials[0]!.credProtect).toBe(2);
      expect(await statusOf(authenticator, { extensions: new Map([['credProtect', 4]]) })).toBe(CtapStatus.INVALID_PARAMETER);
      expect(await statusOf(authenticator, { extensions: new Map([['credProtect', 'high']]) })).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    });

    it('makes hmac-secret CredRandoms when asked', async () => {
      const { authenticator } = await setup();
      const { authData } = await makeCredential(authenticator, { extensions: new Map([['hmac-secret', true]]) });
      expect(authData.extensions).toEqual(new Map([['hmac-secret', true]]));
      const { hmacSecret } = authenticator.state.credentials[0]!;
      expect(hmacSecret!.withUv).toHaveLength(32);
      expect(hmacSecret!.withoutUv).toHaveLength(32);
      expect(hmacSecret!.withUv).not.toEqual(hmacSecret!.withoutUv);
      const declined = await makeCredential(authenticator, { extensions: new Map([['hmac-secret', false]]) });
      expect(declined.authData.extensions).toBeUndefined();
      expect(declined.authData.flags & AuthenticatorDataFlags.ED).toBe(0);
      expect(authenticator.state.credentials[1]!.hmacSecret).toBeUndefined();
      expect(await statusOf(authenticator, { extensions: new Map([['hmac-secret', 1]]) })).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    });

    it('stores a credBlob that fits maxCredBlobLength (output true) and drops one that does not (output false)', async () => {
      const { authenticator } = await setup();
      const blob = new Uint8Array(authenticator.config.maxCredBlobLength).fill(9);
      const fits = await makeCredential(authenticator, { extensions: new Map([['credBlob', blob]]) });
      expect(fits.authData.extensions).toEqual(new Map([['credBlob', true]]));
      expect(authenticator.state.credentials[0]!.credBlob).toEqual(blob);
      const tooLong = await makeCredential(authenticator, { extensions: new Map([['credBlob', new Uint8Array(blob.length + 1)]]) });
      expect(tooLong.authData.extensions).toEqual(new Map([['credBlob', false]]));
      expect(authenticator.state.credentials[1]!.credBlob).toBeUndefined();
    });

    it('answers minPinLength only to the RPs allowed to see it', async () => {
      const { authenticator } = await setup();
      const extensions = new Map([['minPinLength', true]]);
      expect((await makeCredential(authenticator, { extensions })).authData.extensions).toBeUndefined();
      authenticator.state.minPinLengthRpIds = [RP_ID];
      authenticator.state.minPinLength = 6;
      expect((await makeCredential(authenticator, { extensions })).authData.extensions).toEqual(new Map([['minPinLength', 6]]));
    });

    it('ignores extensions it does not know, and puts several outputs in one map', async () => {
      const { authenticator } = await setup();
      const { authData } = await makeCredential(authenticator, {
        extensions: new Map<string, CborValue>([
          ['credProtect', 1],
          ['hmac-secret', true],
          ['largeBlobKey', true],
          ['unknown-extension', new Map([[1, 2]])],
        ]),
      });
      expect(authData.extensions).toEqual(new Map<string, CborValue>([['credProtect', 1], ['hmac-secret', true]]));
    });
  });

  it('persists the new credential', async () => {
    const saved: number[] = [];
    class CountingStore extends MemoryStateStore {
      override async save(): Promise<void> {
        saved.push(1);
      }
    }
    const base = await createAuthenticator();
    const store = new CountingStore();
    const authenticator = new Authenticator(base.config, await store.load(), store, () => 'approve');
    await makeCredential(authenticator);
    expect(saved.length).toBeGreaterThan(0);
    expect(authenticator.state.creationCounter).toBe(1);
  });
});
