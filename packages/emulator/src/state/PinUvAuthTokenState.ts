import { randomBytes } from 'node:crypto';
import { CtapError, CtapStatus, pinUvAuthProtocol } from '@keybridge/ctap';

/** CTAP 2.1 §6.5.2.1: a token may be used for 30 s after it was issued, and at most 10 min in all. */
export const INITIAL_USAGE_TIME_LIMIT_MS = 30_000;
export const MAX_USAGE_TIME_PERIOD_MS = 600_000;

/**
 * The authenticator's one pinUvAuthToken and what it may do: permissions, the rpId it is bound to, and the
 * user present / verified flags it carries. A new token value is drawn at power-up and whenever a new token
 * is issued, which invalidates every token handed out before.
 */
export class PinUvAuthTokenState {
  private token = randomBytes(32);
  private inUse = false;
  private permissions = 0;
  private rpId: string | undefined;
  private protocol = 0;
  private userPresent = false;
  private userVerified = false;
  private issuedAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Issues a fresh token with these permissions; returns its value (to be encrypted for the platform). */
  issue(protocol: number, permissions: number, rpId: string | undefined, userPresent = false): Uint8Array {
    this.token = randomBytes(32);
    this.inUse = true;
    this.protocol = protocol;
    this.permissions = permissions;
    this.rpId = rpId;
    this.userPresent = userPresent;
    this.userVerified = true;
    this.issuedAt = this.now();
    return Uint8Array.from(this.token);
  }

  /** Forgets the token (power cycle, PIN change, reset). */
  stopUsing(): void {
    this.token = randomBytes(32);
    this.inUse = false;
    this.permissions = 0;
    this.rpId = undefined;
    this.userPresent = false;
    this.userVerified = false;
  }

  private expired(): boolean {
    return this.now() - this.issuedAt > MAX_USAGE_TIME_PERIOD_MS;
  }

  /**
   * Checks a pinUvAuthParam made with the token over `message`, then that the token holds `permission`
   * and may be used for `rpId` (binding it when it is not bound yet, as the spec says for mc/ga).
   */
  verify(options: { protocol: number; pinUvAuthParam: Uint8Array; message: Uint8Array; permission: number; rpId?: string; bindRpId?: boolean }): void {
    const protocol = pinUvAuthProtocol(options.protocol);
    if (!this.inUse || this.expired()) {
      if (this.inUse) this.stopUsing();
      throw new CtapError(CtapStatus.PIN_AUTH_INVALID, 'no valid pinUvAuthToken');
    }
    if (options.protocol !== this.protocol) throw new CtapError(CtapStatus.PIN_AUTH_INVALID, 'token was issued for another protocol');
    if (!protocol.verify(this.token, options.message, options.pinUvAuthParam)) {
      throw new CtapError(CtapStatus.PIN_AUTH_INVALID, 'pinUvAuthParam does not verify');
    }
    if ((this.permissions & options.permission) === 0) {
      throw new CtapError(CtapStatus.PIN_AUTH_INVALID, `token lacks permission 0x${options.permission.toString(16)}`);
    }
    if (options.rpId !== undefined && this.rpId !== undefined && this.rpId !== options.rpId) {
      throw new CtapError(CtapStatus.PIN_AUTH_INVALID, 'token is bound to another rpId');
    }
    if (options.bindRpId && options.rpId !== undefined && this.rpId === undefined) this.rpId = options.rpId;
  }

  /** The user-present flag a token carries lapses after the initial usage window. */
  get userPresentFlag(): boolean {
    return this.inUse && this.userPresent && this.now() - this.issuedAt <= INITIAL_USAGE_TIME_LIMIT_MS;
  }

  get userVerifiedFlag(): boolean {
    return this.inUse && this.userVerified;
  }

  /** After makeCredential / getAssertion: the flags are spent and only the lbw permission survives. */
  consume(): void {
    this.userPresent = false;
    this.userVerified = false;
    this.permissions &= 0x10;
  }
}
