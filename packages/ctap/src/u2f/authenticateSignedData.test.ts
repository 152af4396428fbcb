import { describe, expect, it } from 'vitest';
import { authenticateSignedData } from './authenticateSignedData.js';
import { toHex } from '../../../../test/support/hex.js';

const fill = (length: number, byte: number) => new Uint8Array(length).fill(byte);

describe('authenticateSignedData', () => {
  it('is application || presence || counter (BE) || challenge', () => {
    expect(toHex(authenticateSignedData(fill(32, 0xaa), 1, 0x00000020, fill(32, 0xcc)))).toBe('aa'.repeat(32) + '01' + '00000020' + 'cc'.repeat(32));
    expect(toHex(authenticateSignedData(fill(32, 0), 0, 0xfffffffe, fill(32, 0))).slice(66, 74)).toBe('fffffffe');
  });
});
