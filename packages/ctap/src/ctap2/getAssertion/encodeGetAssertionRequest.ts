import type { CborMap, CborValue } from '../../cbor/index.js';
import { encodeOptions } from '../makeCredential/encodeOptions.js';
import { encodePublicKeyCredentialDescriptor } from '../makeCredential/encodePublicKeyCredentialDescriptor.js';
import { GetAssertionParameter as P, type GetAssertionRequest } from './GetAssertionRequest.js';

/** The parameter map of an authenticatorGetAssertion request (for encodeCtap2Request); absent members are left out. */
export function encodeGetAssertionRequest(request: GetAssertionRequest): CborMap {
  const map = new Map<number, CborValue>([
    [P.rpId, request.rpId],
    [P.clientDataHash, request.clientDataHash],
  ]);
  if (request.allowList !== undefined) map.set(P.allowList, request.allowList.map(encodePublicKeyCredentialDescriptor));
  if (request.extensions !== undefined) map.set(P.extensions, request.extensions);
  if (request.options !== undefined) map.set(P.options, encodeOptions({ ...request.options }));
  if (request.pinUvAuthParam !== undefined) map.set(P.pinUvAuthParam, request.pinUvAuthParam);
  if (request.pinUvAuthProtocol !== undefined) map.set(P.pinUvAuthProtocol, request.pinUvAuthProtocol);
  return map;
}
