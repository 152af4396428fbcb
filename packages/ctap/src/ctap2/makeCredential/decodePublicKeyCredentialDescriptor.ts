import { asArray, asBytes, asMap, asText, optionalMember, requiredMember, type CborValue } from '../../cbor/index.js';
import type { PublicKeyCredentialDescriptor } from './PublicKeyCredentialEntities.js';

/**
 * An excludeList / allowList element or a response credential: `type` (text) and `id` (bytes) are required,
 * `transports` is an array of text; other members are ignored.
 */
export function decodePublicKeyCredentialDescriptor(value: CborValue | undefined, what: string): PublicKeyCredentialDescriptor {
  const map = asMap(value, what);
  const descriptor: PublicKeyCredentialDescriptor = {
    type: requiredMember(map, 'type', `${what}.type`, asText),
    id: requiredMember(map, 'id', `${what}.id`, asBytes),
  };
  const transports = optionalMember(map, 'transports', `${what}.transports`, asArray);
  if (transports !== undefined) descriptor.transports = transports.map((transport, index) => asText(transport, `${what}.transports[${index}]`));
  return descriptor;
}
