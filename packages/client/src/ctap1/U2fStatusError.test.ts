import { describe, expect, it } from 'vitest';
import { U2fStatusError } from './U2fStatusError.js';

describe('U2fStatusError', () => {
  it('names the status words of the reference and keeps unknown ones as hex', () => {
    expect(new U2fStatusError(0x6a80)).toMatchObject({ name: 'U2fStatusError', statusWord: 0x6a80, statusName: 'WRONG_DATA' });
    expect(new U2fStatusError(0x6d00).statusName).toBe('INS_NOT_SUPPORTED');
    const unknown = new U2fStatusError(0x6f00, 'REGISTER');
    expect(unknown.statusName).toBe('UNKNOWN_0x6f00');
    expect(unknown.message).toBe('U2F status 6f00 (UNKNOWN_0x6f00): REGISTER');
  });
});
