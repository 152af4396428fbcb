import type { CtapHidKeepaliveStatusCode } from '@keybridge/ctap';

export interface CtapRequestOptions {
  /** Aborting sends CTAPHID_CANCEL and ends the request with a CtapClientError of code CANCELLED. */
  signal?: AbortSignal;
  /** Called on every KEEPALIVE: 1 PROCESSING, 2 UPNEEDED ("touch your key"). */
  onKeepalive?: (status: CtapHidKeepaliveStatusCode) => void;
  /** Overall limit for this request in ms (default: 30 s, long enough for a touch). */
  timeoutMs?: number;
}

/** What a session needs from a device: a CTAPHID channel, or anything that behaves like one. */
export interface CtapDevice {
  /** CTAPHID_CBOR: command byte + CBOR in, status byte + CBOR out. */
  cbor(message: Uint8Array, options?: CtapRequestOptions): Promise<Uint8Array>;
  /** CTAPHID_MSG: a U2F APDU in, response data + status word out. */
  msg(apdu: Uint8Array, options?: CtapRequestOptions): Promise<Uint8Array>;
  ping(data: Uint8Array, options?: CtapRequestOptions): Promise<Uint8Array>;
  wink(options?: CtapRequestOptions): Promise<void>;
  /** From the INIT response. */
  readonly capabilities: number;
  readonly deviceVersion: readonly [number, number, number];
  readonly description: string;
  close(): Promise<void>;
}
