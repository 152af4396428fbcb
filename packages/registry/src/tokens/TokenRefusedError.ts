/** Why a token was refused: a stable code, and the reason in words (shown to the client, never with the token). */
export type TokenRefusalCode =
  | 'malformed'
  | 'invalid'
  | 'caveat'
  | 'revoked'
  | 'expired'
  | 'not_yet_valid'
  | 'address'
  | 'user'
  | 'permission'
  | 'project';

export class TokenRefusedError extends Error {
  readonly code: TokenRefusalCode;

  constructor(code: TokenRefusalCode, reason: string) {
    super(reason);
    this.name = 'TokenRefusedError';
    this.code = code;
  }

  /** Refusals that say the token itself is bad (a guess, a typo, tampering): these count against the address's limit. */
  get isBadToken(): boolean {
    return this.code === 'malformed' || this.code === 'invalid';
  }
}
