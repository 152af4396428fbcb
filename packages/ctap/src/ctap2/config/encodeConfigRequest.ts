import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { ConfigRequestKey } from './configKeys.js';
import type { ConfigRequest } from './ConfigRequest.js';

/** The request map for authenticatorConfig (0x0D). */
export function encodeConfigRequest(request: ConfigRequest): CborMap {
  const map = new Map<number, CborValue>([[ConfigRequestKey.subCommand, request.subCommand]]);
  if (request.subCommandParams !== undefined) map.set(ConfigRequestKey.subCommandParams, request.subCommandParams);
  if (request.pinUvAuthProtocol !== undefined) map.set(ConfigRequestKey.pinUvAuthProtocol, request.pinUvAuthProtocol);
  if (request.pinUvAuthParam !== undefined) map.set(ConfigRequestKey.pinUvAuthParam, request.pinUvAuthParam);
  return map;
}
