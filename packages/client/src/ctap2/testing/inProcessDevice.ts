import { CtapHidCapability, CtapHidKeepaliveStatus } from '@keybridge/ctap';
import { CtapClientError } from '../../CtapClientError.js';
import type { CtapDevice, CtapRequestOptions } from '../../hid/CtapDevice.js';

/**
 * What the adapter needs from an emulator `Authenticator` (structural, so the client never imports the emulator):
 * a CTAP2 message or a U2F APDU in, the answer out, with the request's signal and status callback.
 */
export interface InProcessAuthenticator {
  handleCtap2(message: Uint8Array, context: InProcessRequestContext): Promise<Uint8Array>;
  handleU2f(apdu: Uint8Array, context: InProcessRequestContext): Promise<Uint8Array>;
  winks: number;
}

export interface InProcessRequestContext {
  signal?: AbortSignal;
  onStatus?(status: 'processing' | 'upneeded'): void;
}

export interface InProcessDeviceOptions {
  /** INIT capabilities to report; default WINK | CBOR, as the emulator's CTAPHID device. */
  capabilities?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Test-only (not exported from the package): a CtapDevice that calls an authenticator directly, with no CTAPHID
 * in between. It behaves as CtapHidChannel promises: keep-alive statuses reach onKeepalive (upneeded → 2,
 * processing → 1), an aborted signal ends the request with CtapClientError CANCELLED (the authenticator sees the
 * abort, as it would see CTAPHID_CANCEL), timeoutMs with TIMEOUT, and a closed device with DEVICE_GONE.
 */
export function inProcessDevice(authenticator: InProcessAuthenticator, options: InProcessDeviceOptions = {}): CtapDevice {
  let closed = false;

  async function run(handle: (context: InProcessRequestContext) => Promise<Uint8Array>, request: CtapRequestOptions = {}): Promise<Uint8Array> {
    if (closed) throw new CtapClientError('DEVICE_GONE', 'the in-process device is closed');
    const { signal, onKeepalive, timeoutMs = DEFAULT_TIMEOUT_MS } = request;
    if (signal?.aborted) throw new CtapClientError('CANCELLED', 'cancelled before it was sent', { cause: signal.reason });
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const onAbort = () => abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await handle({
        signal: abort.signal,
        // Asynchronously, as keep-alives arrive from a real device: a callback that aborts must find the
        // authenticator already listening for the abort.
        onStatus: (status) =>
          queueMicrotask(() => onKeepalive?.(status === 'upneeded' ? CtapHidKeepaliveStatus.UPNEEDED : CtapHidKeepaliveStatus.PROCESSING)),
      });
      if (signal?.aborted) throw new CtapClientError('CANCELLED', 'cancelled', { cause: signal.reason });
      if (timedOut) throw new CtapClientError('TIMEOUT', `no answer within ${timeoutMs} ms`);
      return response;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    cbor: (message, request) => run((context) => authenticator.handleCtap2(Uint8Array.from(message), context), request),
    msg: (apdu, request) => run((context) => authenticator.handleU2f(Uint8Array.from(apdu), context), request),
    async ping(data, request) {
      return run(async () => Uint8Array.from(data), request);
    },
    async wink(request) {
      await run(async () => {
        authenticator.winks += 1;
        return new Uint8Array(0);
      }, request);
    },
    capabilities: options.capabilities ?? CtapHidCapability.WINK | CtapHidCapability.CBOR,
    deviceVersion: [1, 0, 0],
    description: 'in-process emulator',
    async close() {
      closed = true;
    },
  };
}
