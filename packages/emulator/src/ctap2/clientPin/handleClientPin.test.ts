import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClientPinSubcommand,
  Ctap2Command,
  CtapStatus,
  PinUvAuthTokenPermissions,
  decodeClientPinResponse,
  decodeCtap2Response,
  decryptPinUvAuthToken,
  encapsulate,
  encodeClientPinRequest,
  encodeCtap2Request,
  makeChangePinRequest,
  makePinTokenRequest,
  makeSetPinRequest,
  pinHashLeft16,
  pinUvAuthProtocolOne,
  pinUvAuthProtocolTwo,
  type CborMap,
  type CborValue,
  type ClientPinRequest,
  type ClientPinResponse,
  type PinUvAuthProtocol,
} from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { Authenticator } from '../../Authenticator.js';
import { createAuthenticator, type AuthenticatorOptions } from '../../createAuthenticator.js';
import { createInitialState, type AuthenticatorState } from '../../state/AuthenticatorState.js';
import { parseState } from '../../state/serializeState.js';
import type { StateStore } from '../../state/StateStore.js';
import { fixedUserPresence } from '../../userPresence/UserPresencePolicy.js';

const { mc, ga, cm, be, lbw, acfg } = PinUvAuthTokenPermissions;
const protocols: PinUvAuthProtocol[] = [pinUvAuthProtocolOne, pinUvAuthProtocolTwo];

interface Reply {
  status: number;
  response: ClientPinResponse;
}

/** One clientPIN exchange through the authenticator's CTAP2 entry point, as a transport would deliver it. */
async function clientPin(authenticator: Authenticator, request: ClientPinRequest | CborMap | undefined): Promise<Reply> {
  const parameters = request === undefined || request instanceof Map ? request : encodeClientPinRequest(request);
  const reply = await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.clientPIN, parameters));
  const status = reply[0]!;
  return { status, response: status === CtapStatus.OK ? decodeClientPinResponse(decodeCtap2Response(reply)) : {} };
}

async function authenticatorKey(authenticator: Authenticator, protocol: PinUvAuthProtocol): Promise<CborMap> {
  const { status, response } = await clientPin(authenticator, {
    pinUvAuthProtocol: protocol.version,
    subCommand: ClientPinSubcommand.getKeyAgreement,
  });
  expect(status).toBe(CtapStatus.OK);
  return response.keyAgreement!;
}

async function setPin(authenticator: Authenticator, protocol: PinUvAuthProtocol, pin: string): Promise<number> {
  return (await clientPin(authenticator, makeSetPinRequest(protocol, await authenticatorKey(authenticator, protocol), pin))).status;
}

async function changePin(authenticator: Authenticator, protocol: PinUvAuthProtocol, currentPin: string, newPin: string): Promise<number> {
  const request = makeChangePinRequest(protocol, await authenticatorKey(authenticator, protocol), currentPin, newPin);
  return (await clientPin(authenticator, request)).status;
}

/** getPinToken (no scope) or getPinUvAuthTokenUsingPinWithPermissions (scope.permissions); the decrypted token when OK. */
async function getToken(
  authenticator: Authenticator,
  protocol: PinUvAuthProtocol,
  pin: string,
  scope: { permissions?: number; rpId?: string } = {},
): Promise<{ status: number; token?: Uint8Array }> {
  const { request, sharedSecret } = makePinTokenRequest(protocol, await authenticatorKey(authenticator, protocol), pin, scope);
  const { status, response } = await clientPin(authenticator, request);
  return status === CtapStatus.OK ? { status, token: decryptPinUvAuthToken(protocol, sharedSecret, response) } : { status };
}

async function pinRetries(authenticator: Authenticator): Promise<ClientPinResponse> {
  const { status, response } = await clientPin(authenticator, { subCommand: ClientPinSubcommand.getPINRetries });
  expect(status).toBe(CtapStatus.OK);
  return response;
}

