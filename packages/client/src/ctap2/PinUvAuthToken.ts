import type { PinUvAuthProtocol } from '@keybridge/ctap';

/**
 * A pinUvAuthToken as the platform holds it: the token (never shown), the protocol it was issued under, and
 * what it was asked for. `authenticate` makes the pinUvAuthParam of a request (over clientDataHash for
 * makeCredential / getAssertion, over the sub-command message for credentialManagement and config).
 */
export class PinUvAuthToken {
  readonly #token: Uint8Array;

  constructor(
    readonly protocol: PinUvAuthProtocol,
    token: Uint8Array,
    /** The permissions asked for; undefined for a legacy getPinToken (0x05) token, which has mc|ga by default. */
    readonly permissions?: number,
    /** The permissions RP ID asked for, if any. */
    readonly rpId?: string,
  ) {
    this.#token = Uint8Array.from(token);
  }

  get protocolVersion(): 1 | 2 {
    return this.protocol.version;
  }

  /** pinUvAuthParam = authenticate(pinUvAuthToken, message) under the token's protocol. */
  authenticate(message: Uint8Array): Uint8Array {
    return this.protocol.authenticate(this.#token, message);
  }
}
