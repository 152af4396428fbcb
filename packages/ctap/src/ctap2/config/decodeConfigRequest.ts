import type { CborMap } from '../../cbor/CborValue.js';
import { asBytes, asMap, optionalMember, requiredMember } from '../../cbor/cborReaders.js';
import { asUnsignedInteger } from './asUnsignedInteger.js';
import { ConfigRequestKey } from './configKeys.js';
import type { ConfigRequest } from './ConfigRequest.js';

/**
 * Reads an authenticatorConfig request: wrong types are CBOR_UNEXPECTED_TYPE, a missing subCommand is
 * MISSING_PARAMETER. `parameters` is undefined for a message with no CBOR map.
 */
export function decodeConfigRequest(parameters: CborMap | undefined): ConfigRequest {
  const map = parameters ?? new Map();
  const request: ConfigRequest = { subCommand: requiredMember(map, ConfigRequestKey.subCommand, 'subCommand', asUnsignedInteger) };
  const subCommandParams = optionalMember(map, ConfigRequestKey.subCommandParams, 'subCommandParams', asMap);
  const protocol = optionalMember(map, ConfigRequestKey.pinUvAuthProtocol, 'pinUvAuthProtocol', asUnsignedInteger);
  const pinUvAuthParam = optionalMember(map, ConfigRequestKey.pinUvAuthParam, 'pinUvAuthParam', asBytes);
  if (subCommandParams !== undefined) request.subCommandParams = subCommandParams;
  if (protocol !== undefined) request.pinUvAuthProtocol = protocol;
  if (pinUvAuthParam !== undefined) request.pinUvAuthParam = pinUvAuthParam;
  return request;
}
