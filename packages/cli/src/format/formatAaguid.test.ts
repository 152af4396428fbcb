import { describe, expect, it } from 'vitest';
import { formatAaguid } from './formatAaguid.js';

describe('formatAaguid', () => {
  it('formats 16 bytes as a UUID', () => {
    expect(formatAaguid(Uint8Array.from(Buffer.from('00112233445566778899aabbccddeeff', 'hex')))).toBe('00112233-4455-6677-8899-aabbccddeeff');
  });
});
