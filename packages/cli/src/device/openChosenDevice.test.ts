import { MemoryTransport, type HidSecurityKeyInfo } from '@keybridge/client';
import { createAuthenticator, CtapHidDevice, fixedUserPresence, InProcessHidConnection, type Authenticator } from '@keybridge/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../program/CliError.js';
import { NO_KEY_MESSAGE, openChosenDevice, TOUCH_TO_CHOOSE_MESSAGE, type HidAccess } from './openChosenDevice.js';

interface FakeKey {
  path: string;
  authenticator: Authenticator;
  device: CtapHidDevice;
}

/** USB HID where each "plugged-in key" is an emulator reached in-process, as node-hid would reach a real one. */
function fakeHid(keys: FakeKey[]): HidAccess & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    list: async () => keys.map((key): HidSecurityKeyInfo => ({ path: key.path, vendorId: 0x1209, productId: 0x0001, product: key.path })),
    open: async (path) => {
      const key = keys.find((candidate) => candidate.path === path);
      if (!key) throw new Error(`no key at ${path}`);
      opened.push(path);
      return new MemoryTransport(new InProcessHidConnection(key.device), `hid:${path}`);
    },
  };
}

async function fakeKey(path: string, touched: boolean): Promise<FakeKey> {
  // A key nobody touches never answers its selection; the chooser must cancel it once the other one is touched.
  const authenticator = await createAuthenticator({ userPresence: fixedUserPresence(touched ? 'approve' : 'timeout', touched ? 150 : 0) });
  return { path, authenticator, device: new CtapHidDevice(authenticator) };
}

describe('openChosenDevice', () => {
  const devices: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const device of devices.splice(0)) await device.close();
  });

  it('says how to reach the emulator when no key is plugged in', async () => {
    const error = await openChosenDevice(undefined, { notify: () => undefined, hid: fakeHid([]) }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(NO_KEY_MESSAGE);
  });

  it('takes the only key without asking for a touch', async () => {
    const notes: string[] = [];
    const hid = fakeHid([await fakeKey('/dev/hidraw7', false)]);
    const device = await openChosenDevice(undefined, { notify: (note) => notes.push(note), hid });
    devices.push(device);
    expect(device.description).toBe('hid:/dev/hidraw7');
    expect(notes).toEqual([]);
  });

  it('with several keys asks for a touch and takes the touched one, leaving the others idle', async () => {
    const untouched = await fakeKey('/dev/hidraw1', false);
    const touched = await fakeKey('/dev/hidraw2', true);
    const notes: string[] = [];
    const hid = fakeHid([untouched, touched]);
    const device = await openChosenDevice(undefined, { notify: (note) => notes.push(note), hid, timeoutMs: 5000 });
    devices.push(device);
    expect(notes).toEqual([TOUCH_TO_CHOOSE_MESSAGE]);
    expect(device.description).toBe('hid:/dev/hidraw2');
    expect(hid.opened.sort()).toEqual(['/dev/hidraw1', '/dev/hidraw2']);
    // The chosen channel still works.
    expect(Buffer.from(await device.ping(Uint8Array.of(1, 2, 3))).toString('hex')).toBe('010203');
  });

  it('opens hid:PATH directly when --device names it, without listing', async () => {
    const hid = fakeHid([await fakeKey('/dev/hidraw3', false), await fakeKey('/dev/hidraw4', false)]);
    const device = await openChosenDevice('hid:/dev/hidraw4', { notify: () => undefined, hid });
    devices.push(device);
    expect(device.description).toBe('hid:/dev/hidraw4');
    expect(hid.opened).toEqual(['/dev/hidraw4']);
  });

  it('is cancelled by the signal while waiting for the touch', async () => {
    const hid = fakeHid([await fakeKey('/dev/hidraw5', false), await fakeKey('/dev/hidraw6', false)]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await openChosenDevice(undefined, { notify: () => undefined, hid, signal: controller.signal }).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'CANCELLED' });
  });
});
