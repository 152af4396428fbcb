import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { ClientPinResponseKey, type ClientPinResponse } from './ClientPinResponse.js';

/** The clientPIN response map an authenticator sends; members that are undefined are left out. */
export function encodeClientPinResponse(response: ClientPinResponse): CborMap {
  const map: CborMap = new Map();
  const put = (key: number, value: CborValue | undefined) => {
    if (value !== undefined) map.set(key, value);
  };
  put(ClientPinResponseKey.keyAgreement, response.keyAgreement);
  put(ClientPinResponseKey.pinUvAuthToken, response.pinUvAuthToken);
  put(ClientPinResponseKey.pinRetries, response.pinRetries);
  put(ClientPinResponseKey.powerCycleState, response.powerCycleState);
  put(ClientPinResponseKey.uvRetries, response.uvRetries);
  return map;
}
