import { describe, expect, it } from 'vitest';
import { prfSalt } from './prfSalt.js';

// SHA-256("WebAuthn PRF" || 0x00 || "salt one"), computed with Python's hashlib.
const SALT_ONE = 'd099aca5b0422a84fc170b2127ffc2f5a0d9ecb93f4dad7e942c3e5db6d6496e';

describe('prfSalt', () => {
  it('hashes the input under the WebAuthn PRF context, from base64url text or bytes alike', () => {
    const input = new TextEncoder().encode('salt one');
    expect(Buffer.from(prfSalt(Buffer.from(input).toString('base64url'), 'first')).toString('hex')).toBe(SALT_ONE);
    expect(Buffer.from(prfSalt(input, 'first')).toString('hex')).toBe(SALT_ONE);
    expect(Buffer.from(prfSalt(input.buffer, 'first')).toString('hex')).toBe(SALT_ONE);
    expect(Buffer.from(prfSalt(new Uint8Array([0, ...input, 0]).subarray(1, 9), 'first')).toString('hex')).toBe(SALT_ONE);
  });
});
