import type { KeyObject } from 'node:crypto';
import type { KeyAgreementKeyPair } from '@keybridge/ctap';
import type { PendingAssertions } from './ctap2/getAssertion/PendingAssertions.js';
import type { CredentialEnumeration } from './ctap2/credentialManagement/CredentialEnumeration.js';
import type { AuthenticatorState } from './state/AuthenticatorState.js';
import type { BuiltInUvDecision } from './userVerification/BuiltInUvDecision.js';
import type { PinUvAuthTokenState } from './state/PinUvAuthTokenState.js';
import type { RequestContext } from './userPresence/RequestContext.js';
import type { UserPresenceRequest } from './userPresence/UserPresencePolicy.js';

export type AttestationMode = 'packed' | 'self' | 'none';

/** The batch certificate and key that sign `packed` (and `fido-u2f`) attestations. */
export interface AttestationMaterial {
  certificateDer: Uint8Array;
  privateKey: KeyObject;
}

/** Options resolved once at start-up. */
export interface AuthenticatorConfig {
  aaguid: Uint8Array;
  attestation: AttestationMode;
  attestationMaterial: AttestationMaterial;
  /** COSE algorithms offered, in preference order. */
  algorithms: number[];
  userPresenceTimeoutMs: number;
  /** reset is allowed only this long after power-up. */
  resetWindowMs: number;
  maxDiscoverableCredentials: number;
  maxCredentialIdLength: number;
  maxCredentialCountInList: number;
  maxCredBlobLength: number;
  maxMessageSize: number;
  /** CTAP2 may be switched off to emulate a U2F-only key. */
  ctap2: boolean;
  /** Signature counters: per credential, increasing (as keys do), or always 0 (see countSignature). */
  signCount: SignCountMode;
}

export type SignCountMode = 'increasing' | 'zero';

/** Lost at power-up, as on a real key. */
export interface VolatileState {
  poweredUpAt: number;
  pinToken: PinUvAuthTokenState;
  /** One key agreement key shared by PIN/UV auth protocols 1 and 2; renewed at power-up and after a wrong PIN. */
  keyAgreement: KeyAgreementKeyPair;
  /** Wrong PINs in a row since power-up; three block PIN entry until the next power cycle. */
  consecutivePinFailures: number;
  /** What getNextAssertion hands out next. */
  pendingAssertions?: PendingAssertions;
  /** What credentialManagement's enumerate-next sub-commands hand out next. */
  credentialEnumeration?: CredentialEnumeration;
}

/** What each command handler works with. */
export interface AuthenticatorCore {
  readonly config: AuthenticatorConfig;
  readonly state: AuthenticatorState;
  readonly volatile: VolatileState;
  /** Built-in user verification (a fingerprint sensor) and what the emulated finger does; undefined: the key has none. */
  readonly builtInUv: BuiltInUvDecision | undefined;
  now(): number;
  /** Writes the persistent state (atomically, when it is a file). Call after every change to `state`. */
  persist(): Promise<void>;
  /** Waits for a touch according to the user-presence policy; throws the CTAP status on deny/timeout/cancel. */
  userPresence(request: UserPresenceRequest, context: RequestContext): Promise<void>;
  /** U2F's presence check: true when a touch is at hand (and consumes it); never waits. */
  u2fTouch(): Promise<boolean>;
}
