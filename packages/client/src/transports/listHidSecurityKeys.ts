import { CtapClientError } from '../CtapClientError.js';
import { loadNodeHid } from './loadNodeHid.js';
import type { NodeHidApi } from './NodeHidApi.js';

/** The FIDO HID usage page and the CTAPHID usage (ctap-reference.md, "CTAPHID framing"). */
export const FIDO_USAGE_PAGE = 0xf1d0;
export const FIDO_USAGE_CTAPHID = 0x01;

/** One security key as USB HID enumeration describes it. */
export interface HidSecurityKeyInfo {
  /** Platform-specific path to open, e.g. "/dev/hidraw3". */
  path: string;
  vendorId: number;
  productId: number;
  manufacturer?: string | undefined;
  product?: string | undefined;
  serialNumber?: string | undefined;
}

export interface ListHidSecurityKeysOptions {
  /** node-hid or a stand-in; default: node-hid, loaded on first use. */
  nodeHid?: NodeHidApi;
}

/** The FIDO security keys plugged in: HID interfaces on usage page 0xF1D0, usage 0x01. No keys: an empty list. */
export async function listHidSecurityKeys(options: ListHidSecurityKeysOptions = {}): Promise<HidSecurityKeyInfo[]> {
  const nodeHid = options.nodeHid ?? (await loadNodeHid());
  let devices;
  try {
    devices = await nodeHid.devicesAsync();
  } catch (error) {
    throw new CtapClientError('HID_UNAVAILABLE', `cannot enumerate USB HID devices: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const keys: HidSecurityKeyInfo[] = [];
  const seen = new Set<string>();
  for (const device of devices) {
    if (device.usagePage !== FIDO_USAGE_PAGE || device.usage !== FIDO_USAGE_CTAPHID) continue;
    if (!device.path || seen.has(device.path)) continue;
    seen.add(device.path);
    keys.push({
      path: device.path,
      vendorId: device.vendorId,
      productId: device.productId,
      manufacturer: device.manufacturer,
      product: device.product,
      serialNumber: device.serialNumber,
    });
  }
  return keys;
}
