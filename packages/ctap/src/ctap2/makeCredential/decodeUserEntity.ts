import { asBytes, asMap, asText, optionalMember, requiredMember, type CborValue } from '../../cbor/index.js';
import type { PublicKeyCredentialUserEntity } from './PublicKeyCredentialEntities.js';

/** user: a map with byte-string `id` (required), text `name` and `displayName`; other members are ignored. */
export function decodeUserEntity(value: CborValue | undefined, what: string): PublicKeyCredentialUserEntity {
  const map = asMap(value, what);
  const user: PublicKeyCredentialUserEntity = { id: requiredMember(map, 'id', `${what}.id`, asBytes) };
  const name = optionalMember(map, 'name', `${what}.name`, asText);
  if (name !== undefined) user.name = name;
  const displayName = optionalMember(map, 'displayName', `${what}.displayName`, asText);
  if (displayName !== undefined) user.displayName = displayName;
  return user;
}
