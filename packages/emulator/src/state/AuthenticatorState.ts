/**
 * What the emulated authenticator remembers across power cycles (and, with `--state FILE`, across runs).
 * Volatile state (PIN tokens, key agreement keys, pending getNextAssertion) lives in VolatileState instead.
 */
export interface StoredCredential {
  /** Credential id (U2F: key handle). */
  id: Uint8Array;
  rpIdHash: Uint8Array;
  /** Absent for credentials made through U2F, which only know the application parameter. */
  rpId?: string;
  rpName?: string;
  user?: { id: Uint8Array; name?: string; displayName?: string };
  /** COSE algorithm: -7 ES256 or -8 EdDSA. */
  algorithm: number;
  /** PKCS#8 DER of the credential private key. */
  privateKeyPkcs8: Uint8Array;
  discoverable: boolean;
  /** credProtect level 1, 2 or 3. */
  credProtect: number;
  /** Per-credential signature counter. */
  signCount: number;
  /** hmac-secret: CredRandomWithUV and CredRandomWithoutUV (32 bytes each), when the extension was requested. */
  hmacSecret?: { withUv: Uint8Array; withoutUv: Uint8Array };
  credBlob?: Uint8Array;
  /** Creation order, so that the newest discoverable credential comes first as real keys do. */
  createdAt: number;
  /** Made through CTAP1/U2F REGISTER. */
  u2f?: boolean;
}

export interface AuthenticatorState {
  /** LEFT(SHA-256(PIN), 16), as the spec has the authenticator store it; absent until a PIN is set. */
  pinHash?: Uint8Array;
  /** Length of the current PIN in Unicode code points, to check minPINLength. */
  pinCodePoints?: number;
  pinRetries: number;
  /** Built-in user verification attempts left (CTAP 2.1 §6.5.2.2); a correct PIN restores them. */
  uvRetries: number;
  forcePinChange: boolean;
  minPinLength: number;
  minPinLengthRpIds: string[];
  alwaysUv: boolean;
  credentials: StoredCredential[];
  /** Monotonic source for StoredCredential.createdAt. */
  creationCounter: number;
}

export const MAX_PIN_RETRIES = 8;
/** maxUvRetries: CTAP 2.1 wants 1 to 25; 5 as Chromium's virtual authenticator has it. */
export const MAX_UV_RETRIES = 5;
export const DEFAULT_MIN_PIN_LENGTH = 4;

export function createInitialState(): AuthenticatorState {
  return {
    pinRetries: MAX_PIN_RETRIES,
    uvRetries: MAX_UV_RETRIES,
    forcePinChange: false,
    minPinLength: DEFAULT_MIN_PIN_LENGTH,
    minPinLengthRpIds: [],
    alwaysUv: false,
    credentials: [],
    creationCounter: 0,
  };
}