/** Whether `token` is the authenticator's current token and carries `permission` for `rpId`. */
function tokenWorks(authenticator: Authenticator, protocol: PinUvAuthProtocol, token: Uint8Array, permission: number, rpId?: string): boolean {
  const message = new Uint8Array(32).fill(7);
  try {
    authenticator.volatile.pinToken.verify({
      protocol: protocol.version,
      pinUvAuthParam: protocol.authenticate(token, message),
      message,
      permission,
      ...(rpId === undefined ? {} : { rpId }),
    });
    return true;
  } catch {
    return false;
  }
}

/** A setPIN request whose newPinEnc carries `padded` as it is, correctly authenticated: to test the PIN policy. */
async function setPinRequestWithPadded(authenticator: Authenticator, protocol: PinUvAuthProtocol, padded: Uint8Array): Promise<ClientPinRequest> {
  const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, await authenticatorKey(authenticator, protocol));
  const newPinEnc = protocol.encrypt(sharedSecret, padded);
  return {
    pinUvAuthProtocol: protocol.version,
    subCommand: ClientPinSubcommand.setPIN,
    keyAgreement: platformKeyAgreement,
    pinUvAuthParam: protocol.authenticate(sharedSecret, newPinEnc),
    newPinEnc,
  };
}

function padded(bytes: Uint8Array | string, length = 64): Uint8Array {
  const utf8 = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const out = new Uint8Array(length);
  out.set(utf8);
  return out;
}

const statePathIn = () => join(mkdtempSync(join(tmpdir(), 'keybridge-clientpin-')), 'state.json');
const storedState = (path: string): AuthenticatorState => parseState(readFileSync(path, 'utf8'));

function newAuthenticator(options: AuthenticatorOptions = {}): Promise<Authenticator> {
  return createAuthenticator(options);
}

describe('clientPIN dispatch', () => {
  it('answers MISSING_PARAMETER without parameters or without subCommand', async () => {
    const authenticator = await newAuthenticator();
    expect((await clientPin(authenticator, undefined)).status).toBe(CtapStatus.MISSING_PARAMETER);
    expect((await clientPin(authenticator, new Map([[1, 2]]))).status).toBe(CtapStatus.MISSING_PARAMETER);
  });

  it('answers CBOR_UNEXPECTED_TYPE for a member of the wrong type', async () => {
    const authenticator = await newAuthenticator();
    expect((await clientPin(authenticator, new Map<number, CborValue>([[2, 'getPINRetries']]))).status).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    expect((await clientPin(authenticator, new Map<number, CborValue>([[1, 2], [2, 2], [3, new Uint8Array(65)]]))).status).toBe(
      CtapStatus.CBOR_UNEXPECTED_TYPE,
    );
  });

  it.each([
    ['getPinUvAuthTokenUsingUvWithPermissions (no built-in UV)', ClientPinSubcommand.getPinUvAuthTokenUsingUvWithPermissions],
    ['getUVRetries (no built-in UV)', ClientPinSubcommand.getUVRetries],
    ['0x08 (undefined)', 0x08],
    ['0x0a (undefined)', 0x0a],
    ['0xff (undefined)', 0xff],
  ])('answers INVALID_SUBCOMMAND for %s', async (_name, subCommand) => {
    const authenticator = await newAuthenticator();
    expect((await clientPin(authenticator, { pinUvAuthProtocol: 2, subCommand, permissions: mc, rpId: 'example.org' })).status).toBe(
      CtapStatus.INVALID_SUBCOMMAND,
    );
  });
});

describe('getPINRetries', () => {
  it('reports 8 retries and no power cycle needed on a fresh authenticator, without pinUvAuthProtocol', async () => {
    expect(await pinRetries(await newAuthenticator())).toEqual({ pinRetries: 8, powerCycleState: false });
  });
});

