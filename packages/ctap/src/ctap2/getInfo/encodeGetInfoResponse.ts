import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { mapOfDefined } from '../mapOfDefined.js';
import { encodePublicKeyCredentialParameters } from '../makeCredential/encodePublicKeyCredentialParameters.js';
import { GetInfoResponseKey, type AuthenticatorInfo } from './AuthenticatorInfo.js';

/** The getInfo response map an authenticator sends; members that are undefined are left out. */
export function encodeGetInfoResponse(info: AuthenticatorInfo): CborMap {
  return mapOfDefined([
    [GetInfoResponseKey.versions, [...info.versions]],
    [GetInfoResponseKey.extensions, info.extensions && [...info.extensions]],
    [GetInfoResponseKey.aaguid, info.aaguid],
    [GetInfoResponseKey.options, info.options && mapOfDefined(Object.entries(info.options))],
    [GetInfoResponseKey.maxMsgSize, info.maxMsgSize],
    [GetInfoResponseKey.pinUvAuthProtocols, info.pinUvAuthProtocols && [...info.pinUvAuthProtocols]],
    [GetInfoResponseKey.maxCredentialCountInList, info.maxCredentialCountInList],
    [GetInfoResponseKey.maxCredentialIdLength, info.maxCredentialIdLength],
    [GetInfoResponseKey.transports, info.transports && [...info.transports]],
    [GetInfoResponseKey.algorithms, info.algorithms?.map(encodePublicKeyCredentialParameters)],
    [GetInfoResponseKey.maxSerializedLargeBlobArray, info.maxSerializedLargeBlobArray],
    [GetInfoResponseKey.forcePINChange, info.forcePINChange],
    [GetInfoResponseKey.minPINLength, info.minPINLength],
    [GetInfoResponseKey.firmwareVersion, info.firmwareVersion],
    [GetInfoResponseKey.maxCredBlobLength, info.maxCredBlobLength],
    [GetInfoResponseKey.maxRPIDsForSetMinPINLength, info.maxRPIDsForSetMinPINLength],
    [GetInfoResponseKey.preferredPlatformUvAttempts, info.preferredPlatformUvAttempts],
    [GetInfoResponseKey.uvModality, info.uvModality],
    [GetInfoResponseKey.certifications, info.certifications && new Map<string, CborValue>(Object.entries(info.certifications))],
    [GetInfoResponseKey.remainingDiscoverableCredentials, info.remainingDiscoverableCredentials],
  ]);
}
