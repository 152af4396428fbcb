import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CtapHidCapability, U2fStatusWord } from '@keybridge/ctap';
import * as emulator from '@keybridge/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapDevice } from '../hid/CtapDevice.js';
import { emulatedDeviceKinds, type OpenedDevice } from '../ctap2/testing/emulatedDeviceKinds.js';
import { Ctap1Session } from './Ctap1Session.js';
import { U2fStatusError } from './U2fStatusError.js';
import { verifyU2fAssertion } from './verifyU2fAssertion.js';
import { verifyU2fRegistration } from './verifyU2fRegistration.js';

const { createAuthenticator, fixedUserPresence } = emulator;
const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());
const APPLICATION = sha256('example.org');
const challenge = () => Uint8Array.from(randomBytes(32));

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
}

describe.each(emulatedDeviceKinds(emulator))('Ctap1Session over $name', (kind) => {
  const opened: OpenedDevice[] = [];
  afterEach(async () => {
    for (const device of opened.splice(0)) await device.close();
  });

  async function setup(options: emulator.AuthenticatorOptions = {}) {
    const authenticator = await createAuthenticator({ u2fOnly: true, ...options });
    const device = await kind.open(authenticator);
    opened.push(device);
    return { authenticator, session: new Ctap1Session(device.device) };
  }

  it('answers VERSION with U2F_V2', async () => {
    const { session } = await setup();
    expect(session.kind).toBe('ctap1');
    expect(await session.getVersion()).toBe('U2F_V2');
  });

  it('registers and authenticates; both signatures verify and the counter climbs', async () => {
    const { session } = await setup();
    const registration = await session.register(challenge(), APPLICATION);
    expect(registration.userPublicKey).toHaveLength(65);
    expect(registration.keyHandle).toHaveLength(64);
    expect(verifyU2fRegistration(registration)).toBe(true);
    expect(verifyU2fRegistration({ ...registration, challenge: challenge() })).toBe(false);

    const first = await session.authenticate(challenge(), APPLICATION, registration.keyHandle);
    expect(first.userPresence).toBe(1);
    expect(verifyU2fAssertion(first, registration.userPublicKey)).toBe(true);
    expect(verifyU2fAssertion({ ...first, counter: first.counter + 1 }, registration.userPublicKey)).toBe(false);
    const second = await session.authenticate(challenge(), APPLICATION, registration.keyHandle);
    expect(second.counter).toBeGreaterThan(first.counter);

    // P1 08: no touch needed, and the signature says so.
    const silent = await session.authenticate(challenge(), APPLICATION, registration.keyHandle, { dontEnforce: true });
    expect(silent.userPresence).toBe(0);
    expect(verifyU2fAssertion(silent, registration.userPublicKey)).toBe(true);
  });

  it('tells known key handles from unknown ones, and refuses to sign with an unknown one', async () => {
    const { session } = await setup();
    const { keyHandle } = await session.register(challenge(), APPLICATION);
    expect(await session.isKeyHandleKnown(APPLICATION, keyHandle)).toBe(true);
    expect(await session.isKeyHandleKnown(sha256('other.example'), keyHandle)).toBe(false);
    expect(await session.isKeyHandleKnown(APPLICATION, new Uint8Array(64).fill(1))).toBe(false);

    const checkOnly = await rejectionOf(session.authenticate(challenge(), APPLICATION, keyHandle, { checkOnly: true }));
    expect(checkOnly).toBeInstanceOf(U2fStatusError);
    expect(checkOnly).toMatchObject({ statusWord: U2fStatusWord.CONDITIONS_NOT_SATISFIED, statusName: 'CONDITIONS_NOT_SATISFIED' });
    const unknown = await rejectionOf(session.authenticate(challenge(), sha256('other.example'), keyHandle));
    expect(unknown).toMatchObject({ statusWord: 0x6a80, statusName: 'WRONG_DATA' });
  });

  it('polls while the device waits for a touch and says "touch your key"', async () => {
    const { session } = await setup({ userPresence: fixedUserPresence('approve', 300) });
    const keepalives: number[] = [];
    const started = Date.now();
    const registration = await session.register(challenge(), APPLICATION, { onKeepalive: (status) => keepalives.push(status) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(keepalives.filter((status) => status === 2).length).toBeGreaterThanOrEqual(2);
    expect(verifyU2fRegistration(registration)).toBe(true);
  });

  it('stops polling when cancelled, and after timeoutMs', async () => {
    const { session } = await setup({ userPresence: fixedUserPresence('deny') });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 250);
    const started = Date.now();
    const cancelled = await rejectionOf(session.register(challenge(), APPLICATION, { signal: controller.signal }));
    expect(cancelled).toBeInstanceOf(CtapClientError);
    expect(cancelled).toMatchObject({ code: 'CANCELLED' });
    // Without the cancel, polling would go on until the default timeout (tens of seconds).
    expect(Date.now() - started).toBeLessThan(5_000);

    const timedOut = await rejectionOf(session.register(challenge(), APPLICATION, { timeoutMs: 300 }));
    expect(timedOut).toMatchObject({ code: 'TIMEOUT' });
  });

  it('refuses arguments of the wrong size before sending them', async () => {
    const { session } = await setup();
    expect(await rejectionOf(session.register(new Uint8Array(31), APPLICATION))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await rejectionOf(session.authenticate(challenge(), APPLICATION, new Uint8Array(256)))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('speaks U2F to a CTAP2 authenticator too', async () => {
    const authenticator = await createAuthenticator();
    const device = await kind.open(authenticator);
    opened.push(device);
    const session = new Ctap1Session(device.device);
    const registration = await session.register(challenge(), APPLICATION);
    expect(verifyU2fAssertion(await session.authenticate(challenge(), APPLICATION, registration.keyHandle), registration.userPublicKey)).toBe(true);
  });
});

describe('Ctap1Session against the recorded solo U2F exchanges', () => {
  interface RecordedExchange {
    apdu: string;
    response: string;
  }
  const solo = JSON.parse(readFileSync(new URL('../../../../../shared/fixtures/firmware-vectors/solo.json', import.meta.url), 'utf8')) as {
    u2f: {
      applicationParameter: string;
      register: RecordedExchange & { challengeParameter: string };
      authenticate: RecordedExchange & { challengeParameter: string };
      authenticateCheckOnly: RecordedExchange;
      version: RecordedExchange;
    };
  };
  const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

  /** A device that answers each recorded APDU with its recorded response, and fails on anything else. */
  function replayDevice(): CtapDevice & { sent: string[] } {
    const exchanges = Object.values(solo.u2f).filter((value): value is RecordedExchange => typeof value === 'object' && 'apdu' in value);
    const sent: string[] = [];
    return {
      sent,
      async msg(apdu) {
        const sentHex = Buffer.from(apdu).toString('hex');
        sent.push(sentHex);
        const exchange = exchanges.find((candidate) => candidate.apdu === sentHex);
        if (!exchange) throw new Error(`no recorded answer for APDU ${sentHex}`);
        return hex(exchange.response);
      },
      cbor: () => Promise.reject(new Error('not recorded')),
      ping: () => Promise.reject(new Error('not recorded')),
      wink: () => Promise.reject(new Error('not recorded')),
      capabilities: CtapHidCapability.WINK | CtapHidCapability.CBOR,
      deviceVersion: [0, 0, 0],
      description: 'solo replay',
      close: async () => undefined,
    };
  }

  it('sends the APDUs python-fido2 sent, byte for byte, and verifies the recorded signatures', async () => {
    const device = replayDevice();
    const session = new Ctap1Session(device);
    const application = hex(solo.u2f.applicationParameter);
    expect(await session.getVersion()).toBe('U2F_V2');

    const registration = await session.register(hex(solo.u2f.register.challengeParameter), application);
    expect(verifyU2fRegistration(registration)).toBe(true);
    const checkOnly = await rejectionOf(
      session.authenticate(hex(solo.u2f.authenticate.challengeParameter), application, registration.keyHandle, { checkOnly: true }),
    );
    expect(checkOnly).toMatchObject({ statusWord: 0x6985 });

    const assertion = await session.authenticate(hex(solo.u2f.authenticate.challengeParameter), application, registration.keyHandle);
    expect(assertion).toMatchObject({ userPresence: 1, counter: 32 });
    expect(verifyU2fAssertion(assertion, registration.userPublicKey)).toBe(true);
    expect(verifyU2fAssertion(assertion, new Uint8Array(65).fill(4))).toBe(false);
    expect(device.sent).toEqual([
      solo.u2f.version.apdu,
      solo.u2f.register.apdu,
      solo.u2f.authenticateCheckOnly.apdu,
      solo.u2f.authenticate.apdu,
    ]);
  });
});
