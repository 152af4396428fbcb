import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { asBytes, asMap, asText, optionalMember, requiredMember } from '../../cbor/cborReaders.js';
import type { CredentialManagementCredentialDescriptor, CredentialManagementUserEntity } from './CredentialManagementRequest.js';
import type { CredentialManagementRpEntity } from './CredentialManagementResponse.js';

// The WebAuthn entities credentialManagement carries, both directions. Text-keyed maps; members this
// command does not use (icon, transports) are ignored on the way in.

export function encodeUserEntity(user: CredentialManagementUserEntity): CborMap {
  const map = new Map<string, CborValue>([['id', user.id]]);
  if (user.name !== undefined) map.set('name', user.name);
  if (user.displayName !== undefined) map.set('displayName', user.displayName);
  return map;
}

export function decodeUserEntity(value: CborValue | undefined, what: string): CredentialManagementUserEntity {
  const map = asMap(value, what);
  const user: CredentialManagementUserEntity = { id: requiredMember(map, 'id', `${what}.id`, asBytes) };
  const name = optionalMember(map, 'name', `${what}.name`, asText);
  const displayName = optionalMember(map, 'displayName', `${what}.displayName`, asText);
  if (name !== undefined) user.name = name;
  if (displayName !== undefined) user.displayName = displayName;
  return user;
}

export function encodeCredentialDescriptor(descriptor: CredentialManagementCredentialDescriptor): CborMap {
  return new Map<string, CborValue>([
    ['id', descriptor.id],
    ['type', descriptor.type],
  ]);
}

export function decodeCredentialDescriptor(value: CborValue | undefined, what: string): CredentialManagementCredentialDescriptor {
  const map = asMap(value, what);
  return {
    type: requiredMember(map, 'type', `${what}.type`, asText),
    id: requiredMember(map, 'id', `${what}.id`, asBytes),
  };
}

export function encodeRpEntity(rp: CredentialManagementRpEntity): CborMap {
  const map = new Map<string, CborValue>([['id', rp.id]]);
  if (rp.name !== undefined) map.set('name', rp.name);
  return map;
}

export function decodeRpEntity(value: CborValue | undefined, what: string): CredentialManagementRpEntity {
  const map = asMap(value, what);
  const rp: CredentialManagementRpEntity = { id: requiredMember(map, 'id', `${what}.id`, asText) };
  const name = optionalMember(map, 'name', `${what}.name`, asText);
  if (name !== undefined) rp.name = name;
  return rp;
}