describe('getKeyAgreement', () => {
  it.each(protocols)('returns the authenticator’s P-256 key in the clientPIN COSE form (protocol $version)', async (protocol) => {
    const authenticator = await newAuthenticator();
    const key = await authenticatorKey(authenticator, protocol);
    expect([...key.keys()]).toEqual([1, 3, -1, -2, -3]);
    expect([key.get(1), key.get(3), key.get(-1)]).toEqual([2, -25, 1]);
    expect(key).toEqual(authenticator.volatile.keyAgreement.coseKey());
  });

  it('keeps one key for both protocols until a power cycle', async () => {
    const authenticator = await newAuthenticator();
    const first = await authenticatorKey(authenticator, pinUvAuthProtocolOne);
    expect(await authenticatorKey(authenticator, pinUvAuthProtocolTwo)).toEqual(first);
    expect(await authenticatorKey(authenticator, pinUvAuthProtocolOne)).toEqual(first);
    authenticator.powerCycle();
    expect(await authenticatorKey(authenticator, pinUvAuthProtocolOne)).not.toEqual(first);
  });

  it('needs a supported pinUvAuthProtocol (MISSING_PARAMETER, INVALID_PARAMETER)', async () => {
    const authenticator = await newAuthenticator();
    expect((await clientPin(authenticator, { subCommand: ClientPinSubcommand.getKeyAgreement })).status).toBe(CtapStatus.MISSING_PARAMETER);
    expect((await clientPin(authenticator, { pinUvAuthProtocol: 3, subCommand: ClientPinSubcommand.getKeyAgreement })).status).toBe(
      CtapStatus.INVALID_PARAMETER,
    );
  });
});

