import { CtapClientError } from '../CtapClientError.js';
import type { NodeHidApi } from './NodeHidApi.js';

/** Loads the node-hid module; replaced in tests by a loader that fails the way a machine without libusb does. */
export type NodeHidImporter = () => Promise<unknown>;

const importNodeHid: NodeHidImporter = () => import('node-hid');

let loaded: Promise<NodeHidApi> | undefined;

function isNodeHidApi(candidate: unknown): candidate is NodeHidApi {
  const api = candidate as Partial<NodeHidApi> | null | undefined;
  return typeof api?.devicesAsync === 'function' && typeof api.HIDAsync?.open === 'function';
}

function unavailable(reason: string, cause: unknown): CtapClientError {
  return new CtapClientError(
    'HID_UNAVAILABLE',
    `USB HID is unavailable: ${reason}. On Linux, install libusb-1.0-0 and libudev1 (e.g. "sudo apt-get install libusb-1.0-0 libudev1"); ` +
      'elsewhere, reinstall node-hid for this Node.js version. Commands that use --device udp:HOST:PORT work without it.',
    { cause },
  );
}

async function load(importer: NodeHidImporter): Promise<NodeHidApi> {
  let module: unknown;
  try {
    module = await importer();
  } catch (error) {
    throw unavailable(error instanceof Error ? error.message : String(error), error);
  }
  // node-hid is CommonJS: its exports are the namespace's default.
  const api = (module as { default?: unknown }).default ?? module;
  if (!isNodeHidApi(api)) throw unavailable('the node-hid module does not have the expected API (node-hid 3 is required)', undefined);
  try {
    // node-hid loads its native binding on first use; a missing libusb / libudev fails here, not in the middle of a command.
    api.getHidapiVersion?.();
  } catch (error) {
    throw unavailable(error instanceof Error ? error.message : String(error), error);
  }
  return api;
}

/**
 * node-hid, loaded on first use so that everything that needs no USB works on machines without its native
 * library. Any load failure becomes one CtapClientError HID_UNAVAILABLE that says what to install.
 * With the default importer, a successful load is cached; a failure is not (installing the library helps at once).
 */
export function loadNodeHid(importer?: NodeHidImporter): Promise<NodeHidApi> {
  if (importer) return load(importer);
  if (!loaded) {
    const attempt = load(importNodeHid);
    loaded = attempt;
    attempt.catch(() => {
      if (loaded === attempt) loaded = undefined;
    });
  }
  return loaded;
}
