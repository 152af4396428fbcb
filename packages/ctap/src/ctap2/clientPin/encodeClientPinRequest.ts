import type { CborMap } from '../../cbor/CborValue.js';
import { mapOfDefined } from '../mapOfDefined.js';
import { ClientPinRequestKey, type ClientPinRequest } from './ClientPinRequest.js';

/** The clientPIN parameter map a platform sends; members that are undefined are left out. */
export function encodeClientPinRequest(request: ClientPinRequest): CborMap {
  return mapOfDefined([
    [ClientPinRequestKey.pinUvAuthProtocol, request.pinUvAuthProtocol],
    [ClientPinRequestKey.subCommand, request.subCommand],
    [ClientPinRequestKey.keyAgreement, request.keyAgreement],
    [ClientPinRequestKey.pinUvAuthParam, request.pinUvAuthParam],
    [ClientPinRequestKey.newPinEnc, request.newPinEnc],
    [ClientPinRequestKey.pinHashEnc, request.pinHashEnc],
    [ClientPinRequestKey.permissions, request.permissions],
    [ClientPinRequestKey.rpId, request.rpId],
  ]);
}
