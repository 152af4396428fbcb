import { describe, expect, it } from 'vitest';
import { pinHashLeft16 } from './pinHashLeft16.js';

describe('pinHashLeft16', () => {
  it('is the first 16 bytes of SHA-256 of the UTF-8 PIN', () => {
    // SHA-256("1234") = 03ac674216f3e15c761ee1a5e255f067953623c8b388b4459e13f978d7c846f4
    expect(Buffer.from(pinHashLeft16('1234')).toString('hex')).toBe('03ac674216f3e15c761ee1a5e255f067');
    expect(pinHashLeft16('pïn€').length).toBe(16);
    expect(Buffer.from(pinHashLeft16('pïn€')).equals(Buffer.from(pinHashLeft16('pin€')))).toBe(false);
  });
});
