import { asArray, asBytes, asText, asUnsignedInteger, optionalMember, requiredMember, type CborMap } from '../../cbor/index.js';
import { decodeExtensions } from '../makeCredential/decodeExtensions.js';
import { decodeOptions } from '../makeCredential/decodeOptions.js';
import { decodePublicKeyCredentialDescriptor } from '../makeCredential/decodePublicKeyCredentialDescriptor.js';
import { GetAssertionParameter as P, type GetAssertionRequest } from './GetAssertionRequest.js';
import { withDefinedMembers } from '../withDefinedMembers.js';

const EMPTY: CborMap = new Map();

/**
 * Reads authenticatorGetAssertion parameters (CTAP 2.1 §6.2). A required parameter that is absent is
 * MISSING_PARAMETER, a parameter (or member) of the wrong CBOR type is CBOR_UNEXPECTED_TYPE; unknown keys are ignored.
 */
export function decodeGetAssertionRequest(parameters: CborMap | undefined): GetAssertionRequest {
  const map = parameters ?? EMPTY;
  return withDefinedMembers<GetAssertionRequest>(
    {
      rpId: requiredMember(map, P.rpId, 'rpId', asText),
      clientDataHash: requiredMember(map, P.clientDataHash, 'clientDataHash', asBytes),
    },
    {
      allowList: optionalMember(map, P.allowList, 'allowList', asArray)?.map((element, index) =>
        decodePublicKeyCredentialDescriptor(element, `allowList[${index}]`),
      ),
      extensions: optionalMember(map, P.extensions, 'extensions', decodeExtensions),
      options: optionalMember(map, P.options, 'options', (value, what) => decodeOptions(value, what, ['up', 'uv', 'rk'] as const)),
      pinUvAuthParam: optionalMember(map, P.pinUvAuthParam, 'pinUvAuthParam', asBytes),
      pinUvAuthProtocol: optionalMember(map, P.pinUvAuthProtocol, 'pinUvAuthProtocol', asUnsignedInteger),
    },
  );
}
