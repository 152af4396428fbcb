import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { encodePublicKeyCredentialParameters } from '../makeCredential/encodePublicKeyCredentialParameters.js';
import { GetInfoResponseKey, type AuthenticatorInfo } from './AuthenticatorInfo.js';

/** The getInfo response map an authenticator sends; members that are undefined are left out. */
export function encodeGetInfoResponse(info: AuthenticatorInfo): CborMap {
  const map: CborMap = new Map();
  const put = (key: number, value: CborValue | undefined) => {
    if (value !== undefined) map.set(key, value);
  };
  put(GetInfoResponseKey.versions, [...info.versions]);
  put(GetInfoResponseKey.extensions, info.extensions && [...info.extensions]);
  put(GetInfoResponseKey.aaguid, info.aaguid);
  if (info.options) {
    const options: CborMap = new Map();
    for (const [id, value] of Object.entries(info.options)) if (value !== undefined) options.set(id, value);
    map.set(GetInfoResponseKey.options, options);
  }
  put(GetInfoResponseKey.maxMsgSize, info.maxMsgSize);
  put(GetInfoResponseKey.pinUvAuthProtocols, info.pinUvAuthProtocols && [...info.pinUvAuthProtocols]);
  put(GetInfoResponseKey.maxCredentialCountInList, info.maxCredentialCountInList);
  put(GetInfoResponseKey.maxCredentialIdLength, info.maxCredentialIdLength);
  put(GetInfoResponseKey.transports, info.transports && [...info.transports]);
  put(
    GetInfoResponseKey.algorithms,
    info.algorithms?.map(encodePublicKeyCredentialParameters),
  );
  put(GetInfoResponseKey.maxSerializedLargeBlobArray, info.maxSerializedLargeBlobArray);
  put(GetInfoResponseKey.forcePINChange, info.forcePINChange);
  put(GetInfoResponseKey.minPINLength, info.minPINLength);
  put(GetInfoResponseKey.firmwareVersion, info.firmwareVersion);
  put(GetInfoResponseKey.maxCredBlobLength, info.maxCredBlobLength);
  put(GetInfoResponseKey.maxRPIDsForSetMinPINLength, info.maxRPIDsForSetMinPINLength);
  put(GetInfoResponseKey.preferredPlatformUvAttempts, info.preferredPlatformUvAttempts);
  put(GetInfoResponseKey.uvModality, info.uvModality);
  put(GetInfoResponseKey.certifications, info.certifications && new Map<string, CborValue>(Object.entries(info.certifications)));
  put(GetInfoResponseKey.remainingDiscoverableCredentials, info.remainingDiscoverableCredentials);
  return map;
}
