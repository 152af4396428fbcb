import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { ClientPinRequestKey, type ClientPinRequest } from './ClientPinRequest.js';

/** The clientPIN parameter map a platform sends; members that are undefined are left out. */
export function encodeClientPinRequest(request: ClientPinRequest): CborMap {
  const map: CborMap = new Map();
  const put = (key: number, value: CborValue | undefined) => {
    if (value !== undefined) map.set(key, value);
  };
  put(ClientPinRequestKey.pinUvAuthProtocol, request.pinUvAuthProtocol);
  put(ClientPinRequestKey.subCommand, request.subCommand);
  put(ClientPinRequestKey.keyAgreement, request.keyAgreement);
  put(ClientPinRequestKey.pinUvAuthParam, request.pinUvAuthParam);
  put(ClientPinRequestKey.newPinEnc, request.newPinEnc);
  put(ClientPinRequestKey.pinHashEnc, request.pinHashEnc);
  put(ClientPinRequestKey.permissions, request.permissions);
  put(ClientPinRequestKey.rpId, request.rpId);
  return map;
}
