import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClientPinSubcommand,
  Ctap2Command,
  CtapStatus,
  decodeClientPinResponse,
  decodeCtap2Response,
  decryptPinUvAuthToken,
  encodeClientPinRequest,
  encodeCtap2Request,
  makePinTokenRequest,
  pinUvAuthProtocolTwo,
  type ClientPinRequest,
  type ClientPinResponse,
} from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../../Authenticator.js';
import { createAuthenticator, type AuthenticatorOptions } from '../../createAuthenticator.js';
import { createInitialState, type StoredCredential } from '../../state/AuthenticatorState.js';
import { parseState } from '../../state/serializeState.js';
import type { UserPresenceRequest } from '../../userPresence/UserPresencePolicy.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const reset = async (authenticator: Authenticator) => (await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.reset)))[0];

async function clientPin(authenticator: Authenticator, request: ClientPinRequest): Promise<{ status: number; response: ClientPinResponse }> {
  const reply = await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.clientPIN, encodeClientPinRequest(request)));
  return { status: reply[0]!, response: reply[0] === CtapStatus.OK ? decodeClientPinResponse(decodeCtap2Response(reply)) : {} };
}

async function pinToken(authenticator: Authenticator, pin: string): Promise<{ status: number; token?: Uint8Array }> {
  const protocol = pinUvAuthProtocolTwo;
  const key = (await clientPin(authenticator, { pinUvAuthProtocol: 2, subCommand: ClientPinSubcommand.getKeyAgreement })).response.keyAgreement!;
  const { request, sharedSecret } = makePinTokenRequest(protocol, key, pin, { permissions: 0x04 });
  const { status, response } = await clientPin(authenticator, request);
  return status === CtapStatus.OK ? { status, token: decryptPinUvAuthToken(protocol, sharedSecret, response) } : { status };
}

function credential(index: number): StoredCredential {
  return {
    id: new Uint8Array([index]),
    rpIdHash: new Uint8Array(32),
    rpId: 'example.org',
    algorithm: -7,
    privateKeyPkcs8: new Uint8Array(0),
    discoverable: true,
    credProtect: 1,
    signCount: 3,
    createdAt: index,
  };
}

/** An authenticator with a PIN, credentials and non-default settings, on a hand-driven clock. */
async function usedAuthenticator(options: AuthenticatorOptions = {}) {
  const clock = manualClock();
  const statePath = join(mkdtempSync(join(tmpdir(), 'keybridge-reset-')), 'state.json');
  const requests: UserPresenceRequest[] = [];
  const authenticator = await createAuthenticator({
    pin: '123456',
    now: clock.now,
    statePath,
    userPresence: (request) => {
      requests.push(request);
      return 'approve';
    },
    ...options,
  });
  authenticator.state.credentials.push(credential(1), { ...credential(2), discoverable: false, u2f: true });
  Object.assign(authenticator.state, { minPinLength: 6, minPinLengthRpIds: ['example.org'], alwaysUv: true, forcePinChange: true, creationCounter: 2 });
  await authenticator.persist();
  return { authenticator, clock, statePath, requests };
}

describe('reset', () => {
  it('within the window and with a touch, wipes credentials, PIN and settings, and persists that', async () => {
    const { authenticator, clock, statePath, requests } = await usedAuthenticator();
    clock.advance(authenticator.config.resetWindowMs - 1);
    expect(await reset(authenticator)).toBe(CtapStatus.OK);
    expect(requests).toEqual([{ purpose: 'reset' }]);
    expect(authenticator.state).toEqual(createInitialState());
    expect(parseState(readFileSync(statePath, 'utf8'))).toEqual(createInitialState());
  });

  it('restores a blocked PIN’s retries and lets a new PIN be set', async () => {
    const { authenticator } = await usedAuthenticator();
    authenticator.state.pinRetries = 0;
    expect((await pinToken(authenticator, '123456')).status).toBe(CtapStatus.PIN_BLOCKED);
    expect(await reset(authenticator)).toBe(CtapStatus.OK);
    expect((await clientPin(authenticator, { subCommand: ClientPinSubcommand.getPINRetries })).response.pinRetries).toBe(8);
    expect((await pinToken(authenticator, '123456')).status).toBe(CtapStatus.PIN_NOT_SET);
  });

  it('stops the token in use and renews the key agreement key', async () => {
    const { authenticator } = await usedAuthenticator({ userPresence: () => 'approve' });
    authenticator.state.forcePinChange = false;
    const { token } = await pinToken(authenticator, '123456');
    const keyBefore = authenticator.volatile.keyAgreement.coseKey();
    authenticator.volatile.consecutivePinFailures = 2;
    expect(await reset(authenticator)).toBe(CtapStatus.OK);
    const message = new Uint8Array(32);
    expect(() =>
      authenticator.volatile.pinToken.verify({ protocol: 2, pinUvAuthParam: pinUvAuthProtocolTwo.authenticate(token!, message), message, permission: 0x04 }),
    ).toThrowError(expect.objectContaining({ status: CtapStatus.PIN_AUTH_INVALID }));
    expect(authenticator.volatile.keyAgreement.coseKey()).not.toEqual(keyBefore);
    expect(authenticator.volatile.consecutivePinFailures).toBe(0);
  });

  it('is NOT_ALLOWED once the window since power-up has passed, without asking for a touch', async () => {
    const { authenticator, clock, requests } = await usedAuthenticator();
    clock.advance(authenticator.config.resetWindowMs + 1);
    expect(await reset(authenticator)).toBe(CtapStatus.NOT_ALLOWED);
    expect(requests).toEqual([]);
    expect(authenticator.state.credentials).toHaveLength(2);
    expect(authenticator.state.pinHash).toBeDefined();
  });

  it('measures the window from the last power-up', async () => {
    const { authenticator, clock } = await usedAuthenticator();
    clock.advance(60_000);
    expect(await reset(authenticator)).toBe(CtapStatus.NOT_ALLOWED);
    authenticator.powerCycle();
    clock.advance(authenticator.config.resetWindowMs);
    expect(await reset(authenticator)).toBe(CtapStatus.OK);
    expect(authenticator.state.credentials).toEqual([]);
  });

  it('answers OPERATION_DENIED when the user refuses, and changes nothing', async () => {
    const { authenticator, statePath } = await usedAuthenticator({ userPresence: () => 'deny' });
    const before = readFileSync(statePath, 'utf8');
    expect(await reset(authenticator)).toBe(CtapStatus.OPERATION_DENIED);
    expect(authenticator.state.credentials).toHaveLength(2);
    expect(readFileSync(statePath, 'utf8')).toBe(before);
  });

  it('answers USER_ACTION_TIMEOUT when nobody touches the key, and changes nothing', async () => {
    const { authenticator } = await usedAuthenticator({ userPresence: () => 'timeout', userPresenceTimeoutMs: 20 });
    expect(await reset(authenticator)).toBe(CtapStatus.USER_ACTION_TIMEOUT);
    expect(authenticator.state.pinHash).toBeDefined();
  });

  it('answers KEEPALIVE_CANCEL when the host cancels, and changes nothing', async () => {
    const { authenticator } = await usedAuthenticator({ userPresence: () => new Promise(() => undefined) });
    const controller = new AbortController();
    const pending = authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.reset), { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    expect((await pending)[0]).toBe(CtapStatus.KEEPALIVE_CANCEL);
    expect(authenticator.state.credentials).toHaveLength(2);
  });
});
