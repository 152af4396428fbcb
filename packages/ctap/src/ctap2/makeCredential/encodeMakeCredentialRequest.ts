import type { CborMap, CborValue } from '../../cbor/index.js';
import { encodeOptions } from './encodeOptions.js';
import { encodePublicKeyCredentialDescriptor } from './encodePublicKeyCredentialDescriptor.js';
import { encodePublicKeyCredentialParameters } from './encodePublicKeyCredentialParameters.js';
import { encodeRpEntity } from './encodeRpEntity.js';
import { encodeUserEntity } from './encodeUserEntity.js';
import { MakeCredentialParameter as P, type MakeCredentialRequest } from './MakeCredentialRequest.js';

/** The parameter map of an authenticatorMakeCredential request (for encodeCtap2Request); absent members are left out. */
export function encodeMakeCredentialRequest(request: MakeCredentialRequest): CborMap {
  const map = new Map<number, CborValue>([
    [P.clientDataHash, request.clientDataHash],
    [P.rp, encodeRpEntity(request.rp)],
    [P.user, encodeUserEntity(request.user)],
    [P.pubKeyCredParams, request.pubKeyCredParams.map(encodePublicKeyCredentialParameters)],
  ]);
  if (request.excludeList !== undefined) map.set(P.excludeList, request.excludeList.map(encodePublicKeyCredentialDescriptor));
  if (request.extensions !== undefined) map.set(P.extensions, request.extensions);
  if (request.options !== undefined) map.set(P.options, encodeOptions({ ...request.options }));
  if (request.pinUvAuthParam !== undefined) map.set(P.pinUvAuthParam, request.pinUvAuthParam);
  if (request.pinUvAuthProtocol !== undefined) map.set(P.pinUvAuthProtocol, request.pinUvAuthProtocol);
  if (request.enterpriseAttestation !== undefined) map.set(P.enterpriseAttestation, request.enterpriseAttestation);
  return map;
}
