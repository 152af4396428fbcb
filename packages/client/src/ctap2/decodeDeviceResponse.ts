import { CtapError, decodeCtap2Response, type CborMap } from '@keybridge/ctap';
import { readDeviceAnswer } from './readDeviceAnswer.js';

/**
 * A CTAP2 response from a device: a non-zero status byte is the CtapError of that status (status and code
 * as the device said); an empty or malformed answer is a CtapClientError PROTOCOL_ERROR.
 */
export function decodeDeviceResponse(response: Uint8Array, what: string): CborMap | undefined {
  const status = response[0];
  if (status !== undefined && status !== 0) throw new CtapError(status);
  return readDeviceAnswer(`${what} response`, () => decodeCtap2Response(response));
}
