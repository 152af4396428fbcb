import type { CborMap } from '../../cbor/CborValue.js';
import { encodeCbor } from '../../cbor/encodeCbor.js';

/**
 * What pinUvAuthParam authenticates for credentialManagement (CTAP 2.1 §6.8):
 * subCommand (one byte) || CBOR(subCommandParams) when there are parameters, e.g.
 * authenticate(pinUvAuthToken, enumerateCredentialsBegin (0x04) || subCommandParams).
 */
export function credentialManagementAuthMessage(subCommand: number, subCommandParams?: CborMap): Uint8Array {
  const params = subCommandParams ? encodeCbor(subCommandParams) : new Uint8Array(0);
  const message = new Uint8Array(1 + params.length);
  message[0] = subCommand;
  message.set(params, 1);
  return message;
}