describe.each(protocols)('setPIN, protocol $version', (protocol) => {
  it('stores LEFT(SHA-256(PIN), 16), its length and full retries, and persists them', async () => {
    const statePath = statePathIn();
    const authenticator = await newAuthenticator({ statePath });
    expect(await setPin(authenticator, protocol, 'pässwörd')).toBe(CtapStatus.OK);
    expect(authenticator.state.pinHash).toEqual(pinHashLeft16('pässwörd'));
    expect(authenticator.state.pinCodePoints).toBe(8);
    const stored = storedState(statePath);
    expect(stored.pinHash).toEqual(pinHashLeft16('pässwörd'));
    expect(stored.pinRetries).toBe(8);
    expect((await getToken(authenticator, protocol, 'pässwörd')).status).toBe(CtapStatus.OK);
  });

  it('refuses a second setPIN with PIN_AUTH_INVALID (CTAP 2.1 §6.5.5.5) and keeps the first PIN', async () => {
    const authenticator = await newAuthenticator();
    expect(await setPin(authenticator, protocol, '1234')).toBe(CtapStatus.OK);
    expect(await setPin(authenticator, protocol, '5678')).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect(authenticator.state.pinHash).toEqual(pinHashLeft16('1234'));
  });

  it.each(['pinUvAuthProtocol', 'keyAgreement', 'pinUvAuthParam', 'newPinEnc'] as const)('answers MISSING_PARAMETER without %s', async (member) => {
    const authenticator = await newAuthenticator();
    const request = makeSetPinRequest(protocol, await authenticatorKey(authenticator, protocol), '1234');
    delete request[member];
    expect((await clientPin(authenticator, request)).status).toBe(CtapStatus.MISSING_PARAMETER);
    expect(authenticator.state.pinHash).toBeUndefined();
  });

  it('answers INVALID_PARAMETER for an unsupported protocol, before noticing that a PIN is set', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const request = makeSetPinRequest(protocol, await authenticatorKey(authenticator, protocol), '5678');
    expect((await clientPin(authenticator, { ...request, pinUvAuthProtocol: 3 })).status).toBe(CtapStatus.INVALID_PARAMETER);
  });

  it('answers INVALID_PARAMETER for a platform key that is not a P-256 point', async () => {
    const authenticator = await newAuthenticator();
    const request = makeSetPinRequest(protocol, await authenticatorKey(authenticator, protocol), '1234');
    const offCurve = new Map(request.keyAgreement);
    offCurve.set(-3, new Uint8Array(32).fill(1));
    expect((await clientPin(authenticator, { ...request, keyAgreement: offCurve })).status).toBe(CtapStatus.INVALID_PARAMETER);
    const withoutY = new Map(request.keyAgreement);
    withoutY.delete(-3);
    expect((await clientPin(authenticator, { ...request, keyAgreement: withoutY })).status).toBe(CtapStatus.INVALID_PARAMETER);
  });

  it('answers PIN_AUTH_INVALID when pinUvAuthParam does not verify (wrong key, wrong message, truncated)', async () => {
    const authenticator = await newAuthenticator();
    const request = makeSetPinRequest(protocol, await authenticatorKey(authenticator, protocol), '1234');
    const flipped = Uint8Array.from(request.pinUvAuthParam!);
    flipped[0]! ^= 1;
    expect((await clientPin(authenticator, { ...request, pinUvAuthParam: flipped })).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect((await clientPin(authenticator, { ...request, pinUvAuthParam: request.pinUvAuthParam!.subarray(0, 8) })).status).toBe(
      CtapStatus.PIN_AUTH_INVALID,
    );
    expect(authenticator.state.pinHash).toBeUndefined();
  });

  it('answers PIN_AUTH_INVALID when newPinEnc does not decrypt, INVALID_PARAMETER when it is not 64 bytes', async () => {
    const authenticator = await newAuthenticator();
    const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, await authenticatorKey(authenticator, protocol));
    const base = { pinUvAuthProtocol: protocol.version, subCommand: ClientPinSubcommand.setPIN, keyAgreement: platformKeyAgreement };
    const partialBlock = new Uint8Array(protocol.version === 2 ? 16 + 40 : 40);
    expect((await clientPin(authenticator, { ...base, newPinEnc: partialBlock, pinUvAuthParam: protocol.authenticate(sharedSecret, partialBlock) })).status).toBe(
      CtapStatus.PIN_AUTH_INVALID,
    );
    const short = protocol.encrypt(sharedSecret, padded('1234', 48));
    expect((await clientPin(authenticator, { ...base, newPinEnc: short, pinUvAuthParam: protocol.authenticate(sharedSecret, short) })).status).toBe(
      CtapStatus.INVALID_PARAMETER,
    );
    expect(authenticator.state.pinHash).toBeUndefined();
  });

  it.each<[string, Uint8Array]>([
    ['3 code points', padded('123')],
    ['3 code points in 9 bytes', padded('€€€')],
    ['64 bytes with no padding', padded('1'.repeat(64))],
    ['invalid UTF-8', padded(new Uint8Array([0x31, 0x32, 0x33, 0xff, 0xfe]))],
    ['a zero inside the PIN', padded(new Uint8Array([0x31, 0x32, 0x00, 0x33, 0x34, 0x35]))],
  ])('answers PIN_POLICY_VIOLATION for %s', async (_name, paddedPin) => {
    const authenticator = await newAuthenticator();
    const request = await setPinRequestWithPadded(authenticator, protocol, paddedPin);
    expect((await clientPin(authenticator, request)).status).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(authenticator.state.pinHash).toBeUndefined();
  });

  it('accepts 63 bytes, and 4 code points that take 12 bytes, hashing the bytes as sent', async () => {
    const longest = await newAuthenticator();
    expect(await setPin(longest, protocol, '9'.repeat(63))).toBe(CtapStatus.OK);
    const euros = await newAuthenticator();
    expect(await setPin(euros, protocol, '€€€€')).toBe(CtapStatus.OK);
    expect(euros.state.pinHash).toEqual(Uint8Array.from(createHash('sha256').update('€€€€').digest().subarray(0, 16)));
    expect(euros.state.pinCodePoints).toBe(4);
  });

  it('enforces the current minPINLength in code points', async () => {
    const authenticator = await newAuthenticator();
    authenticator.state.minPinLength = 6;
    expect(await setPin(authenticator, protocol, '12345')).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(await setPin(authenticator, protocol, '€€€€€€')).toBe(CtapStatus.OK);
  });

  it('stops the token in use', async () => {
    const authenticator = await newAuthenticator();
    const token = authenticator.volatile.pinToken.issue(protocol.version, mc, undefined);
    expect(tokenWorks(authenticator, protocol, token, mc)).toBe(true);
    expect(await setPin(authenticator, protocol, '1234')).toBe(CtapStatus.OK);
    expect(tokenWorks(authenticator, protocol, token, mc)).toBe(false);
  });
});

