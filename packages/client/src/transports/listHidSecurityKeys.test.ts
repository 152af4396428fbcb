import { describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { listHidSecurityKeys } from './listHidSecurityKeys.js';
import type { NodeHidApi, NodeHidDeviceInfo } from './NodeHidApi.js';

const fakeNodeHid = (devicesAsync: () => Promise<NodeHidDeviceInfo[]>): NodeHidApi => ({
  devicesAsync,
  HIDAsync: { open: () => Promise.reject(new Error('not in this test')) },
});

describe('listHidSecurityKeys', () => {
  it('enumerates through the real node-hid on this machine: no keys here, so an empty list', async () => {
    const keys = await listHidSecurityKeys();
    expect(keys).toEqual([]);
  });

  it('keeps only FIDO interfaces (usage page 0xF1D0, usage 1), once per path, described by path, ids and strings', async () => {
    const nodeHid = fakeNodeHid(async () => [
      { vendorId: 0x1050, productId: 0x0407, path: '/dev/hidraw0', usagePage: 0xf1d0, usage: 0x01, manufacturer: 'Yubico', product: 'YubiKey OTP+FIDO+CCID', serialNumber: '', release: 0x0512, interface: 1 } as NodeHidDeviceInfo,
      { vendorId: 0x1050, productId: 0x0407, path: '/dev/hidraw0', usagePage: 0xf1d0, usage: 0x01 },
      { vendorId: 0x1050, productId: 0x0407, path: '/dev/hidraw1', usagePage: 0x01, usage: 0x06, product: 'the same key: its keyboard' },
      { vendorId: 0x0483, productId: 0xa2ca, path: '/dev/hidraw2', usagePage: 0xf1d0, usage: 0x02, product: 'another FIDO usage' },
      { vendorId: 0x20a0, productId: 0x42b1, path: '/dev/hidraw3', usagePage: 0xf1d0, usage: 0x01 },
      { vendorId: 0x20a0, productId: 0x42b1, usagePage: 0xf1d0, usage: 0x01, product: 'no path: cannot be opened' },
    ]);
    expect(await listHidSecurityKeys({ nodeHid })).toEqual([
      { path: '/dev/hidraw0', vendorId: 0x1050, productId: 0x0407, manufacturer: 'Yubico', product: 'YubiKey OTP+FIDO+CCID', serialNumber: '' },
      { path: '/dev/hidraw3', vendorId: 0x20a0, productId: 0x42b1, manufacturer: undefined, product: undefined, serialNumber: undefined },
    ]);
  });

  it('reports an enumeration failure as HID_UNAVAILABLE', async () => {
    const nodeHid = fakeNodeHid(() => Promise.reject(new Error('hid_enumerate failed')));
    const error = await listHidSecurityKeys({ nodeHid }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CtapClientError);
    expect(error).toMatchObject({ code: 'HID_UNAVAILABLE', message: expect.stringContaining('hid_enumerate failed') });
  });
});
