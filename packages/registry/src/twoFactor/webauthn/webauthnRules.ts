/** How long a ceremony's challenge stays good: time to find the key and touch it, and worthless afterwards. */
export const challengeLifetimeMs = 5 * 60 * 1000;
/** What the browser is told to wait for the key: well inside the challenge's life, so a late touch still finds it. */
export const ceremonyTimeoutMs = 2 * 60 * 1000;
/** Longest key name, in characters (the column is 64 wide). */
export const keyNameMaxLength = 64;
/** COSE algorithms offered, most wanted first: ES256 (every key has it), EdDSA, RS256 (TPMs). */
export const supportedAlgorithmIds: readonly number[] = [-7, -8, -257];

/*
 * Caps on the base64url members of a response, checked before anything decodes them, so that a hostile body costs
 * no CBOR or certificate parsing. Each is generous for real keys: credential ids are at most 1023 bytes (WebAuthn),
 * attestation objects with a certificate chain a few kilobytes.
 */
export const maxCredentialIdChars = 1364; // 1023 bytes
export const maxClientDataJsonChars = 8 * 1024;
export const maxAttestationObjectChars = 64 * 1024;
export const maxAuthenticatorDataChars = 16 * 1024;
export const maxSignatureChars = 2048;
export const maxUserHandleChars = 128;
/** Transports kept of those a client lists (others are dropped, as WebAuthn has RPs ignore unknown values). */
export const knownTransports: readonly string[] = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];
