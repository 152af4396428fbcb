import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CtapStatus } from '../status/ctapStatus.js';
import { pinUvAuthProtocolTwo as two } from './pinUvAuthProtocolTwo.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';
import { toHex } from '../../../../test/support/hex.js';


const z = new Uint8Array(randomBytes(32));
const sharedSecret = two.kdf(z);

describe('pinUvAuthProtocolTwo', () => {
  it('derives HMAC key || AES key with HKDF-SHA-256, salt 32 zero bytes', () => {
    const salt = new Uint8Array(32);
    expect(sharedSecret.length).toBe(64);
    expect(toHex(sharedSecret.subarray(0, 32))).toBe(toHex(new Uint8Array(hkdfSync('sha256', z, salt, 'CTAP2 HMAC key', 32))));
    expect(toHex(sharedSecret.subarray(32))).toBe(toHex(new Uint8Array(hkdfSync('sha256', z, salt, 'CTAP2 AES key', 32))));
  });

  it('encrypts as random IV || AES-256-CBC under the AES half', () => {
    const plaintext = new Uint8Array(32).fill(0x42);
    const first = two.encrypt(sharedSecret, plaintext);
    const second = two.encrypt(sharedSecret, plaintext);
    expect(first.length).toBe(48);
    expect(toHex(first)).not.toBe(toHex(second));
    const cipher = createCipheriv('aes-256-cbc', sharedSecret.subarray(32), first.subarray(0, 16)).setAutoPadding(false);
    expect(toHex(first.subarray(16))).toBe(Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('hex'));
    expect(toHex(two.decrypt(sharedSecret, first))).toBe(toHex(plaintext));
    expect(toHex(two.decrypt(sharedSecret, second))).toBe(toHex(plaintext));
  });

  it('authenticates with the HMAC half of a shared secret, and with a whole 32-byte token', () => {
    const message = new TextEncoder().encode('newPinEnc');
    const withSecret = two.authenticate(sharedSecret, message);
    expect(withSecret.length).toBe(32);
    expect(toHex(withSecret)).toBe(createHmac('sha256', sharedSecret.subarray(0, 32)).update(message).digest('hex'));
    expect(toHex(withSecret)).not.toBe(createHmac('sha256', sharedSecret).update(message).digest('hex'));
    const token = new Uint8Array(randomBytes(32));
    expect(toHex(two.authenticate(token, message))).toBe(createHmac('sha256', token).update(message).digest('hex'));
  });

  it('verifies only the full 32-byte MAC', () => {
    const token = new Uint8Array(randomBytes(32));
    const message = new Uint8Array(32).fill(1);
    const mac = two.authenticate(token, message);
    expect(two.verify(token, message, mac)).toBe(true);
    expect(two.verify(token, message, mac.subarray(0, 16))).toBe(false);
    expect(two.verify(token, message, new Uint8Array([...mac, 0]))).toBe(false);
    expect(two.verify(sharedSecret, message, two.authenticate(sharedSecret, message))).toBe(true);
    expect(two.verify(sharedSecret, message, two.authenticate(sharedSecret.subarray(32), message))).toBe(false);
  });

  it.each([0, 15, 16, 31, 33, 40, 63])('answers INVALID_PARAMETER for a %d-byte ciphertext', (length) => {
    expect(ctapStatusOf(() => two.decrypt(sharedSecret, new Uint8Array(length)))).toBe(CtapStatus.INVALID_PARAMETER);
  });

  it('answers INVALID_PARAMETER for a shared secret that is not 64 bytes, or a partial plaintext block', () => {
    expect(ctapStatusOf(() => two.decrypt(sharedSecret.subarray(0, 32), new Uint8Array(32)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => two.encrypt(sharedSecret.subarray(0, 32), new Uint8Array(16)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => two.encrypt(sharedSecret, new Uint8Array(20)))).toBe(CtapStatus.INVALID_PARAMETER);
  });
});