describe.each(protocols)('changePIN, protocol $version', (protocol) => {
  it('replaces the PIN, persists it and stops the token in use', async () => {
    const statePath = statePathIn();
    const authenticator = await newAuthenticator({ statePath, pin: '1234' });
    const { token } = await getToken(authenticator, protocol, '1234');
    expect(await changePin(authenticator, protocol, '1234', 'abcdef')).toBe(CtapStatus.OK);
    expect(storedState(statePath).pinHash).toEqual(pinHashLeft16('abcdef'));
    expect(authenticator.state.pinCodePoints).toBe(6);
    expect(tokenWorks(authenticator, protocol, token!, mc)).toBe(false);
    expect((await getToken(authenticator, protocol, '1234')).status).toBe(CtapStatus.PIN_INVALID);
    expect((await getToken(authenticator, protocol, 'abcdef')).status).toBe(CtapStatus.OK);
  });

  it('answers PIN_NOT_SET when there is no PIN', async () => {
    expect(await changePin(await newAuthenticator(), protocol, '1234', '5678')).toBe(CtapStatus.PIN_NOT_SET);
  });

  it('answers MISSING_PARAMETER without pinHashEnc', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const request = makeChangePinRequest(protocol, await authenticatorKey(authenticator, protocol), '1234', '5678');
    delete request.pinHashEnc;
    expect((await clientPin(authenticator, request)).status).toBe(CtapStatus.MISSING_PARAMETER);
  });

  it('checks pinUvAuthParam over newPinEnc || pinHashEnc before the PIN, so a bad one costs no retry', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const request = makeChangePinRequest(protocol, await authenticatorKey(authenticator, protocol), '1234', '5678');
    const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, await authenticatorKey(authenticator, protocol));
    const onlyNewPin = { ...request, keyAgreement: platformKeyAgreement };
    onlyNewPin.newPinEnc = protocol.encrypt(sharedSecret, padded('5678'));
    onlyNewPin.pinHashEnc = protocol.encrypt(sharedSecret, pinHashLeft16('1234'));
    onlyNewPin.pinUvAuthParam = protocol.authenticate(sharedSecret, onlyNewPin.newPinEnc);
    expect((await clientPin(authenticator, onlyNewPin)).status).toBe(CtapStatus.PIN_AUTH_INVALID);
    expect(authenticator.state.pinRetries).toBe(8);
  });

  it('answers PIN_INVALID for a wrong current PIN, costing a retry and leaving the PIN alone', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    expect(await changePin(authenticator, protocol, '0000', '5678')).toBe(CtapStatus.PIN_INVALID);
    expect(authenticator.state.pinRetries).toBe(7);
    expect(authenticator.state.pinHash).toEqual(pinHashLeft16('1234'));
  });

  it('restores the retries once the current PIN is right, even when the new PIN is refused', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    expect(await changePin(authenticator, protocol, '0000', '5678')).toBe(CtapStatus.PIN_INVALID);
    const request = makeChangePinRequest(protocol, await authenticatorKey(authenticator, protocol), '1234', 'abcd');
    // Swap in a 3-code-point new PIN, correctly authenticated.
    const shared = authenticator.volatile.keyAgreement.decapsulate(protocol, request.keyAgreement!);
    request.newPinEnc = protocol.encrypt(shared, padded('abc'));
    request.pinUvAuthParam = protocol.authenticate(shared, new Uint8Array([...request.newPinEnc, ...request.pinHashEnc!]));
    expect((await clientPin(authenticator, request)).status).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(authenticator.state.pinRetries).toBe(8);
    expect(authenticator.state.pinHash).toEqual(pinHashLeft16('1234'));
  });

  it('under forcePINChange refuses the same PIN (PIN_POLICY_VIOLATION), accepts another and clears the flag', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    authenticator.state.forcePinChange = true;
    expect(await changePin(authenticator, protocol, '1234', '1234')).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(authenticator.state.forcePinChange).toBe(true);
    expect(await changePin(authenticator, protocol, '1234', '98765')).toBe(CtapStatus.OK);
    expect(authenticator.state.forcePinChange).toBe(false);
  });

  it('enforces minPINLength on the new PIN', async () => {
    const authenticator = await newAuthenticator({ pin: '123456' });
    authenticator.state.minPinLength = 6;
    expect(await changePin(authenticator, protocol, '123456', '12345')).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(await changePin(authenticator, protocol, '123456', '654321')).toBe(CtapStatus.OK);
  });
});

