import { CtapClientError } from '@keybridge/client';
import { CTAP_STATUS_VENDOR_RANGE, CtapError, CtapHidError } from '@keybridge/ctap';
import { CliError } from '../program/CliError.js';
import { RegistryError } from '../registry/RegistryError.js';

/** What the command knows beyond the error itself, to say it better. */
export interface CtapErrorDetails {
  /** PIN retries left, asked after a PIN_INVALID / PIN_AUTH_BLOCKED. */
  pinRetries?: number;
  /** The key's minimum PIN length (getInfo minPINLength), for PIN_POLICY_VIOLATION. */
  minPinLength?: number;
  /** The operation that failed, where a status means something specific to it (NOT_ALLOWED for reset). */
  operation?: 'reset' | 'setPin' | 'changePin' | 'credentialManagement';
  /** The key was waiting for a touch when the request timed out (its last keep-alive said UPNEEDED). */
  waitingForTouch?: boolean;
}

const attempts = (count: number) => `${count} attempt${count === 1 ? '' : 's'} left`;

const STOPPED_ANSWERING = 'The security key stopped answering';

function describeStatus(error: CtapError, details: CtapErrorDetails): string {
  switch (error.code) {
    case 'PIN_INVALID':
      return details.pinRetries === undefined ? 'Wrong PIN' : `Wrong PIN: ${attempts(details.pinRetries)}`;
    case 'PIN_AUTH_BLOCKED':
      return 'PIN entry blocked until the key is unplugged and plugged back in';
    case 'PIN_BLOCKED':
      return 'PIN blocked: the key must be reset';
    case 'PIN_NOT_SET':
      return 'No PIN is set on this key: set one with "keybridge pin set"';
    case 'PIN_POLICY_VIOLATION':
      return `The PIN does not meet the key's rules: at least ${details.minPinLength ?? 4} characters and at most 63 bytes`;
    case 'PIN_AUTH_INVALID':
      return 'The key rejected the PIN authentication (PIN_AUTH_INVALID): try again';
    case 'PIN_TOKEN_EXPIRED':
      return 'The PIN token expired: try again';
    case 'PUAT_REQUIRED':
      return 'The key needs the PIN for this';
    case 'UV_BLOCKED':
      return 'User verification is blocked on this key: use the PIN';
    case 'UV_INVALID':
      return 'The key did not recognise the user (its own user verification failed): try again';
    case 'NOT_ALLOWED':
      if (details.operation === 'reset') {
        return 'Reset refused: a key accepts it only within 10 seconds of being plugged in; unplug it, plug it back in and run "keybridge reset" at once';
      }
      if (details.operation === 'setPin') return 'A PIN is already set: change it with "keybridge pin change"';
      return 'The key does not allow this now (NOT_ALLOWED)';
    case 'OPERATION_DENIED':
      return 'The request was denied on the key';
    case 'USER_ACTION_TIMEOUT':
    case 'ACTION_TIMEOUT':
      return 'Nobody touched the security key in time';
    case 'KEEPALIVE_CANCEL':
      return 'Cancelled';
    case 'NO_CREDENTIALS':
      return 'No such credential on this key';
    case 'INVALID_COMMAND':
      return 'The key does not support this command';
    case 'UNSUPPORTED_OPTION':
    case 'UNSUPPORTED_EXTENSION':
    case 'UNSUPPORTED_ALGORITHM':
      return `The key does not support this (${error.code})`;
    case 'UNAUTHORIZED_PERMISSION':
      return 'The PIN token does not grant this permission (UNAUTHORIZED_PERMISSION)';
    case 'KEY_STORE_FULL':
      return 'The key has no room left for discoverable credentials';
    case 'LIMIT_EXCEEDED':
      return 'The request exceeds a limit of the key (LIMIT_EXCEEDED)';
    case 'CHANNEL_BUSY':
      return 'The security key is busy with another application: try again';
    case 'TIMEOUT':
      return STOPPED_ANSWERING;
    default: {
      const byte = `0x${error.status.toString(16).padStart(2, '0')}`;
      if (error.status >= CTAP_STATUS_VENDOR_RANGE.first && error.status <= CTAP_STATUS_VENDOR_RANGE.last) {
        return `The security key refused the request with a vendor-specific status (${byte}): only its maker's documentation says what it means`;
      }
      return `The security key refused the request: ${error.code} (${byte})`;
    }
  }
}

function describeHidError(error: CtapHidError): string {
  switch (error.code) {
    case 'MSG_TIMEOUT':
      return `${STOPPED_ANSWERING} (CTAPHID MSG_TIMEOUT)`;
    case 'CHANNEL_BUSY':
    case 'LOCK_REQUIRED':
      return 'The security key is busy with another application: try again';
    case 'INVALID_CMD':
      return 'The key does not support this command';
    default:
      return `The security key reported a transport error: CTAPHID ${error.code}`;
  }
}

function describeClientError(error: CtapClientError, details: CtapErrorDetails): string {
  switch (error.code) {
    case 'TIMEOUT':
      return details.waitingForTouch ? 'Nobody touched the security key in time' : STOPPED_ANSWERING;
    case 'CANCELLED':
      return 'Cancelled';
    case 'DEVICE_GONE':
      return `Lost the security key: ${error.message}`;
    case 'NO_DEVICE':
      return `No security key there: ${error.message}`;
    case 'HID_UNAVAILABLE':
      return error.message;
    case 'PROTOCOL_ERROR':
      return `The security key sent something unexpected: ${error.message}`;
    case 'UNSUPPORTED':
      return `The key does not support this: ${error.message}`;
    case 'PIN_REQUIRED':
      return 'The key needs the PIN for this';
    case 'NO_CREDENTIALS':
      return 'This security key is not one the account knows: use a key added with "keybridge key add"';
    case 'CREDENTIAL_EXCLUDED':
      return 'This security key is already registered with the account';
    default:
      return error.message;
  }
}

function describeRegistryError(error: RegistryError): string {
  switch (error.code) {
    case 'invalid_credentials':
      return 'Wrong user name or password';
    case 'second_factor_invalid':
      return `The registry refused the second factor: ${error.message}`;
    default:
      // The registry's messages are written for people, one line each; the CLI's own codes are upper case.
      return error.code === error.code.toUpperCase() ? error.message : `The registry refused: ${error.message}`;
  }
}

/**
 * One line for a failure, naming the CTAP error in words ("Wrong PIN: 6 attempts left", "PIN blocked: the key
 * must be reset"). CTAP2 statuses (CtapError), CTAPHID errors and client-side failures are all covered;
 * CliError messages pass through. Never includes a PIN: no message here is built from user input.
 */
export function describeCtapError(error: unknown, details: CtapErrorDetails = {}): string {
  if (error instanceof CtapError) return describeStatus(error, details);
  if (error instanceof CtapHidError) return describeHidError(error);
  if (error instanceof CtapClientError) return describeClientError(error, details);
  if (error instanceof CliError) return error.message;
  if (error instanceof RegistryError) return describeRegistryError(error);
  // @inquirer/prompts: Ctrl-C at a prompt (ExitPromptError) or our signal aborting it (AbortPromptError).
  if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) return 'Cancelled';
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${message.split('\n')[0]}`;
}
