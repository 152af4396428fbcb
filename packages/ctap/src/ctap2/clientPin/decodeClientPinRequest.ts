import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { asBytes, asInteger, asMap, asText, optionalMember, requiredMember } from '../../cbor/cborReaders.js';
import { CtapError } from '../../status/CtapError.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { ClientPinRequestKey, type ClientPinRequest } from './ClientPinRequest.js';

function asUnsigned(value: CborValue | undefined, what: string): number {
  const number = asInteger(value, what);
  if (number < 0) throw new CtapError(CtapStatus.CBOR_UNEXPECTED_TYPE, `${what}: expected an unsigned integer, got ${number}`);
  return number;
}

/**
 * Reads clientPIN parameters as an authenticator receives them: every member present must have its type
 * (CBOR_UNEXPECTED_TYPE), `subCommand` must be there (MISSING_PARAMETER). Unknown keys are ignored.
 */
export function decodeClientPinRequest(map: CborMap): ClientPinRequest {
  const K = ClientPinRequestKey;
  const request: ClientPinRequest = { subCommand: requiredMember(map, K.subCommand, 'subCommand', asUnsigned) };
  const pinUvAuthProtocol = optionalMember(map, K.pinUvAuthProtocol, 'pinUvAuthProtocol', asUnsigned);
  const keyAgreement = optionalMember(map, K.keyAgreement, 'keyAgreement', asMap);
  const pinUvAuthParam = optionalMember(map, K.pinUvAuthParam, 'pinUvAuthParam', asBytes);
  const newPinEnc = optionalMember(map, K.newPinEnc, 'newPinEnc', asBytes);
  const pinHashEnc = optionalMember(map, K.pinHashEnc, 'pinHashEnc', asBytes);
  const permissions = optionalMember(map, K.permissions, 'permissions', asUnsigned);
  const rpId = optionalMember(map, K.rpId, 'rpId', asText);
  if (pinUvAuthProtocol !== undefined) request.pinUvAuthProtocol = pinUvAuthProtocol;
  if (keyAgreement !== undefined) request.keyAgreement = keyAgreement;
  if (pinUvAuthParam !== undefined) request.pinUvAuthParam = pinUvAuthParam;
  if (newPinEnc !== undefined) request.newPinEnc = newPinEnc;
  if (pinHashEnc !== undefined) request.pinHashEnc = pinHashEnc;
  if (permissions !== undefined) request.permissions = permissions;
  if (rpId !== undefined) request.rpId = rpId;
  return request;
}