describe.each(protocols)('getPinToken (0x05), protocol $version', (protocol) => {
  it('issues a 32-byte token with mc and ga, bound to no rpId, encrypted under the shared secret', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const { status, token } = await getToken(authenticator, protocol, '1234');
    expect(status).toBe(CtapStatus.OK);
    expect(token).toHaveLength(32);
    expect(tokenWorks(authenticator, protocol, token!, mc, 'example.org')).toBe(true);
    expect(tokenWorks(authenticator, protocol, token!, ga, 'example.com')).toBe(true);
    expect(tokenWorks(authenticator, protocol, token!, cm)).toBe(false);
    expect(tokenWorks(authenticator, protocol === pinUvAuthProtocolOne ? pinUvAuthProtocolTwo : pinUvAuthProtocolOne, token!, mc)).toBe(false);
  });

  it('makes every earlier token stop working', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const first = await getToken(authenticator, protocol, '1234');
    const second = await getToken(authenticator, protocol, '1234');
    expect(second.token).not.toEqual(first.token);
    expect(tokenWorks(authenticator, protocol, first.token!, mc)).toBe(false);
    expect(tokenWorks(authenticator, protocol, second.token!, mc)).toBe(true);
  });

  it('answers INVALID_PARAMETER when permissions or rpId come with it', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const { request } = makePinTokenRequest(protocol, await authenticatorKey(authenticator, protocol), '1234');
    expect((await clientPin(authenticator, { ...request, permissions: mc })).status).toBe(CtapStatus.INVALID_PARAMETER);
    expect((await clientPin(authenticator, { ...request, rpId: 'example.org' })).status).toBe(CtapStatus.INVALID_PARAMETER);
    expect(authenticator.state.pinRetries).toBe(8);
  });

  it.each(['pinUvAuthProtocol', 'keyAgreement', 'pinHashEnc'] as const)('answers MISSING_PARAMETER without %s', async (member) => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const { request } = makePinTokenRequest(protocol, await authenticatorKey(authenticator, protocol), '1234');
    delete request[member];
    expect((await clientPin(authenticator, request)).status).toBe(CtapStatus.MISSING_PARAMETER);
  });

  it('answers PIN_NOT_SET without a PIN', async () => {
    expect((await getToken(await newAuthenticator(), protocol, '1234')).status).toBe(CtapStatus.PIN_NOT_SET);
  });

  it('under forcePINChange answers PIN_POLICY_VIOLATION after a right PIN (retries restored), until the PIN is changed', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    authenticator.state.forcePinChange = true;
    authenticator.state.pinRetries = 5;
    expect((await getToken(authenticator, protocol, '1234')).status).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect(authenticator.state.pinRetries).toBe(8);
    expect((await getToken(authenticator, protocol, '1234', { permissions: mc, rpId: 'example.org' })).status).toBe(CtapStatus.PIN_POLICY_VIOLATION);
    expect((await getToken(authenticator, protocol, '0000')).status).toBe(CtapStatus.PIN_INVALID);
    expect(await changePin(authenticator, protocol, '1234', '4321')).toBe(CtapStatus.OK);
    expect((await getToken(authenticator, protocol, '4321')).status).toBe(CtapStatus.OK);
  });
});

