import type { CborMap, CborValue } from '../../cbor/index.js';
import type { PublicKeyCredentialDescriptor } from './PublicKeyCredentialEntities.js';

export function encodePublicKeyCredentialDescriptor(descriptor: PublicKeyCredentialDescriptor): CborMap {
  const map = new Map<string, CborValue>([
    ['id', descriptor.id],
    ['type', descriptor.type],
  ]);
  if (descriptor.transports !== undefined) map.set('transports', [...descriptor.transports]);
  return map;
}
