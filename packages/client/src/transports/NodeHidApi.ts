/**
 * The part of node-hid (3.x, async API) the client uses. Written out here so the rest of the client and its
 * tests depend on this shape rather than on node-hid's own typings, and so tests can inject a stand-in.
 */
export interface NodeHidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** An open device (node-hid's `HIDAsync`). */
export interface NodeHidDevice {
  /** The first byte is the report id (0 for FIDO keys). Resolves with the number of bytes written. */
  write(values: number[] | Buffer): Promise<number>;
  /** The next input report; an empty buffer (or undefined) when none arrived within `timeoutMs`. */
  read(timeoutMs?: number): Promise<Buffer | Uint8Array | undefined>;
  close(): Promise<void>;
}

export interface NodeHidApi {
  devicesAsync(): Promise<NodeHidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<NodeHidDevice> };
  /** Forces node-hid to load its native binding (it does so lazily), so a missing library shows up at once. */
  getHidapiVersion?(): string;
}