describe.each(protocols)('getPinUvAuthTokenUsingPinWithPermissions (0x09), protocol $version', (protocol) => {
  it('issues a token with exactly the requested permissions, bound to the rpId', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const { status, token } = await getToken(authenticator, protocol, '1234', { permissions: mc | ga, rpId: 'example.org' });
    expect(status).toBe(CtapStatus.OK);
    expect(tokenWorks(authenticator, protocol, token!, mc, 'example.org')).toBe(true);
    expect(tokenWorks(authenticator, protocol, token!, ga, 'example.org')).toBe(true);
    expect(tokenWorks(authenticator, protocol, token!, ga, 'example.com')).toBe(false);
    expect(tokenWorks(authenticator, protocol, token!, cm)).toBe(false);
  });

  it('grants cm and acfg without an rpId (credMgmt and authnrCfg are offered)', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const { status, token } = await getToken(authenticator, protocol, '1234', { permissions: cm | acfg });
    expect(status).toBe(CtapStatus.OK);
    expect(tokenWorks(authenticator, protocol, token!, cm)).toBe(true);
    expect(tokenWorks(authenticator, protocol, token!, acfg)).toBe(true);
    expect(tokenWorks(authenticator, protocol, token!, mc, 'example.org')).toBe(false);
  });

  it('ignores undefined permission bits', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const { status, token } = await getToken(authenticator, protocol, '1234', { permissions: cm | 0x40 | 0x80 });
    expect(status).toBe(CtapStatus.OK);
    expect(tokenWorks(authenticator, protocol, token!, cm)).toBe(true);
    expect(tokenWorks(authenticator, protocol, token!, 0x40)).toBe(false);
  });

  it('answers MISSING_PARAMETER without permissions, and for mc or ga without an rpId', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const key = await authenticatorKey(authenticator, protocol);
    const { request } = makePinTokenRequest(protocol, key, '1234', { permissions: mc, rpId: 'example.org' });
    delete request.permissions;
    expect((await clientPin(authenticator, request)).status).toBe(CtapStatus.MISSING_PARAMETER);
    expect((await getToken(authenticator, protocol, '1234', { permissions: mc })).status).toBe(CtapStatus.MISSING_PARAMETER);
    expect((await getToken(authenticator, protocol, '1234', { permissions: ga | cm })).status).toBe(CtapStatus.MISSING_PARAMETER);
    expect(authenticator.state.pinRetries).toBe(8);
  });

  it('answers INVALID_PARAMETER for permissions 0 and for an unsupported protocol', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    expect((await getToken(authenticator, protocol, '1234', { permissions: 0 })).status).toBe(CtapStatus.INVALID_PARAMETER);
    const { request } = makePinTokenRequest(protocol, await authenticatorKey(authenticator, protocol), '1234', { permissions: cm });
    expect((await clientPin(authenticator, { ...request, pinUvAuthProtocol: 7 })).status).toBe(CtapStatus.INVALID_PARAMETER);
  });

  it.each([
    ['be (no bioEnroll)', be],
    ['lbw (no largeBlobs)', lbw],
    ['cm | lbw', cm | lbw],
  ])('answers UNAUTHORIZED_PERMISSION for %s before checking the PIN', async (_name, permissions) => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    expect((await getToken(authenticator, protocol, '0000', { permissions })).status).toBe(CtapStatus.UNAUTHORIZED_PERMISSION);
    expect(authenticator.state.pinRetries).toBe(8);
  });
});

