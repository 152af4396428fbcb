import { describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { loadNodeHid } from './loadNodeHid.js';

async function rejection(promise: Promise<unknown>): Promise<CtapClientError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CtapClientError);
    return error as CtapClientError;
  }
  throw new Error('expected the promise to reject');
}

const libusbMissing = new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');

describe('loadNodeHid', () => {
  it('turns a native library that cannot load into one HID_UNAVAILABLE error that says what to install', async () => {
    const error = await rejection(loadNodeHid(() => Promise.reject(libusbMissing)));
    expect(error.code).toBe('HID_UNAVAILABLE');
    expect(error.message).toMatch(/^USB HID is unavailable: libusb-1\.0\.so\.0: cannot open shared object file/);
    expect(error.message).toContain('install libusb-1.0-0');
    expect(error.cause).toBe(libusbMissing);
  });

  it('also catches the failure node-hid defers to its first use (the binding loads lazily)', async () => {
    const module = {
      devicesAsync: async () => [],
      HIDAsync: { open: async () => Promise.reject(new Error('unreachable')) },
      getHidapiVersion: () => {
        throw libusbMissing;
      },
    };
    const error = await rejection(loadNodeHid(async () => ({ default: module })));
    expect(error.code).toBe('HID_UNAVAILABLE');
    expect(error.message).toContain('libusb-1.0-0');
  });

  it('refuses a module without the node-hid 3 API', async () => {
    const error = await rejection(loadNodeHid(async () => ({ default: { devices: () => [] } })));
    expect(error.code).toBe('HID_UNAVAILABLE');
    expect(error.message).toContain('node-hid 3');
  });

  it('loads the real node-hid on this machine, once', async () => {
    const api = await loadNodeHid();
    expect(typeof api.devicesAsync).toBe('function');
    expect(typeof api.HIDAsync.open).toBe('function');
    expect(await loadNodeHid()).toBe(api);
  });
});
