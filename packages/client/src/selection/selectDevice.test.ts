import {
  Ctap2Command,
  CtapHidCapability,
  CtapStatus,
  decodeCtap2Response,
  decodeGetInfoResponse,
  encodeCtap2Response,
  encodeGetInfoResponse,
} from '@keybridge/ctap';
import * as emulator from '@keybridge/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { Ctap2Session } from '../ctap2/Ctap2Session.js';
import { emulatedDeviceKinds, type OpenedDevice } from '../ctap2/testing/emulatedDeviceKinds.js';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapDevice } from '../hid/CtapDevice.js';
import { selectDevice } from './selectDevice.js';

const { createAuthenticator, fixedUserPresence } = emulator;

/** The emulated user's touch policy, remembering what each touch was asked for. */
function recordingPresence(decision: emulator.UserPresenceDecision, delayMs = 0) {
  const purposes: string[] = [];
  const policy = fixedUserPresence(decision, delayMs);
  const userPresence: emulator.UserPresencePolicy = (request) => {
    purposes.push(request.purpose);
    return policy(request);
  };
  return { purposes, userPresence };
}

interface Wrapping {
  /** getInfo versions to report instead of the emulator's (an older key). */
  versions?: string[];
  /** Extra INIT capability bits (NMSG: a CTAP2 key without U2F). */
  extraCapabilities?: number;
}

/** A device that records its calls and, optionally, poses as an older key. */
function wrappedDevice(inner: CtapDevice, wrapping: Wrapping = {}): { device: CtapDevice; calls: string[] } {
  const calls: string[] = [];
  const device: CtapDevice = {
    async cbor(message, options) {
      calls.push(`cbor ${message[0]}`);
      const response = await inner.cbor(message, options);
      if (message[0] !== Ctap2Command.getInfo || !wrapping.versions || response[0] !== CtapStatus.OK) return response;
      const info = decodeGetInfoResponse(decodeCtap2Response(response)!);
      return encodeCtap2Response(CtapStatus.OK, encodeGetInfoResponse({ ...info, versions: wrapping.versions }));
    },
    msg: (apdu, options) => (calls.push('msg'), inner.msg(apdu, options)),
    ping: (data, options) => (calls.push('ping'), inner.ping(data, options)),
    wink: (options) => (calls.push('wink'), inner.wink(options)),
    get capabilities() {
      return inner.capabilities | (wrapping.extraCapabilities ?? 0);
    },
    get deviceVersion() {
      return inner.deviceVersion;
    },
    get description() {
      return inner.description;
    },
    close: () => inner.close(),
  };
  return { device, calls };
}

async function rejectionOf(promise: Promise<unknown>): Promise<CtapClientError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof CtapClientError)) throw new Error(`expected a CtapClientError, got ${String(error)}`);
  return error;
}