describe('wrong PINs', () => {
  it.each(protocols)('cost a retry and renew the key agreement key (protocol $version)', async (protocol) => {
    const statePath = statePathIn();
    const authenticator = await newAuthenticator({ pin: '1234', statePath });
    const before = await authenticatorKey(authenticator, protocol);
    expect((await getToken(authenticator, protocol, '9999')).status).toBe(CtapStatus.PIN_INVALID);
    expect(await pinRetries(authenticator)).toEqual({ pinRetries: 7, powerCycleState: false });
    expect(storedState(statePath).pinRetries).toBe(7);
    expect(await authenticatorKey(authenticator, protocol)).not.toEqual(before);
    // A platform still using the old key derives another shared secret: its PIN cannot even be read.
    const { request } = makePinTokenRequest(protocol, before, '1234');
    expect((await clientPin(authenticator, request)).status).toBe(CtapStatus.PIN_INVALID);
  });

  it('persist the decremented counter before comparing, then restore it on a match', async () => {
    const saved: number[] = [];
    const store: StateStore = {
      load: async () => createInitialState(),
      save: async (state) => {
        saved.push(state.pinRetries);
      },
    };
    const base = await newAuthenticator();
    const authenticator = new Authenticator(base.config, createInitialState(), store, fixedUserPresence('approve'));
    expect(await setPin(authenticator, pinUvAuthProtocolTwo, '1234')).toBe(CtapStatus.OK);
    saved.length = 0;
    expect((await getToken(authenticator, pinUvAuthProtocolTwo, '1234')).status).toBe(CtapStatus.OK);
    expect(saved).toEqual([7, 8]);
    saved.length = 0;
    expect((await getToken(authenticator, pinUvAuthProtocolTwo, '0000')).status).toBe(CtapStatus.PIN_INVALID);
    expect(saved).toEqual([7]);
  });

  it('count as consecutive only without a right PIN between them', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const protocol = pinUvAuthProtocolTwo;
    for (const pin of ['0000', '0000', '1234', '0000', '0000']) await getToken(authenticator, protocol, pin);
    expect(authenticator.volatile.consecutivePinFailures).toBe(2);
    expect(await pinRetries(authenticator)).toEqual({ pinRetries: 6, powerCycleState: false });
  });

  it('block PIN entry until a power cycle after three in a row, and the PIN for good after eight', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const protocol = pinUvAuthProtocolOne;
    const attempt = async (pin: string) => (await getToken(authenticator, protocol, pin)).status;

    expect(await attempt('0001')).toBe(CtapStatus.PIN_INVALID);
    expect(await attempt('0002')).toBe(CtapStatus.PIN_INVALID);
    expect(await attempt('0003')).toBe(CtapStatus.PIN_AUTH_BLOCKED);
    expect(await pinRetries(authenticator)).toEqual({ pinRetries: 5, powerCycleState: true });
    // Even the right PIN waits for the power cycle, and the attempt costs nothing.
    expect(await attempt('1234')).toBe(CtapStatus.PIN_AUTH_BLOCKED);
    expect(await changePin(authenticator, protocol, '1234', '5678')).toBe(CtapStatus.PIN_AUTH_BLOCKED);
    expect(authenticator.state.pinRetries).toBe(5);

    authenticator.powerCycle();
    expect(await pinRetries(authenticator)).toEqual({ pinRetries: 5, powerCycleState: false });
    expect(await attempt('0004')).toBe(CtapStatus.PIN_INVALID);
    expect(await attempt('0005')).toBe(CtapStatus.PIN_INVALID);
    expect(await attempt('0006')).toBe(CtapStatus.PIN_AUTH_BLOCKED);
    expect(authenticator.state.pinRetries).toBe(2);

    authenticator.powerCycle();
    expect(await attempt('0007')).toBe(CtapStatus.PIN_INVALID);
    expect(await attempt('0008')).toBe(CtapStatus.PIN_BLOCKED);
    expect(await pinRetries(authenticator)).toMatchObject({ pinRetries: 0 });
    expect(await attempt('1234')).toBe(CtapStatus.PIN_BLOCKED);

    authenticator.powerCycle();
    expect(await attempt('1234')).toBe(CtapStatus.PIN_BLOCKED);
    expect((await getToken(authenticator, pinUvAuthProtocolTwo, '1234', { permissions: cm })).status).toBe(CtapStatus.PIN_BLOCKED);
    expect(await changePin(authenticator, protocol, '1234', '5678')).toBe(CtapStatus.PIN_BLOCKED);
    expect(authenticator.state.pinRetries).toBe(0);
  });

  it('are forgiven by a right PIN after a power cycle: full retries again', async () => {
    const authenticator = await newAuthenticator({ pin: '1234' });
    const protocol = pinUvAuthProtocolTwo;
    for (const pin of ['0001', '0002', '0003']) await getToken(authenticator, protocol, pin);
    authenticator.powerCycle();
    expect((await getToken(authenticator, protocol, '1234', { permissions: mc, rpId: 'example.org' })).status).toBe(CtapStatus.OK);
    expect(await pinRetries(authenticator)).toEqual({ pinRetries: 8, powerCycleState: false });
  });
});
