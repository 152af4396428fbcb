import { createDecipheriv, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptTotpSecret, encryptTotpSecret, TotpSecretDecryptError } from './totpSecretCipher.js';

const secretKey = Buffer.alloc(32, 7);
const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

function refusal(decrypt: () => unknown): unknown {
  try {
    decrypt();
  } catch (error) {
    return error;
  }
  return 'decrypted';
}

/** Flips one bit of the decoded bytes at `index` (negative: from the end). */
function tampered(stored: string, index: number): string {
  const bytes = Buffer.from(stored, 'base64url');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString('base64url');
}

describe('totpSecretCipher', () => {
  it('round-trips, with a fresh iv each time', () => {
    const first = encryptTotpSecret(secretKey, 42, secret);
    const second = encryptTotpSecret(secretKey, 42, secret);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(first, 'base64url')).toHaveLength(12 + secret.length + 16);
    expect(decryptTotpSecret(secretKey, 42, first)).toBe(secret);
    expect(decryptTotpSecret(secretKey, 42, second)).toBe(secret);
  });

  it('is AES-256-GCM under HKDF-SHA-256(secret key, "keybridge totp secret v1"), the decimal user id as associated data', () => {
    // RFC 5869 by hand (empty salt = HashLen zero bytes; one block of output): pins the stored format.
    const prk = createHmac('sha256', Buffer.alloc(32)).update(secretKey).digest();
    const key = createHmac('sha256', prk).update(Buffer.concat([Buffer.from('keybridge totp secret v1'), Buffer.from([1])])).digest();
    const bytes = Buffer.from(encryptTotpSecret(secretKey, 1234, secret), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from('1234'));
    decipher.setAuthTag(bytes.subarray(-16));
    expect(Buffer.concat([decipher.update(bytes.subarray(12, -16)), decipher.final()]).toString()).toBe(secret);
  });

  it('does not decrypt for another user, under another server key, or once altered', () => {
    // A ciphertext whose base64 spelling differs from its base64url one (8% of random ones do not: the iv is random).
    let stored = encryptTotpSecret(secretKey, 42, secret);
    while (!/[-_]/.test(stored)) stored = encryptTotpSecret(secretKey, 42, secret);
    const attempts: Array<[string, () => unknown]> = [
      ['another user', () => decryptTotpSecret(secretKey, 43, stored)],
      ['another server key', () => decryptTotpSecret(Buffer.alloc(32, 8), 42, stored)],
      ['iv altered', () => decryptTotpSecret(secretKey, 42, tampered(stored, 0))],
      ['ciphertext altered', () => decryptTotpSecret(secretKey, 42, tampered(stored, 12))],
      ['tag altered', () => decryptTotpSecret(secretKey, 42, tampered(stored, -1))],
      ['truncated', () => decryptTotpSecret(secretKey, 42, stored.slice(0, -4))],
      ['only iv and tag', () => decryptTotpSecret(secretKey, 42, Buffer.from(stored, 'base64url').subarray(0, 28).toString('base64url'))],
      ['empty', () => decryptTotpSecret(secretKey, 42, '')],
      ['padded', () => decryptTotpSecret(secretKey, 42, `${stored}=`)],
      ['base64 rather than base64url', () => decryptTotpSecret(secretKey, 42, Buffer.from(stored, 'base64url').toString('base64'))],
      ['not base64 at all', () => decryptTotpSecret(secretKey, 42, 'not a ciphertext!')],
    ];
    for (const [what, attempt] of attempts) {
      const error = refusal(attempt);
      expect(error, what).toBeInstanceOf(TotpSecretDecryptError);
      // The message can reach a log: it names the user, never the stored text or the secret.
      expect((error as Error).message, what).toContain('user 4');
      expect((error as Error).message, what).not.toContain(stored.slice(0, 16));
      expect((error as Error).message, what).not.toContain(secret);
    }
  });

  it('refuses a user id that is not a non-negative integer', () => {
    expect(() => encryptTotpSecret(secretKey, 1.5, secret)).toThrow(TypeError);
    expect(() => decryptTotpSecret(secretKey, -1, encryptTotpSecret(secretKey, 1, secret))).toThrow(TypeError);
  });
});
