import { U2fStatusWord } from '@keybridge/ctap';

const namesByWord = new Map<number, string>(Object.entries(U2fStatusWord).map(([name, word]) => [word, name]));

/** A U2F device answered a status word other than 9000 (and other than the 6985 a session polls on). */
export class U2fStatusError extends Error {
  readonly statusWord: number;
  /** The status word's name, e.g. "WRONG_DATA" (a bad key handle); "UNKNOWN_0x6f00" for words without one. */
  readonly statusName: string;

  constructor(statusWord: number, detail?: string) {
    const hex = statusWord.toString(16).padStart(4, '0');
    const statusName = namesByWord.get(statusWord) ?? `UNKNOWN_0x${hex}`;
    super(`U2F status ${hex} (${statusName})${detail ? `: ${detail}` : ''}`);
    this.name = 'U2fStatusError';
    this.statusWord = statusWord;
    this.statusName = statusName;
  }
}
