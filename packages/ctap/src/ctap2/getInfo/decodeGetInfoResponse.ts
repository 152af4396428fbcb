import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { asArray, asBoolean, asBytes, asMap, asText, asUnsignedInteger, optionalMember, requiredMember } from '../../cbor/cborReaders.js';
import { CtapError } from '../../status/CtapError.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { decodePublicKeyCredentialParameters } from '../makeCredential/decodePublicKeyCredentialParameters.js';
import { GetInfoResponseKey, type AuthenticatorInfo, type AuthenticatorInfoOptions } from './AuthenticatorInfo.js';

function textList(value: CborValue | undefined, what: string): string[] {
  return asArray(value, what).map((item) => asText(item, `${what} entry`));
}

/** Sets a member whatever its name, "__proto__" included, so a device cannot reach the object's prototype. */
function define<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function textKeyed<T>(value: CborValue | undefined, what: string, read: (item: CborValue, what: string) => T): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [key, item] of asMap(value, what)) define(result, asText(key, `${what} key`), read(item, `${what}.${String(key)}`));
  return result;
}

/**
 * Reads an authenticatorGetInfo response map. Types are checked (CBOR_UNEXPECTED_TYPE), `versions` and `aaguid`
 * are required (MISSING_PARAMETER), an AAGUID that is not 16 bytes is INVALID_LENGTH. Members this version of the
 * spec does not define are ignored, so newer authenticators still decode.
 */
export function decodeGetInfoResponse(map: CborMap): AuthenticatorInfo {
  const K = GetInfoResponseKey;
  const aaguid = requiredMember(map, K.aaguid, 'aaguid', asBytes);
  if (aaguid.length !== 16) throw new CtapError(CtapStatus.INVALID_LENGTH, `aaguid must be 16 bytes, got ${aaguid.length}`);
  const info: AuthenticatorInfo = { versions: requiredMember(map, K.versions, 'versions', textList), aaguid };
  const optional = <T>(key: number, what: string, read: (value: CborValue | undefined, what: string) => T): T | undefined =>
    optionalMember(map, key, what, read);
  const assign = <N extends keyof AuthenticatorInfo>(name: N, value: AuthenticatorInfo[N] | undefined) => {
    if (value !== undefined) info[name] = value;
  };
  assign('extensions', optional(K.extensions, 'extensions', textList));
  assign('options', optional(K.options, 'options', (value, what) => textKeyed(value, what, asBoolean) as AuthenticatorInfoOptions));
  assign('maxMsgSize', optional(K.maxMsgSize, 'maxMsgSize', asUnsignedInteger));
  assign(
    'pinUvAuthProtocols',
    optional(K.pinUvAuthProtocols, 'pinUvAuthProtocols', (value, what) => asArray(value, what).map((item) => asUnsignedInteger(item, `${what} entry`))),
  );
  assign('maxCredentialCountInList', optional(K.maxCredentialCountInList, 'maxCredentialCountInList', asUnsignedInteger));
  assign('maxCredentialIdLength', optional(K.maxCredentialIdLength, 'maxCredentialIdLength', asUnsignedInteger));
  assign('transports', optional(K.transports, 'transports', textList));
  assign(
    'algorithms',
    optional(K.algorithms, 'algorithms', (value, what) => asArray(value, what).map((item, index) => decodePublicKeyCredentialParameters(item, `${what}[${index}]`))),
  );
  assign('maxSerializedLargeBlobArray', optional(K.maxSerializedLargeBlobArray, 'maxSerializedLargeBlobArray', asUnsignedInteger));
  assign('forcePINChange', optional(K.forcePINChange, 'forcePINChange', asBoolean));
  assign('minPINLength', optional(K.minPINLength, 'minPINLength', asUnsignedInteger));
  assign('firmwareVersion', optional(K.firmwareVersion, 'firmwareVersion', asUnsignedInteger));
  assign('maxCredBlobLength', optional(K.maxCredBlobLength, 'maxCredBlobLength', asUnsignedInteger));
  assign('maxRPIDsForSetMinPINLength', optional(K.maxRPIDsForSetMinPINLength, 'maxRPIDsForSetMinPINLength', asUnsignedInteger));
  assign('preferredPlatformUvAttempts', optional(K.preferredPlatformUvAttempts, 'preferredPlatformUvAttempts', asUnsignedInteger));
  assign('uvModality', optional(K.uvModality, 'uvModality', asUnsignedInteger));
  assign('certifications', optional(K.certifications, 'certifications', (value, what) => textKeyed(value, what, asUnsignedInteger)));
  assign('remainingDiscoverableCredentials', optional(K.remainingDiscoverableCredentials, 'remainingDiscoverableCredentials', asUnsignedInteger));
  return info;
}
