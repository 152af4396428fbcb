/** getInfo firmwareVersion: the emulator's version 0.1.0 as major << 16 | minor << 8 | patch. */
export const EMULATOR_FIRMWARE_VERSION = 0x00_01_00;

/** getInfo maxRPIDsForSetMinPINLength: how many RP IDs authenticatorConfig setMinPINLength may list. */
export const MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH = 8;

/** What the emulator implements, in the order getInfo lists it. */
export const SUPPORTED_VERSIONS = ['U2F_V2', 'FIDO_2_0', 'FIDO_2_1'] as const;
export const SUPPORTED_EXTENSIONS = ['credProtect', 'hmac-secret', 'credBlob', 'minPinLength'] as const;
/** PIN/UV auth protocols, most preferred first. */
export const SUPPORTED_PIN_UV_AUTH_PROTOCOLS = [2, 1] as const;

/**
 * getInfo preferredPlatformUvAttempts, with built-in UV: above 1, so each getPinUvAuthTokenUsingUvWithPermissions
 * makes one attempt and the platform asks up to this many times (CTAP 2.1 §6.5.5.7.3 step 6), as fingerprint keys do.
 */
export const PREFERRED_PLATFORM_UV_ATTEMPTS = 3;
