import { createHash, randomBytes } from 'node:crypto';
import type { Ctap2Session, MakeCredentialResult } from '@keybridge/client';
import { PinUvAuthTokenPermissions } from '@keybridge/ctap';

/** Registers a discoverable ES256 credential through the client, as a browser would, under a fresh token from `pin`. */
export async function makeDiscoverableCredential(
  session: Ctap2Session,
  pin: string,
  rp: { id: string; name?: string },
  user: { name: string; displayName?: string },
  credProtect?: number,
): Promise<MakeCredentialResult> {
  const pinUvAuthToken = await session.clientPin.getPinUvAuthToken(pin, { permissions: PinUvAuthTokenPermissions.mc, rpId: rp.id });
  return session.makeCredential({
    clientDataHash: new Uint8Array(createHash('sha256').update(randomBytes(16)).digest()),
    rp,
    user: { id: new TextEncoder().encode(`user-${user.name}`), ...user },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    options: { rk: true },
    pinUvAuthToken,
    ...(credProtect === undefined ? {} : { extensions: { credProtect } }),
  });
}
