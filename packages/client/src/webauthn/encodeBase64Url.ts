/** Unpadded base64url, the encoding of every byte string in WebAuthn's JSON. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
