import { asBoolean, asBytes, optionalMember, requiredMember, type CborMap } from '../../cbor/index.js';
import { asUnsignedInteger } from '../makeCredential/asUnsignedInteger.js';
import { decodePublicKeyCredentialDescriptor } from '../makeCredential/decodePublicKeyCredentialDescriptor.js';
import { decodeUserEntity } from '../makeCredential/decodeUserEntity.js';
import { GetAssertionResponseMember as M, type GetAssertionResponse } from './GetAssertionResponse.js';

const EMPTY: CborMap = new Map();

/** Reads an authenticatorGetAssertion or authenticatorGetNextAssertion response map (as decodeCtap2Response returns it). */
export function decodeGetAssertionResponse(body: CborMap | undefined): GetAssertionResponse {
  const map = body ?? EMPTY;
  const response: GetAssertionResponse = {
    authData: requiredMember(map, M.authData, 'authData', asBytes),
    signature: requiredMember(map, M.signature, 'signature', asBytes),
  };
  const credential = optionalMember(map, M.credential, 'credential', decodePublicKeyCredentialDescriptor);
  if (credential !== undefined) response.credential = credential;
  const user = optionalMember(map, M.user, 'user', decodeUserEntity);
  if (user !== undefined) response.user = user;
  const numberOfCredentials = optionalMember(map, M.numberOfCredentials, 'numberOfCredentials', asUnsignedInteger);
  if (numberOfCredentials !== undefined) response.numberOfCredentials = numberOfCredentials;
  const userSelected = optionalMember(map, M.userSelected, 'userSelected', asBoolean);
  if (userSelected !== undefined) response.userSelected = userSelected;
  const largeBlobKey = optionalMember(map, M.largeBlobKey, 'largeBlobKey', asBytes);
  if (largeBlobKey !== undefined) response.largeBlobKey = largeBlobKey;
  return response;
}
