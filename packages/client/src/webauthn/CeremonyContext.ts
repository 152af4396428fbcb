import type { CborMap, CoseKey, PublicKeyCredentialUserEntity } from '@keybridge/ctap';
import type { CtapRequestOptions } from '../hid/CtapDevice.js';
import type { PinSource } from './obtainPinUvAuthToken.js';
import type { AuthenticationExtensionsClientOutputs } from './WebAuthnJson.js';

/** What every step of one ceremony shares (internal to the WebAuthn client). */
export interface CeremonyContext {
  rpId: string;
  clientDataHash: Uint8Array;
  /** For the requests that wait for a touch: signal, onKeepalive, and the RP's timeout. */
  touch: CtapRequestOptions;
  signal: AbortSignal | undefined;
  pinSource: PinSource;
}

/** A credential made by either protocol, before it becomes JSON. */
export interface MadeCredential {
  credentialId: Uint8Array;
  authenticatorData: Uint8Array;
  fmt: string;
  attStmt: CborMap;
  credentialPublicKey: CoseKey;
  clientExtensionResults: AuthenticationExtensionsClientOutputs;
}

/** An assertion made by either protocol, before it becomes JSON. */
export interface MadeAssertion {
  credentialId: Uint8Array;
  authenticatorData: Uint8Array;
  signature: Uint8Array;
  userHandle?: Uint8Array;
  clientExtensionResults: AuthenticationExtensionsClientOutputs;
}

/** One of several discoverable credentials that answered a get() without allowCredentials. */
export interface AccountChoice {
  credentialId: Uint8Array;
  /** What the key tells about the account (name and displayName only after user verification). */
  user?: PublicKeyCredentialUserEntity;
}
