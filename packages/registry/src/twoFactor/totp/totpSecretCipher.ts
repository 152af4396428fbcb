import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * TOTP secrets at rest: AES-256-GCM under a key derived from the server's secret key, so a copy of the database
 * alone yields no secret. The user id (in decimal ASCII) is the associated data: a ciphertext copied into another user's row does not
 * decrypt, so nobody with write access to the table can give their own authenticator to someone else's account.
 * Stored as base64url (no padding) of iv (12) | ciphertext | tag (16).
 */
const keyLabel = 'keybridge totp secret v1';
const ivBytes = 12;
const tagBytes = 16;
const base64UrlShape = /^[A-Za-z0-9_-]+$/;

/** The secret does not decrypt: a different server key, or the row was altered or moved to another user. */
export class TotpSecretDecryptError extends Error {
  constructor(userId: number) {
    // Never the stored text nor anything derived from the secret: this message can reach a log.
    super(`The TOTP secret of user ${userId} does not decrypt (another server secret key, or the row was altered or moved)`);
    this.name = 'TotpSecretDecryptError';
  }
}

// HKDF (RFC 5869) with the label as info: domain-separated from the secret key's other uses (CSRF, API tokens).
function totpKey(secretKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), keyLabel, 32));
}

function associatedData(userId: number): Buffer {
  if (!Number.isSafeInteger(userId) || userId < 0) throw new TypeError('userId must be a non-negative integer');
  return Buffer.from(String(userId), 'ascii');
}

export function encryptTotpSecret(secretKey: Buffer, userId: number, secret: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', totpKey(secretKey), iv, { authTagLength: tagBytes });
  cipher.setAAD(associatedData(userId));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
}

/** The secret, or TotpSecretDecryptError for anything that is not exactly what encryptTotpSecret wrote for this user. */
export function decryptTotpSecret(secretKey: Buffer, userId: number, stored: string): string {
  const aad = associatedData(userId);
  if (typeof stored !== 'string' || !base64UrlShape.test(stored)) throw new TotpSecretDecryptError(userId);
  const bytes = Buffer.from(stored, 'base64url');
  // One spelling only (base64's spare bits zero), and room for an iv, a tag and at least one byte.
  if (bytes.toString('base64url') !== stored || bytes.length <= ivBytes + tagBytes) throw new TotpSecretDecryptError(userId);
  const decipher = createDecipheriv('aes-256-gcm', totpKey(secretKey), bytes.subarray(0, ivBytes), { authTagLength: tagBytes });
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)), decipher.final()]).toString('utf8');
  } catch {
    throw new TotpSecretDecryptError(userId);
  }
}
