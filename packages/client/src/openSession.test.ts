import { createHash, randomBytes } from 'node:crypto';
import { CtapError, CtapHidCapability, CtapHidError, CtapHidErrorCode, CtapStatus } from '@keybridge/ctap';
import * as emulator from '@keybridge/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { Ctap1Session } from './ctap1/Ctap1Session.js';
import { verifyU2fAssertion } from './ctap1/verifyU2fAssertion.js';
import { verifyU2fRegistration } from './ctap1/verifyU2fRegistration.js';
import { Ctap2Session } from './ctap2/Ctap2Session.js';
import { emulatedDeviceKinds, type OpenedDevice } from './ctap2/testing/emulatedDeviceKinds.js';
import { inProcessDevice } from './ctap2/testing/inProcessDevice.js';
import type { CtapDevice } from './hid/CtapDevice.js';
import { openSession } from './openSession.js';

const { createAuthenticator } = emulator;
const APPLICATION = new Uint8Array(createHash('sha256').update('example.org').digest());

describe.each(emulatedDeviceKinds(emulator))('openSession over $name', (kind) => {
  const opened: OpenedDevice[] = [];
  afterEach(async () => {
    for (const device of opened.splice(0)) await device.close();
  });

  async function open(options: emulator.AuthenticatorOptions) {
    const device = await kind.open(await createAuthenticator(options));
    opened.push(device);
    return openSession(device.device);
  }

  it('opens a Ctap2Session on a CTAP2 key', async () => {
    const session = await open({});
    expect(session).toBeInstanceOf(Ctap2Session);
    expect(session.kind).toBe('ctap2');
  });

  it('falls back to a working Ctap1Session on a U2F-only key (getInfo answered INVALID_COMMAND)', async () => {
    const session = await open({ u2fOnly: true });
    expect(session).toBeInstanceOf(Ctap1Session);
    if (session.kind !== 'ctap1') throw new Error('expected CTAP1');
    const registration = await session.register(Uint8Array.from(randomBytes(32)), APPLICATION);
    expect(verifyU2fRegistration(registration)).toBe(true);
    const assertion = await session.authenticate(Uint8Array.from(randomBytes(32)), APPLICATION, registration.keyHandle);
    expect(verifyU2fAssertion(assertion, registration.userPublicKey)).toBe(true);
  });
});

describe('openSession capabilities and errors', () => {
  function countingDevice(device: CtapDevice): CtapDevice & { cborCalls: number } {
    const counted = Object.assign(Object.create(device) as CtapDevice, { cborCalls: 0 });
    counted.cbor = (message, options) => {
      counted.cborCalls += 1;
      return device.cbor(message, options);
    };
    return counted;
  }

  it('goes straight to CTAP1 when INIT has no CBOR capability', async () => {
    const device = countingDevice(inProcessDevice(await createAuthenticator(), { capabilities: CtapHidCapability.WINK }));
    expect(await openSession(device)).toBeInstanceOf(Ctap1Session);
    expect(device.cborCalls).toBe(0);
  });

  it('is UNSUPPORTED for a device with neither CBOR nor MSG', async () => {
    const device = inProcessDevice(await createAuthenticator(), { capabilities: CtapHidCapability.NMSG });
    await expect(openSession(device)).rejects.toMatchObject({ name: 'CtapClientError', code: 'UNSUPPORTED' });
  });

  it('does not fall back when a CBOR-only key (NMSG) refuses getInfo', async () => {
    const device = inProcessDevice(await createAuthenticator({ u2fOnly: true }), { capabilities: CtapHidCapability.CBOR | CtapHidCapability.NMSG });
    await expect(openSession(device)).rejects.toMatchObject({ status: CtapStatus.INVALID_COMMAND });
  });

  it('falls back on a CTAPHID INVALID_CMD too, and passes other failures on', async () => {
    const base = inProcessDevice(await createAuthenticator({ u2fOnly: true }));
    const hidRefusal: CtapDevice = Object.assign(Object.create(base) as CtapDevice, {
      cbor: () => Promise.reject(new CtapHidError(CtapHidErrorCode.INVALID_CMD)),
    });
    expect(await openSession(hidRefusal)).toBeInstanceOf(Ctap1Session);

    const busy: CtapDevice = Object.assign(Object.create(base) as CtapDevice, {
      cbor: () => Promise.reject(new CtapError(CtapStatus.CHANNEL_BUSY)),
    });
    await expect(openSession(busy)).rejects.toMatchObject({ status: CtapStatus.CHANNEL_BUSY });
  });
});
