import type { PublicKeyCredentialParameters } from '../makeCredential/PublicKeyCredentialEntities.js';

/** authenticatorGetInfo response member keys (ctap-reference.md "getInfo (04) response"). */
export const GetInfoResponseKey = {
  versions: 0x01,
  extensions: 0x02,
  aaguid: 0x03,
  options: 0x04,
  maxMsgSize: 0x05,
  pinUvAuthProtocols: 0x06,
  maxCredentialCountInList: 0x07,
  maxCredentialIdLength: 0x08,
  transports: 0x09,
  algorithms: 0x0a,
  maxSerializedLargeBlobArray: 0x0b,
  forcePINChange: 0x0c,
  minPINLength: 0x0d,
  firmwareVersion: 0x0e,
  maxCredBlobLength: 0x0f,
  maxRPIDsForSetMinPINLength: 0x10,
  preferredPlatformUvAttempts: 0x11,
  uvModality: 0x12,
  certifications: 0x13,
  remainingDiscoverableCredentials: 0x14,
} as const;

/**
 * getInfo `options`: option id → value. An absent option means "not supported", which is not the same as false
 * (e.g. `clientPin: false` is "supported, no PIN set yet"). Ids this type does not name are kept as they come.
 */
export interface AuthenticatorInfoOptions {
  plat?: boolean;
  rk?: boolean;
  clientPin?: boolean;
  up?: boolean;
  uv?: boolean;
  pinUvAuthToken?: boolean;
  noMcGaPermissionsWithClientPin?: boolean;
  largeBlobs?: boolean;
  ep?: boolean;
  bioEnroll?: boolean;
  userVerificationMgmtPreview?: boolean;
  uvBioEnroll?: boolean;
  authnrCfg?: boolean;
  uvAcfg?: boolean;
  credMgmt?: boolean;
  credentialMgmtPreview?: boolean;
  setMinPINLength?: boolean;
  makeCredUvNotRqd?: boolean;
  alwaysUv?: boolean;
  [optionId: string]: boolean | undefined;
}

/** The authenticatorGetInfo response, typed. Only `versions` and `aaguid` are required by the spec. */
export interface AuthenticatorInfo {
  versions: string[];
  extensions?: string[];
  /** 16 bytes. */
  aaguid: Uint8Array;
  options?: AuthenticatorInfoOptions;
  maxMsgSize?: number;
  /** In the authenticator's order of preference. */
  pinUvAuthProtocols?: number[];
  maxCredentialCountInList?: number;
  maxCredentialIdLength?: number;
  transports?: string[];
  algorithms?: PublicKeyCredentialParameters[];
  maxSerializedLargeBlobArray?: number;
  forcePINChange?: boolean;
  /** In Unicode code points. */
  minPINLength?: number;
  firmwareVersion?: number;
  maxCredBlobLength?: number;
  maxRPIDsForSetMinPINLength?: number;
  preferredPlatformUvAttempts?: number;
  uvModality?: number;
  /** Certification name (e.g. "FIDO") → level. */
  certifications?: Record<string, number>;
  remainingDiscoverableCredentials?: number;
}
