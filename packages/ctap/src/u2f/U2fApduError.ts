/**
 * A malformed U2F message, carrying the status word an authenticator answers it with
 * (e.g. 0x6700 WRONG_LENGTH, 0x6E00 CLA_NOT_SUPPORTED).
 */
export class U2fApduError extends Error {
  readonly statusWord: number;

  constructor(statusWord: number, detail: string) {
    super(`U2F status ${statusWord.toString(16).padStart(4, '0')}: ${detail}`);
    this.name = 'U2fApduError';
    this.statusWord = statusWord;
  }
}
