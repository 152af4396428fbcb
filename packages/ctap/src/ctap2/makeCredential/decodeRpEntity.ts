import { asMap, asText, optionalMember, requiredMember, type CborValue } from '../../cbor/index.js';
import type { PublicKeyCredentialRpEntity } from './PublicKeyCredentialEntities.js';

/** rp: a map with text `id` (required) and `name`; anything else in it is ignored. */
export function decodeRpEntity(value: CborValue | undefined, what: string): PublicKeyCredentialRpEntity {
  const map = asMap(value, what);
  const rp: PublicKeyCredentialRpEntity = { id: requiredMember(map, 'id', `${what}.id`, asText) };
  const name = optionalMember(map, 'name', `${what}.name`, asText);
  if (name !== undefined) rp.name = name;
  return rp;
}
