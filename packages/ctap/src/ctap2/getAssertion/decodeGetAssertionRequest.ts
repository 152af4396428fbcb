import { asArray, asBytes, asText, optionalMember, requiredMember, type CborMap } from '../../cbor/index.js';
import { asUnsignedInteger } from '../makeCredential/asUnsignedInteger.js';
import { decodeExtensions } from '../makeCredential/decodeExtensions.js';
import { decodeOptions } from '../makeCredential/decodeOptions.js';
import { decodePublicKeyCredentialDescriptor } from '../makeCredential/decodePublicKeyCredentialDescriptor.js';
import { GetAssertionParameter as P, type GetAssertionRequest } from './GetAssertionRequest.js';

const EMPTY: CborMap = new Map();

/**
 * Reads authenticatorGetAssertion parameters (CTAP 2.1 §6.2). A required parameter that is absent is
 * MISSING_PARAMETER, a parameter (or member) of the wrong CBOR type is CBOR_UNEXPECTED_TYPE; unknown keys are ignored.
 */
export function decodeGetAssertionRequest(parameters: CborMap | undefined): GetAssertionRequest {
  const map = parameters ?? EMPTY;
  const request: GetAssertionRequest = {
    rpId: requiredMember(map, P.rpId, 'rpId', asText),
    clientDataHash: requiredMember(map, P.clientDataHash, 'clientDataHash', asBytes),
  };
  const allowList = optionalMember(map, P.allowList, 'allowList', asArray);
  if (allowList !== undefined) {
    request.allowList = allowList.map((element, index) => decodePublicKeyCredentialDescriptor(element, `allowList[${index}]`));
  }
  const extensions = optionalMember(map, P.extensions, 'extensions', decodeExtensions);
  if (extensions !== undefined) request.extensions = extensions;
  const options = optionalMember(map, P.options, 'options', (value, what) => decodeOptions(value, what, ['up', 'uv', 'rk'] as const));
  if (options !== undefined) request.options = options;
  const pinUvAuthParam = optionalMember(map, P.pinUvAuthParam, 'pinUvAuthParam', asBytes);
  if (pinUvAuthParam !== undefined) request.pinUvAuthParam = pinUvAuthParam;
  const pinUvAuthProtocol = optionalMember(map, P.pinUvAuthProtocol, 'pinUvAuthProtocol', asUnsignedInteger);
  if (pinUvAuthProtocol !== undefined) request.pinUvAuthProtocol = pinUvAuthProtocol;
  return request;
}
