import type { CborMap } from '../../cbor/CborValue.js';
import { asBytes, asMap, asUnsignedInteger, optionalMember, requiredMember } from '../../cbor/cborReaders.js';
import { ConfigRequestKey } from './configKeys.js';
import type { ConfigRequest } from './ConfigRequest.js';
import { withDefinedMembers } from '../withDefinedMembers.js';

/**
 * Reads an authenticatorConfig request: wrong types are CBOR_UNEXPECTED_TYPE, a missing subCommand is
 * MISSING_PARAMETER. `parameters` is undefined for a message with no CBOR map.
 */
export function decodeConfigRequest(parameters: CborMap | undefined): ConfigRequest {
  const map = parameters ?? new Map();
  return withDefinedMembers<ConfigRequest>(
    { subCommand: requiredMember(map, ConfigRequestKey.subCommand, 'subCommand', asUnsignedInteger) },
    {
      subCommandParams: optionalMember(map, ConfigRequestKey.subCommandParams, 'subCommandParams', asMap),
      pinUvAuthProtocol: optionalMember(map, ConfigRequestKey.pinUvAuthProtocol, 'pinUvAuthProtocol', asUnsignedInteger),
      pinUvAuthParam: optionalMember(map, ConfigRequestKey.pinUvAuthParam, 'pinUvAuthParam', asBytes),
    },
  );
}
