import { asBoolean, asBytes, asMap, asText, optionalMember, requiredMember, type CborMap } from '../../cbor/index.js';
import { MakeCredentialResponseMember as M, type MakeCredentialResponse } from './MakeCredentialResponse.js';
import { withDefinedMembers } from '../withDefinedMembers.js';

const EMPTY: CborMap = new Map();

/** Reads an authenticatorMakeCredential response map (as decodeCtap2Response returns it). */
export function decodeMakeCredentialResponse(body: CborMap | undefined): MakeCredentialResponse {
  const map = body ?? EMPTY;
  return withDefinedMembers<MakeCredentialResponse>(
    {
      fmt: requiredMember(map, M.fmt, 'fmt', asText),
      authData: requiredMember(map, M.authData, 'authData', asBytes),
      attStmt: requiredMember(map, M.attStmt, 'attStmt', asMap),
    },
    {
      epAtt: optionalMember(map, M.epAtt, 'epAtt', asBoolean),
      largeBlobKey: optionalMember(map, M.largeBlobKey, 'largeBlobKey', asBytes),
    },
  );
}
