import { createHash } from 'node:crypto';

/** clientDataJSON as sent to the RP, and the SHA-256 the authenticator signs over. */
export interface ClientData {
  json: Uint8Array;
  hash: Uint8Array;
}

/**
 * CollectedClientData, serialized as browsers do (members in the order type, challenge, origin, crossOrigin).
 * The challenge is put in exactly as the RP sent it (base64url text), so the RP finds its own string back.
 */
export function makeClientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): ClientData {
  const json = new TextEncoder().encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  return { json, hash: new Uint8Array(createHash('sha256').update(json).digest()) };
}
