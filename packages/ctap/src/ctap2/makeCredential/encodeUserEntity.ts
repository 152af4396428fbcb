import type { CborMap, CborValue } from '../../cbor/index.js';
import type { PublicKeyCredentialUserEntity } from './PublicKeyCredentialEntities.js';

export function encodeUserEntity(user: PublicKeyCredentialUserEntity): CborMap {
  const map = new Map<string, CborValue>([['id', user.id]]);
  if (user.name !== undefined) map.set('name', user.name);
  if (user.displayName !== undefined) map.set('displayName', user.displayName);
  return map;
}