describe.each(emulatedDeviceKinds(emulator))('selectDevice over $name', (kind) => {
  const opened: OpenedDevice[] = [];
  afterEach(async () => {
    for (const device of opened.splice(0)) await device.close();
  });

  async function key(decision: emulator.UserPresenceDecision, options: emulator.AuthenticatorOptions & { delayMs?: number; wrapping?: Wrapping } = {}) {
    const { delayMs, wrapping, ...authenticatorOptions } = options;
    const presence = recordingPresence(decision, delayMs);
    const authenticator = await createAuthenticator({ ...authenticatorOptions, userPresence: presence.userPresence });
    const device = await kind.open(authenticator);
    opened.push(device);
    return { authenticator, purposes: presence.purposes, ...wrappedDevice(device.device, wrapping) };
  }

  it('takes a single key without asking for a touch', async () => {
    const only = await key('approve');
    expect(await selectDevice([only.device])).toBe(only.device);
    expect(only.calls).toEqual([]);
    expect(only.purposes).toEqual([]);
  });

  it('has nothing to choose from an empty list', async () => {
    expect((await rejectionOf(selectDevice([]))).code).toBe('NO_DEVICE');
  });

  it('chooses the CTAP 2.1 key the user touches and cancels the selection on the others', async () => {
    const keys = [await key('timeout'), await key('approve', { delayMs: 150 }), await key('timeout')];
    const started = Date.now();
    const chosen = await selectDevice(keys.map((k) => k.device));
    expect(chosen).toBe(keys[1]!.device);
    expect(Date.now() - started).toBeLessThan(5_000);
    for (const k of keys) expect(k.purposes).toEqual(['selection']);
    expect(keys.every((k) => k.calls.includes(`cbor ${Ctap2Command.selection}`))).toBe(true);
    // The others were released: they answer at once, not busy with a selection still waiting for 30 s.
    for (const other of [keys[0]!, keys[2]!]) {
      const session = await Ctap2Session.open(other.device, { timeoutMs: 2_000 });
      expect(session.info.versions).toContain('FIDO_2_1');
    }
  });

  it('chooses among U2F-only keys by blinking them and polling a dummy U2F registration', async () => {
    const keys = [await key('timeout', { u2fOnly: true }), await key('timeout', { u2fOnly: true }), await key('approve', { u2fOnly: true, delayMs: 200 })];
    const chosen = await selectDevice(keys.map((k) => k.device));
    expect(chosen).toBe(keys[2]!.device);
    for (const k of keys) {
      expect(k.authenticator.winks).toBe(1);
      expect(k.purposes).toEqual(['u2f']);
    }
    // The polling of the others has stopped.
    const polls = keys.map((k) => k.calls.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(keys.map((k) => k.calls.length)).toEqual(polls);
  });

  it('asks a CTAP 2.0 key through U2F, next to a CTAP 2.1 key that nobody touches', async () => {
    const older = await key('approve', { delayMs: 100, wrapping: { versions: ['U2F_V2', 'FIDO_2_0'] } });
    const newer = await key('timeout');
    expect(await selectDevice([newer.device, older.device])).toBe(older.device);
    expect(older.purposes).toEqual(['u2f']);
    expect(older.calls).not.toContain(`cbor ${Ctap2Command.selection}`);
    expect(older.calls).toContain('wink');
    expect(newer.purposes).toEqual(['selection']);
  });

  it('asks a CTAP 2.0 key without U2F with the "touch to select" makeCredential probe', async () => {
    const older = await key('approve', { delayMs: 100, wrapping: { versions: ['FIDO_2_0'], extraCapabilities: CtapHidCapability.NMSG } });
    const other = await key('timeout', { wrapping: { versions: ['FIDO_2_0'], extraCapabilities: CtapHidCapability.NMSG } });
    expect(await selectDevice([other.device, older.device])).toBe(older.device);
    expect(older.purposes).toEqual(['makeCredential']);
    expect(older.calls).not.toContain('msg');
    expect(older.authenticator.state.credentials).toHaveLength(0);
  });

  it('stops waiting on every key when the caller cancels', async () => {
    const keys = [await key('timeout'), await key('timeout', { u2fOnly: true })];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    expect((await rejectionOf(selectDevice(keys.map((k) => k.device), { signal: controller.signal }))).code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(5_000);
    const session = await Ctap2Session.open(keys[0]!.device, { timeoutMs: 2_000 });
    expect(session.info.versions).toContain('FIDO_2_1');
  });

  it('times out when nobody touches any key', async () => {
    const keys = [await key('timeout', { userPresenceTimeoutMs: 200 }), await key('timeout', { userPresenceTimeoutMs: 200 })];
    expect((await rejectionOf(selectDevice(keys.map((k) => k.device)))).code).toBe('TIMEOUT');
  });

  it('keeps waiting for the others when the user refuses on one key', async () => {
    const keys = [await key('deny'), await key('approve', { delayMs: 200 })];
    expect(await selectDevice(keys.map((k) => k.device))).toBe(keys[1]!.device);
  });
});
