import { CtapClientError } from '../CtapClientError.js';

/**
 * Runs a decoder over something a device answered. The ctap codecs throw CtapError for malformed input, which
 * would read as a status the device sent; a malformed answer is the client's PROTOCOL_ERROR instead.
 */
export function readDeviceAnswer<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw new CtapClientError('PROTOCOL_ERROR', `malformed ${what} from the device${detail}`, { cause: error });
  }
}
