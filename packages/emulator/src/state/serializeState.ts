import { createPrivateKey } from 'node:crypto';
import { DEFAULT_MIN_PIN_LENGTH, MAX_PIN_RETRIES, MAX_UV_RETRIES, type AuthenticatorState, type StoredCredential } from './AuthenticatorState.js';

const BYTES_TAG = '$bytes';
/**
 * A bound for byte strings whose length requests decide (credential ids, user ids, credBlob): a state file's types are
 * checked strictly, such lengths only against absurdity, so that every state the emulator writes reads back.
 */
const MAX_STORED_BYTES = 65_536;

/** JSON with byte strings as {"$bytes": base64}: readable, diffable, and exact. */
export function serializeState(state: AuthenticatorState): string {
  return JSON.stringify(
    { version: 1, state },
    (_key, value: unknown) => (value instanceof Uint8Array ? { [BYTES_TAG]: Buffer.from(value).toString('base64') } : value),
    2,
  );
}

export class StateFileError extends Error {
  readonly code = 'STATE_FILE_INVALID';
  constructor(detail: string) {
    super(`emulator state file is invalid: ${detail}`);
    this.name = 'StateFileError';
  }
}

/**
 * The state in a file written by serializeState. Every member is checked (type, range, a private key that parses for
 * its algorithm), so a damaged or hand-edited file is refused here, naming the member, rather than answering requests
 * with internal errors later. Files written before built-in UV existed have no uvRetries: they get the maximum.
 */
export function parseState(text: string): AuthenticatorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => {
      if (value && typeof value === 'object' && BYTES_TAG in value) {
        const encoded = (value as Record<string, unknown>)[BYTES_TAG];
        if (typeof encoded !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw new Error(`a ${BYTES_TAG} value is not base64`);
        return Uint8Array.from(Buffer.from(encoded, 'base64'));
      }
      return value;
    });
  } catch (error) {
    throw new StateFileError((error as Error).message);
  }
  const envelope = record(parsed, 'the file');
  if (envelope.version !== 1) throw new StateFileError('unknown version (expected 1)');
  return readState(record(envelope.state, 'state'));
}

function readState(state: Record<string, unknown>): AuthenticatorState {
  const credentials = state.credentials;
  if (!Array.isArray(credentials)) throw new StateFileError('state.credentials must be an array');
  const minPinLengthRpIds = state.minPinLengthRpIds;
  if (!Array.isArray(minPinLengthRpIds) || !minPinLengthRpIds.every((rpId) => typeof rpId === 'string')) {
    throw new StateFileError('state.minPinLengthRpIds must be an array of strings');
  }
  const read: AuthenticatorState = {
    pinRetries: integer(state.pinRetries, 'state.pinRetries', 0, MAX_PIN_RETRIES),
    uvRetries: state.uvRetries === undefined ? MAX_UV_RETRIES : integer(state.uvRetries, 'state.uvRetries', 0, MAX_UV_RETRIES),
    forcePinChange: boolean(state.forcePinChange, 'state.forcePinChange'),
    minPinLength: integer(state.minPinLength, 'state.minPinLength', DEFAULT_MIN_PIN_LENGTH, Number.MAX_SAFE_INTEGER),
    minPinLengthRpIds: minPinLengthRpIds as string[],
    alwaysUv: boolean(state.alwaysUv, 'state.alwaysUv'),
    credentials: credentials.map((credential, index) => readCredential(record(credential, `state.credentials[${index}]`), `state.credentials[${index}]`)),
    creationCounter: integer(state.creationCounter, 'state.creationCounter', 0, Number.MAX_SAFE_INTEGER),
  };
  if (state.pinHash !== undefined) read.pinHash = bytes(state.pinHash, 'state.pinHash', 16, 16);
  if (state.pinCodePoints !== undefined) read.pinCodePoints = integer(state.pinCodePoints, 'state.pinCodePoints', 0, 63);
  return read;
}

function readCredential(credential: Record<string, unknown>, where: string): StoredCredential {
  const algorithm = credential.algorithm;
  if (algorithm !== -7 && algorithm !== -8) throw new StateFileError(`${where}.algorithm must be -7 (ES256) or -8 (EdDSA)`);
  const privateKeyPkcs8 = bytes(credential.privateKeyPkcs8, `${where}.privateKeyPkcs8`, 1, MAX_STORED_BYTES);
  let keyType: string | undefined;
  try {
    const key = createPrivateKey({ key: Buffer.from(privateKeyPkcs8), format: 'der', type: 'pkcs8' });
    keyType = key.asymmetricKeyType === 'ec' ? `ec ${key.asymmetricKeyDetails?.namedCurve}` : key.asymmetricKeyType;
  } catch {
    throw new StateFileError(`${where}.privateKeyPkcs8 is not a PKCS#8 private key`);
  }
  if (keyType !== (algorithm === -7 ? 'ec prime256v1' : 'ed25519')) throw new StateFileError(`${where}.privateKeyPkcs8 is not a key for algorithm ${algorithm}`);
  const read: StoredCredential = {
    id: bytes(credential.id, `${where}.id`, 1, MAX_STORED_BYTES),
    rpIdHash: bytes(credential.rpIdHash, `${where}.rpIdHash`, 32, 32),
    algorithm,
    privateKeyPkcs8,
    discoverable: boolean(credential.discoverable, `${where}.discoverable`),
    credProtect: integer(credential.credProtect, `${where}.credProtect`, 1, 3),
    signCount: integer(credential.signCount, `${where}.signCount`, 0, 0xffffffff),
    createdAt: integer(credential.createdAt, `${where}.createdAt`, 0, Number.MAX_SAFE_INTEGER),
  };
  if (credential.rpId !== undefined) read.rpId = string(credential.rpId, `${where}.rpId`);
  if (credential.rpName !== undefined) read.rpName = string(credential.rpName, `${where}.rpName`);
  if (credential.user !== undefined) {
    const user = record(credential.user, `${where}.user`);
    read.user = { id: bytes(user.id, `${where}.user.id`, 0, MAX_STORED_BYTES) };
    if (user.name !== undefined) read.user.name = string(user.name, `${where}.user.name`);
    if (user.displayName !== undefined) read.user.displayName = string(user.displayName, `${where}.user.displayName`);
  }
  if (credential.hmacSecret !== undefined) {
    const secrets = record(credential.hmacSecret, `${where}.hmacSecret`);
    read.hmacSecret = { withUv: bytes(secrets.withUv, `${where}.hmacSecret.withUv`, 32, 32), withoutUv: bytes(secrets.withoutUv, `${where}.hmacSecret.withoutUv`, 32, 32) };
  }
  if (credential.credBlob !== undefined) read.credBlob = bytes(credential.credBlob, `${where}.credBlob`, 0, MAX_STORED_BYTES);
  if (credential.u2f !== undefined) read.u2f = boolean(credential.u2f, `${where}.u2f`);
  return read;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) throw new StateFileError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function integer(value: unknown, where: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new StateFileError(`${where} must be an integer from ${min} to ${max}`);
  return value;
}

function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new StateFileError(`${where} must be true or false`);
  return value;
}

function string(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new StateFileError(`${where} must be a string`);
  return value;
}

function bytes(value: unknown, where: string, minLength: number, maxLength: number): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length < minLength || value.length > maxLength) {
    throw new StateFileError(`${where} must be ${minLength === maxLength ? `${minLength} bytes` : `${minLength} to ${maxLength} bytes`} ({"${BYTES_TAG}": base64})`);
  }
  return value;
}
