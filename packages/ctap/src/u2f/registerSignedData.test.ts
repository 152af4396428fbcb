import { describe, expect, it } from 'vitest';
import { registerSignedData } from './registerSignedData.js';
import { toHex } from '../../../../test/support/hex.js';

const fill = (length: number, byte: number) => new Uint8Array(length).fill(byte);

describe('registerSignedData', () => {
  it('is 00 || application || challenge || keyHandle || userPublicKey', () => {
    expect(toHex(registerSignedData(fill(32, 0xaa), fill(32, 0xcc), fill(3, 0x11), fill(65, 0x04)))).toBe(
      '00' + 'aa'.repeat(32) + 'cc'.repeat(32) + '11'.repeat(3) + '04'.repeat(65),
    );
  });
});
