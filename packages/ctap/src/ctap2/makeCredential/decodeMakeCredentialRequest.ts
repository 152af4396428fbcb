import { asArray, asBytes, asUnsignedInteger, optionalMember, requiredMember, type CborMap } from '../../cbor/index.js';
import { decodeExtensions } from './decodeExtensions.js';
import { decodeOptions } from './decodeOptions.js';
import { decodePublicKeyCredentialDescriptor } from './decodePublicKeyCredentialDescriptor.js';
import { decodePublicKeyCredentialParameters } from './decodePublicKeyCredentialParameters.js';
import { decodeRpEntity } from './decodeRpEntity.js';
import { decodeUserEntity } from './decodeUserEntity.js';
import { MakeCredentialParameter as P, type MakeCredentialRequest } from './MakeCredentialRequest.js';
import { withDefinedMembers } from '../withDefinedMembers.js';

const EMPTY: CborMap = new Map();

/**
 * Reads authenticatorMakeCredential parameters (CTAP 2.1 §6.1). A required parameter that is absent is
 * MISSING_PARAMETER, a parameter (or member) of the wrong CBOR type is CBOR_UNEXPECTED_TYPE; unknown keys are ignored.
 * Values are not judged here (unsupported algorithms, options, protocols): that is the authenticator's job.
 */
export function decodeMakeCredentialRequest(parameters: CborMap | undefined): MakeCredentialRequest {
  const map = parameters ?? EMPTY;
  return withDefinedMembers<MakeCredentialRequest>(
    {
      clientDataHash: requiredMember(map, P.clientDataHash, 'clientDataHash', asBytes),
      rp: requiredMember(map, P.rp, 'rp', decodeRpEntity),
      user: requiredMember(map, P.user, 'user', decodeUserEntity),
      pubKeyCredParams: requiredMember(map, P.pubKeyCredParams, 'pubKeyCredParams', asArray).map((element, index) =>
        decodePublicKeyCredentialParameters(element, `pubKeyCredParams[${index}]`),
      ),
    },
    {
      excludeList: optionalMember(map, P.excludeList, 'excludeList', asArray)?.map((element, index) =>
        decodePublicKeyCredentialDescriptor(element, `excludeList[${index}]`),
      ),
      extensions: optionalMember(map, P.extensions, 'extensions', decodeExtensions),
      options: optionalMember(map, P.options, 'options', (value, what) => decodeOptions(value, what, ['rk', 'up', 'uv'] as const)),
      pinUvAuthParam: optionalMember(map, P.pinUvAuthParam, 'pinUvAuthParam', asBytes),
      pinUvAuthProtocol: optionalMember(map, P.pinUvAuthProtocol, 'pinUvAuthProtocol', asUnsignedInteger),
      enterpriseAttestation: optionalMember(map, P.enterpriseAttestation, 'enterpriseAttestation', asUnsignedInteger),
    },
  );
}
