import type { CborMap } from '../../cbor/CborValue.js';
import { mapOfDefined } from '../mapOfDefined.js';
import { ClientPinResponseKey, type ClientPinResponse } from './ClientPinResponse.js';

/** The clientPIN response map an authenticator sends; members that are undefined are left out. */
export function encodeClientPinResponse(response: ClientPinResponse): CborMap {
  return mapOfDefined([
    [ClientPinResponseKey.keyAgreement, response.keyAgreement],
    [ClientPinResponseKey.pinUvAuthToken, response.pinUvAuthToken],
    [ClientPinResponseKey.pinRetries, response.pinRetries],
    [ClientPinResponseKey.powerCycleState, response.powerCycleState],
    [ClientPinResponseKey.uvRetries, response.uvRetries],
  ]);
}
