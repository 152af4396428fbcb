import { asBoolean, asBytes, asUnsignedInteger, optionalMember, requiredMember, type CborMap } from '../../cbor/index.js';
import { decodePublicKeyCredentialDescriptor } from '../makeCredential/decodePublicKeyCredentialDescriptor.js';
import { decodeUserEntity } from '../makeCredential/decodeUserEntity.js';
import { withDefinedMembers } from '../withDefinedMembers.js';
import { GetAssertionResponseMember as M, type GetAssertionResponse } from './GetAssertionResponse.js';

const EMPTY: CborMap = new Map();

/** Reads an authenticatorGetAssertion or authenticatorGetNextAssertion response map (as decodeCtap2Response returns it). */
export function decodeGetAssertionResponse(body: CborMap | undefined): GetAssertionResponse {
  const map = body ?? EMPTY;
  return withDefinedMembers<GetAssertionResponse>(
    {
      authData: requiredMember(map, M.authData, 'authData', asBytes),
      signature: requiredMember(map, M.signature, 'signature', asBytes),
    },
    {
      credential: optionalMember(map, M.credential, 'credential', decodePublicKeyCredentialDescriptor),
      user: optionalMember(map, M.user, 'user', decodeUserEntity),
      numberOfCredentials: optionalMember(map, M.numberOfCredentials, 'numberOfCredentials', asUnsignedInteger),
      userSelected: optionalMember(map, M.userSelected, 'userSelected', asBoolean),
      largeBlobKey: optionalMember(map, M.largeBlobKey, 'largeBlobKey', asBytes),
    },
  );
}
