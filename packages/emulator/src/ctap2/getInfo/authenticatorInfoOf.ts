import type { AuthenticatorInfo } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import {
  EMULATOR_FIRMWARE_VERSION,
  MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH,
  PREFERRED_PLATFORM_UV_ATTEMPTS,
  SUPPORTED_EXTENSIONS,
  SUPPORTED_PIN_UV_AUTH_PROTOCOLS,
  SUPPORTED_VERSIONS,
} from './getInfoConstants.js';

/**
 * What the emulator truthfully is right now, from its configuration and state. Options it does not support
 * are left out rather than set to false (absent = "not supported" in CTAP): built-in uv only with --uv, no
 * bioEnroll, no largeBlobs, no enterprise attestation (ep).
 */
export function authenticatorInfoOf(core: AuthenticatorCore): AuthenticatorInfo {
  const { config, state } = core;
  const builtInUv = core.builtInUv !== undefined;
  const discoverable = state.credentials.filter((credential) => credential.discoverable).length;
  return {
    versions: [...SUPPORTED_VERSIONS],
    extensions: [...SUPPORTED_EXTENSIONS],
    aaguid: config.aaguid,
    options: {
      rk: true,
      up: true,
      plat: false,
      clientPin: state.pinHash !== undefined,
      ...(builtInUv ? { uv: true } : {}),
      pinUvAuthToken: true,
      credMgmt: true,
      authnrCfg: true,
      setMinPINLength: true,
      makeCredUvNotRqd: true,
      alwaysUv: state.alwaysUv,
    },
    maxMsgSize: config.maxMessageSize,
    pinUvAuthProtocols: [...SUPPORTED_PIN_UV_AUTH_PROTOCOLS],
    maxCredentialCountInList: config.maxCredentialCountInList,
    maxCredentialIdLength: config.maxCredentialIdLength,
    transports: ['usb'],
    algorithms: config.algorithms.map((alg) => ({ alg, type: 'public-key' })),
    forcePINChange: state.forcePinChange,
    minPINLength: state.minPinLength,
    firmwareVersion: EMULATOR_FIRMWARE_VERSION,
    maxCredBlobLength: config.maxCredBlobLength,
    maxRPIDsForSetMinPINLength: MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH,
    ...(builtInUv ? { preferredPlatformUvAttempts: PREFERRED_PLATFORM_UV_ATTEMPTS } : {}),
    remainingDiscoverableCredentials: Math.max(0, config.maxDiscoverableCredentials - discoverable),
  };
}
