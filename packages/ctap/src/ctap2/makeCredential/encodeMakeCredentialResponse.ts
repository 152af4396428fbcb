import type { CborMap, CborValue } from '../../cbor/index.js';
import { MakeCredentialResponseMember as M, type MakeCredentialResponse } from './MakeCredentialResponse.js';

/** The response map of authenticatorMakeCredential (for encodeCtap2Response). */
export function encodeMakeCredentialResponse(response: MakeCredentialResponse): CborMap {
  const map = new Map<number, CborValue>([
    [M.fmt, response.fmt],
    [M.authData, response.authData],
    [M.attStmt, response.attStmt],
  ]);
  if (response.epAtt !== undefined) map.set(M.epAtt, response.epAtt);
  if (response.largeBlobKey !== undefined) map.set(M.largeBlobKey, response.largeBlobKey);
  return map;
}
