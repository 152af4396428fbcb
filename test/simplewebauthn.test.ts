import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  Ctap2Command,
  CtapStatus,
  decodeCtap2Response,
  decodeGetAssertionResponse,
  decodeMakeCredentialResponse,
  encodeCbor,
  encodeCtap2Request,
  encodeGetAssertionRequest,
  encodeMakeCredentialRequest,
  parseAuthenticatorData,
  PinUvAuthTokenPermissions,
  pinUvAuthProtocol,
  type CborMap,
  type CborValue,
} from '@keybridge/ctap';
import { createAuthenticator, type Authenticator, type AttestationMode } from '@keybridge/emulator';
import {
  SettingsService,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { afterEach, describe, expect, it } from 'vitest';

// An independent relying-party library checks what the emulator produces: the packed attestation must chain to
// the test CA (fixtures/attestation/ca.cert.pem), and assertions and counters must verify.
const RP_ID = 'example.org';
const ORIGIN = 'https://example.org';
const TEST_CA_PEM = readFileSync(new URL('../fixtures/attestation/ca.cert.pem', import.meta.url), 'utf8');

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** What a browser does: clientDataJSON, then its SHA-256 for the authenticator. */
function clientData(type: 'webauthn.create' | 'webauthn.get') {
  const challenge = b64url(randomBytes(32));
  const json = new TextEncoder().encode(JSON.stringify({ type, challenge, origin: ORIGIN, crossOrigin: false }));
  return { challenge, json, hash: new Uint8Array(createHash('sha256').update(json).digest()) };
}

async function ctap2(authenticator: Authenticator, command: number, parameters: CborMap) {
  const response = await authenticator.handleCtap2(encodeCtap2Request(command, parameters));
  expect(response[0], `CTAP status 0x${response[0]!.toString(16)}`).toBe(CtapStatus.OK);
  return decodeCtap2Response(response);
}

/** navigator.credentials.create() on top of authenticatorMakeCredential. */
async function register(authenticator: Authenticator, options: { alg?: number; rk?: boolean; pinUvAuth?: boolean } = {}) {
  const data = clientData('webauthn.create');
  const pinUvAuth = options.pinUvAuth ? platformPinUvAuth(authenticator, data.hash) : {};
  const body = await ctap2(
    authenticator,
    Ctap2Command.makeCredential,
    encodeMakeCredentialRequest({
      clientDataHash: data.hash,
      rp: { id: RP_ID, name: 'Example' },
      user: { id: new TextEncoder().encode('user-1'), name: 'alice', displayName: 'Alice' },
      pubKeyCredParams: [{ type: 'public-key', alg: options.alg ?? -7 }],
      options: { rk: options.rk ?? false },
      ...pinUvAuth,
    }),
  );
  const made = decodeMakeCredentialResponse(body);
  const credentialId = parseAuthenticatorData(made.authData).attestedCredentialData!.credentialId;
  const attestationObject = encodeCbor(
    new Map<string, CborValue>([
      ['fmt', made.fmt],
      ['attStmt', made.attStmt],
      ['authData', made.authData],
    ]),
  );
  const response: RegistrationResponseJSON = {
    id: b64url(credentialId),
    rawId: b64url(credentialId),
    type: 'public-key',
    response: { clientDataJSON: b64url(data.json), attestationObject: b64url(attestationObject), transports: ['usb'] },
    clientExtensionResults: {},
    authenticatorAttachment: 'cross-platform',
  };
  return { response, challenge: data.challenge, credentialId };
}

/** navigator.credentials.get() on top of authenticatorGetAssertion. */
async function authenticate(authenticator: Authenticator, credentialId: Uint8Array | undefined, pinUvAuth = false) {
  const data = clientData('webauthn.get');
  const body = await ctap2(
    authenticator,
    Ctap2Command.getAssertion,
    encodeGetAssertionRequest({
      rpId: RP_ID,
      clientDataHash: data.hash,
      allowList: credentialId ? [{ type: 'public-key', id: credentialId }] : undefined,
      ...(pinUvAuth ? platformPinUvAuth(authenticator, data.hash) : {}),
    }),
  );
  const assertion = decodeGetAssertionResponse(body);
  const id = assertion.credential!.id;
  const response: AuthenticationResponseJSON = {
    id: b64url(id),
    rawId: b64url(id),
    type: 'public-key',
    response: {
      clientDataJSON: b64url(data.json),
      authenticatorData: b64url(assertion.authData),
      signature: b64url(assertion.signature),
      userHandle: assertion.user ? b64url(assertion.user.id) : undefined,
    },
    clientExtensionResults: {},
    authenticatorAttachment: 'cross-platform',
  };
  return { response, challenge: data.challenge };
}

/** The platform's side of PIN use, shortened: a token for mc|ga and the pinUvAuthParam over clientDataHash. */
function platformPinUvAuth(authenticator: Authenticator, clientDataHash: Uint8Array) {
  const token = authenticator.volatile.pinToken.issue(2, PinUvAuthTokenPermissions.mc | PinUvAuthTokenPermissions.ga, RP_ID);
  return { pinUvAuthParam: pinUvAuthProtocol(2).authenticate(token, clientDataHash), pinUvAuthProtocol: 2 };
}

function trustRoots(certificates: string[]): void {
  SettingsService.setRootCertificates({ identifier: 'packed', certificates });
}

describe('SimpleWebAuthn accepts what the emulator makes', () => {
  afterEach(() => trustRoots([]));

  it('verifies a packed attestation chained to the test CA, then assertions with their counters', async () => {
    const authenticator = await createAuthenticator();
    trustRoots([TEST_CA_PEM]);
    const registration = await register(authenticator);
    const verification = await verifyRegistrationResponse({
      response: registration.response,
      expectedChallenge: registration.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: false,
    });
    expect(verification.verified).toBe(true);
    const info = verification.registrationInfo!;
    expect(info.fmt).toBe('packed');
    expect(info.aaguid).toBe(readFileSync(new URL('../fixtures/attestation/aaguid.txt', import.meta.url), 'utf8').trim().toLowerCase());
    expect(info.credential.counter).toBe(0);
    expect(info.userVerified).toBe(false);

    const credential: WebAuthnCredential = { ...info.credential };
    const first = await authenticate(authenticator, registration.credentialId);
    const firstVerification = await verifyAuthenticationResponse({
      response: first.response,
      expectedChallenge: first.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential,
      requireUserVerification: false,
    });
    expect(firstVerification.verified).toBe(true);
    expect(firstVerification.authenticationInfo.newCounter).toBe(1);
    credential.counter = firstVerification.authenticationInfo.newCounter;

    const second = await authenticate(authenticator, registration.credentialId);
    const secondVerification = await verifyAuthenticationResponse({
      response: second.response,
      expectedChallenge: second.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential,
      requireUserVerification: false,
    });
    expect(secondVerification.authenticationInfo.newCounter).toBe(2);
    credential.counter = 2;

    // A replayed assertion carries an old counter: the RP refuses it.
    await expect(
      verifyAuthenticationResponse({
        response: first.response,
        expectedChallenge: first.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        credential,
        requireUserVerification: false,
      }),
    ).rejects.toThrow(/counter/i);
    // So does a signature over other client data.
    await expect(
      verifyAuthenticationResponse({
        response: { ...second.response, response: { ...second.response.response, clientDataJSON: first.response.response.clientDataJSON } },
        expectedChallenge: first.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        credential: { ...credential, counter: 0 },
        requireUserVerification: false,
      }).then((result) => result.verified),
    ).resolves.toBe(false);
  });

  it('refuses the packed attestation when the trusted root is another CA', async () => {
    // With no root registered for "packed", SimpleWebAuthn skips path validation altogether; so trust an
    // unrelated real CA (Apple's WebAuthn root, which SimpleWebAuthn ships) and expect the chain to fail.
    const authenticator = await createAuthenticator();
    const appleRoots = SettingsService.getRootCertificates({ identifier: 'apple' });
    expect(appleRoots.length).toBeGreaterThan(0);
    trustRoots(appleRoots);
    const registration = await register(authenticator);
    await expect(
      verifyRegistrationResponse({
        response: registration.response,
        expectedChallenge: registration.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        requireUserVerification: false,
      }).then((result) => result.verified),
    ).rejects.toThrow(/certificate|path|chain/i);
    // The same response passes once the test CA is trusted too.
    trustRoots([...appleRoots, TEST_CA_PEM]);
    const accepted = await verifyRegistrationResponse({
      response: registration.response,
      expectedChallenge: registration.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: false,
    });
    expect(accepted.verified).toBe(true);
  });

  it.each<[AttestationMode, number]>([
    ['packed', -8],
    ['self', -7],
    ['self', -8],
    ['none', -7],
  ])('verifies %s attestation with algorithm %i, and an assertion', async (attestation, alg) => {
    const authenticator = await createAuthenticator({ attestation });
    trustRoots([TEST_CA_PEM]);
    const registration = await register(authenticator, { alg });
    const verification = await verifyRegistrationResponse({
      response: registration.response,
      expectedChallenge: registration.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: false,
    });
    expect(verification.verified).toBe(true);
    expect(verification.registrationInfo!.fmt).toBe(attestation === 'none' ? 'none' : 'packed');
    const assertion = await authenticate(authenticator, registration.credentialId);
    const result = await verifyAuthenticationResponse({
      response: assertion.response,
      expectedChallenge: assertion.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: verification.registrationInfo!.credential,
      requireUserVerification: false,
    });
    expect(result.verified).toBe(true);
  });

  it('verifies a discoverable credential with user verification, found without an allowList', async () => {
    const authenticator = await createAuthenticator({ pin: '1234' });
    trustRoots([TEST_CA_PEM]);
    const registration = await register(authenticator, { rk: true, pinUvAuth: true });
    const verification = await verifyRegistrationResponse({
      response: registration.response,
      expectedChallenge: registration.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: true,
    });
    expect(verification.registrationInfo!.userVerified).toBe(true);
    const assertion = await authenticate(authenticator, undefined, true);
    expect(assertion.response.response.userHandle).toBe(b64url(new TextEncoder().encode('user-1')));
    const result = await verifyAuthenticationResponse({
      response: assertion.response,
      expectedChallenge: assertion.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: verification.registrationInfo!.credential,
      requireUserVerification: true,
    });
    expect(result.verified).toBe(true);
    expect(result.authenticationInfo.userVerified).toBe(true);
  });
});
