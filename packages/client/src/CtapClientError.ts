/** Failures of the client side that are not a status answered by the device (those are CtapError / CtapHidError). */
export type CtapClientErrorCode =
  | 'CANCELLED'
  | 'TIMEOUT'
  | 'DEVICE_GONE'
  | 'NO_DEVICE'
  | 'HID_UNAVAILABLE'
  | 'PROTOCOL_ERROR'
  | 'UNSUPPORTED'
  | 'PIN_REQUIRED'
  | 'BAD_REQUEST'
  /** WebAuthn create(): the key already holds a credential of excludeCredentials (a browser's InvalidStateError). */
  | 'CREDENTIAL_EXCLUDED'
  /** WebAuthn get(): the key holds no credential the request can use (a browser's NotAllowedError). */
  | 'NO_CREDENTIALS';

export class CtapClientError extends Error {
  constructor(
    readonly code: CtapClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CtapClientError';
  }
}
