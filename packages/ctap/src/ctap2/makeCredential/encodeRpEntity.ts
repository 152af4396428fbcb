import type { CborMap, CborValue } from '../../cbor/index.js';
import type { PublicKeyCredentialRpEntity } from './PublicKeyCredentialEntities.js';

export function encodeRpEntity(rp: PublicKeyCredentialRpEntity): CborMap {
  const map = new Map<string, CborValue>([['id', rp.id]]);
  if (rp.name !== undefined) map.set('name', rp.name);
  return map;
}
