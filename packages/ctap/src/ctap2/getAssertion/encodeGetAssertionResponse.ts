import type { CborMap, CborValue } from '../../cbor/index.js';
import { encodePublicKeyCredentialDescriptor } from '../makeCredential/encodePublicKeyCredentialDescriptor.js';
import { encodeUserEntity } from '../makeCredential/encodeUserEntity.js';
import { GetAssertionResponseMember as M, type GetAssertionResponse } from './GetAssertionResponse.js';

/** The response map of authenticatorGetAssertion / authenticatorGetNextAssertion (for encodeCtap2Response). */
export function encodeGetAssertionResponse(response: GetAssertionResponse): CborMap {
  const map = new Map<number, CborValue>();
  if (response.credential !== undefined) map.set(M.credential, encodePublicKeyCredentialDescriptor(response.credential));
  map.set(M.authData, response.authData);
  map.set(M.signature, response.signature);
  if (response.user !== undefined) map.set(M.user, encodeUserEntity(response.user));
  if (response.numberOfCredentials !== undefined) map.set(M.numberOfCredentials, response.numberOfCredentials);
  if (response.userSelected !== undefined) map.set(M.userSelected, response.userSelected);
  if (response.largeBlobKey !== undefined) map.set(M.largeBlobKey, response.largeBlobKey);
  return map;
}
