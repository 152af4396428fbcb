import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import { CtapError } from '../../status/CtapError.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import type { ClientPinResponse } from './ClientPinResponse.js';

/** The pinUvAuthToken in a getPinToken-family response, decrypted with the shared secret of its request. */
export function decryptPinUvAuthToken(protocol: PinUvAuthProtocol, sharedSecret: Uint8Array, response: ClientPinResponse): Uint8Array {
  if (!response.pinUvAuthToken) throw new CtapError(CtapStatus.MISSING_PARAMETER, 'response has no pinUvAuthToken');
  return protocol.decrypt(sharedSecret, response.pinUvAuthToken);
}
