/**
 * CTAP2 status codes: the first byte of every CBOR response.
 * Values from ../shared/docs/ctap-reference.md ("Status codes").
 */
export const CtapStatus = {
  OK: 0x00,
  INVALID_COMMAND: 0x01,
  INVALID_PARAMETER: 0x02,
  INVALID_LENGTH: 0x03,
  INVALID_SEQ: 0x04,
  TIMEOUT: 0x05,
  CHANNEL_BUSY: 0x06,
  LOCK_REQUIRED: 0x0a,
  INVALID_CHANNEL: 0x0b,
  CBOR_UNEXPECTED_TYPE: 0x11,
  INVALID_CBOR: 0x12,
  MISSING_PARAMETER: 0x14,
  LIMIT_EXCEEDED: 0x15,
  UNSUPPORTED_EXTENSION: 0x16,
  FP_DATABASE_FULL: 0x17,
  LARGE_BLOB_STORAGE_FULL: 0x18,
  CREDENTIAL_EXCLUDED: 0x19,
  PROCESSING: 0x21,
  INVALID_CREDENTIAL: 0x22,
  USER_ACTION_PENDING: 0x23,
  OPERATION_PENDING: 0x24,
  NO_OPERATIONS: 0x25,
  UNSUPPORTED_ALGORITHM: 0x26,
  OPERATION_DENIED: 0x27,
  KEY_STORE_FULL: 0x28,
  NOT_BUSY: 0x29,
  NO_OPERATION_PENDING: 0x2a,
  UNSUPPORTED_OPTION: 0x2b,
  INVALID_OPTION: 0x2c,
  KEEPALIVE_CANCEL: 0x2d,
  NO_CREDENTIALS: 0x2e,
  USER_ACTION_TIMEOUT: 0x2f,
  NOT_ALLOWED: 0x30,
  PIN_INVALID: 0x31,
  PIN_BLOCKED: 0x32,
  PIN_AUTH_INVALID: 0x33,
  PIN_AUTH_BLOCKED: 0x34,
  PIN_NOT_SET: 0x35,
  PUAT_REQUIRED: 0x36,
  PIN_POLICY_VIOLATION: 0x37,
  PIN_TOKEN_EXPIRED: 0x38,
  REQUEST_TOO_LARGE: 0x39,
  ACTION_TIMEOUT: 0x3a,
  UP_REQUIRED: 0x3b,
  UV_BLOCKED: 0x3c,
  INTEGRITY_FAILURE: 0x3d,
  INVALID_SUBCOMMAND: 0x3e,
  UV_INVALID: 0x3f,
  UNAUTHORIZED_PERMISSION: 0x40,
  OTHER: 0x7f,
} as const;

export type CtapStatusName = keyof typeof CtapStatus;
export type CtapStatusCode = (typeof CtapStatus)[CtapStatusName];

const namesByCode = new Map<number, CtapStatusName>(
  (Object.entries(CtapStatus) as [CtapStatusName, number][]).map(([name, code]) => [code, name]),
);

/**
 * The ranges CTAP 2.1 §8.2 ("Status codes") leaves to others: E0..EF for extensions, F0..FF for vendors (each
 * maker's own errors, e.g. canokey's F1 for a command it does not handle). python-fido2 names the same bounds
 * EXTENSION_FIRST / VENDOR_FIRST.
 */
export const CTAP_STATUS_EXTENSION_RANGE = { first: 0xe0, last: 0xef } as const;
export const CTAP_STATUS_VENDOR_RANGE = { first: 0xf0, last: 0xff } as const;

/**
 * The name of a status byte, e.g. 0x31 -> "PIN_INVALID". Codes without a name keep their number:
 * "VENDOR_SPECIFIC_0xf1", "EXTENSION_SPECIFIC_0xe2", or "UNKNOWN_0x50" outside those ranges.
 */
export function ctapStatusName(code: number): string {
  const named = namesByCode.get(code);
  if (named) return named;
  const hex = `0x${code.toString(16).padStart(2, '0')}`;
  if (code >= CTAP_STATUS_VENDOR_RANGE.first && code <= CTAP_STATUS_VENDOR_RANGE.last) return `VENDOR_SPECIFIC_${hex}`;
  if (code >= CTAP_STATUS_EXTENSION_RANGE.first && code <= CTAP_STATUS_EXTENSION_RANGE.last) return `EXTENSION_SPECIFIC_${hex}`;
  return `UNKNOWN_${hex}`;
}
