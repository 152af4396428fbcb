import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { asBoolean, asBytes, asInteger, asMap, optionalMember } from '../../cbor/cborReaders.js';
import { CtapError } from '../../status/CtapError.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { ClientPinResponseKey, type ClientPinResponse } from './ClientPinResponse.js';

function asUnsigned(value: CborValue | undefined, what: string): number {
  const number = asInteger(value, what);
  if (number < 0) throw new CtapError(CtapStatus.CBOR_UNEXPECTED_TYPE, `${what}: expected an unsigned integer, got ${number}`);
  return number;
}

/**
 * Reads a clientPIN response as a platform receives it (no body at all reads as {}): members present must
 * have their types (CBOR_UNEXPECTED_TYPE); unknown keys are ignored.
 */
export function decodeClientPinResponse(map: CborMap | undefined): ClientPinResponse {
  const response: ClientPinResponse = {};
  if (!map) return response;
  const K = ClientPinResponseKey;
  const keyAgreement = optionalMember(map, K.keyAgreement, 'keyAgreement', asMap);
  const pinUvAuthToken = optionalMember(map, K.pinUvAuthToken, 'pinUvAuthToken', asBytes);
  const pinRetries = optionalMember(map, K.pinRetries, 'pinRetries', asUnsigned);
  const powerCycleState = optionalMember(map, K.powerCycleState, 'powerCycleState', asBoolean);
  const uvRetries = optionalMember(map, K.uvRetries, 'uvRetries', asUnsigned);
  if (keyAgreement !== undefined) response.keyAgreement = keyAgreement;
  if (pinUvAuthToken !== undefined) response.pinUvAuthToken = pinUvAuthToken;
  if (pinRetries !== undefined) response.pinRetries = pinRetries;
  if (powerCycleState !== undefined) response.powerCycleState = powerCycleState;
  if (uvRetries !== undefined) response.uvRetries = uvRetries;
  return response;
}
