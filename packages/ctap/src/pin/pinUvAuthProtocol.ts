import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { pinUvAuthProtocolOne } from './pinUvAuthProtocolOne.js';
import { pinUvAuthProtocolTwo } from './pinUvAuthProtocolTwo.js';

/**
 * One PIN/UV auth protocol (CTAP 2.1 §6.5.4): how a shared secret is derived from the ECDH result, how
 * PINs and tokens are encrypted under it, and how pinUvAuthParam is computed and checked.
 * Methods throw CtapError INVALID_PARAMETER for inputs they cannot process (wrong key or block sizes),
 * never a node:crypto error.
 */
export interface PinUvAuthProtocol {
  readonly version: 1 | 2;
  /** Shared secret from Z, the x-coordinate of the ECDH point (32 bytes for protocol 1, 64 for protocol 2). */
  kdf(z: Uint8Array): Uint8Array;
  encrypt(sharedSecret: Uint8Array, plaintext: Uint8Array): Uint8Array;
  decrypt(sharedSecret: Uint8Array, ciphertext: Uint8Array): Uint8Array;
  /** `key` is a shared secret or a pinUvAuthToken. */
  authenticate(key: Uint8Array, message: Uint8Array): Uint8Array;
  /** Constant-time check that `signature` equals authenticate(key, message). */
  verify(key: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** The protocol a request's pinUvAuthProtocol names; any other number is INVALID_PARAMETER. */
export function pinUvAuthProtocol(version: number): PinUvAuthProtocol {
  if (version === 1) return pinUvAuthProtocolOne;
  if (version === 2) return pinUvAuthProtocolTwo;
  throw new CtapError(CtapStatus.INVALID_PARAMETER, `unsupported pinUvAuthProtocol ${version}`);
}
